"""Notifications (通知): messages to applicants and staff, in-site, by e-mail and by SMS.

Every message is written to an outbox inside the caller's transaction and delivered by a task
with retries; every delivery is logged with its status. See docs/notifications.md.
"""
