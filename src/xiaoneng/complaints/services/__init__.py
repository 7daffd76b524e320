"""Use cases of the complaints context (one typed function each, STYLE.md rule 1)."""

from xiaoneng.complaints.services.complaints import (
    complaint_accept,
    complaint_add_outcome,
    complaint_close,
    complaint_conclude,
    complaint_decline,
    complaint_extend,
    complaint_follow_up,
    complaint_handle_directly,
    complaint_investigate,
    complaint_rate_reply,
    complaint_reply,
    complaint_submit,
    complaint_transfer,
    limit_for,
)
from xiaoneng.complaints.services.consultations import (
    consultation_answer,
    consultation_ask,
    consultation_set_published,
)
from xiaoneng.complaints.services.ratings import (
    rating_appeal,
    rating_call_back,
    rating_decide_appeal,
    rating_explain,
    rating_order_rectification,
    rating_rectify,
    rating_submit,
)

__all__ = [
    "complaint_accept",
    "complaint_add_outcome",
    "complaint_close",
    "complaint_conclude",
    "complaint_decline",
    "complaint_extend",
    "complaint_follow_up",
    "complaint_handle_directly",
    "complaint_investigate",
    "complaint_rate_reply",
    "complaint_reply",
    "complaint_submit",
    "complaint_transfer",
    "consultation_answer",
    "consultation_ask",
    "consultation_set_published",
    "limit_for",
    "rating_appeal",
    "rating_call_back",
    "rating_decide_appeal",
    "rating_explain",
    "rating_order_rectification",
    "rating_rectify",
    "rating_submit",
]
