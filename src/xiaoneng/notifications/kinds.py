"""What a message is about (its kind), which placeholders its template may use, and which
kinds are statutory notices that no one may opt out of.

Statutory notices (行政许可法):
- Art. 32 (2): accepting an application (or refusing to) is confirmed to the applicant in
  writing, sealed and dated (受理凭证) — the acceptance notice, deemed acceptance included.
- Art. 32 (4): when materials are incomplete the agency must tell the applicant, on the spot or
  within 5 working days and in ONE notice, everything to be supplemented (一次性告知) — the
  supplement notice.
- Art. 32 (1)–(2), Art. 38: a refusal to accept, and a decision to deny, are written decisions
  that give the reasons and the applicant's remedies.
- Art. 38, Art. 44: the decision is made in writing and delivered (送达) within 10 working days.
These are delivered in-site and on every channel the applicant has, whatever their opt-outs.
Everything else (delivery notices, staff reminders and alerts) is informational: e-mail and SMS
may be opted out of; the in-site message is always written.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    CASE_ACCEPTED = "case_accepted", _("Application accepted")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("One-time supplement notice")
    CASE_REFUSED = "case_refused", _("Application refused")
    CASE_DECIDED = "case_decided", _("Decision made")
    CASE_DELIVERED = "case_delivered", _("Certificate or decision delivered")
    DEADLINE_YELLOW = "deadline_yellow", _("Deadline near (yellow light)")
    DEADLINE_RED = "deadline_red", _("Deadline passed (red light)")
    COMPLAINT_REPLY_DUE = "complaint_reply_due", _("Complaint reply due")
    ALERT = "alert", _("Other alert")


class Channel(models.TextChoices):
    IN_SITE = "in_site", _("In-site message")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


#: Kinds no one may opt out of, with the legal source (see the module docstring).
STATUTORY_KINDS: dict[str, str] = {
    MessageKind.CASE_ACCEPTED: "行政许可法 Art. 32 (2)",
    MessageKind.SUPPLEMENT_REQUESTED: "行政许可法 Art. 32 (4)",
    MessageKind.CASE_REFUSED: "行政许可法 Art. 32 (1)–(2)",
    MessageKind.CASE_DECIDED: "行政许可法 Art. 38, Art. 44",
}

_CASE = ("case_number", "item_name", "applicant_name", "agency_name", "link")

#: The placeholders each kind's templates may use ({case_number} etc.).
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    MessageKind.CASE_ACCEPTED: (*_CASE, "accepted_on", "due_on"),
    MessageKind.SUPPLEMENT_REQUESTED: (*_CASE, "materials", "reason"),
    MessageKind.CASE_REFUSED: (*_CASE, "reason"),
    MessageKind.CASE_DECIDED: (*_CASE, "decision", "reason", "due_on"),
    MessageKind.CASE_DELIVERED: (*_CASE, "delivered_on", "method"),
    MessageKind.DEADLINE_YELLOW: (*_CASE, "due_on", "days_left"),
    MessageKind.DEADLINE_RED: (*_CASE, "due_on", "days_left"),
    MessageKind.COMPLAINT_REPLY_DUE: ("complaint_number", "subject", "due_on", "link"),
    MessageKind.ALERT: ("title", "body", "link"),
}


def is_statutory(kind: str) -> bool:
    return kind in STATUTORY_KINDS
