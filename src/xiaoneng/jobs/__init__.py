"""Background work: the task queue's worker, schedule, leases, retries and the import jobs.

The queue itself is django-tasks with its database backend (settings.TASKS, the task-queue ADR);
this context adds what the platform needs around it: one sweep at a time (`leases`), a schedule
the worker keeps (`schedule`), retries with back-off (`retry`), import jobs with progress, and
the pages where the system administrator sees failed tasks.
"""
