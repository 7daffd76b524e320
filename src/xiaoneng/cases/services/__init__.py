"""Case use cases (办件): one typed function per action, each owning its transaction,
checking permission, recording an immutable CaseEvent and sending `case_event_recorded`.

Portal, workbench, API, import and synth all call these functions.
"""

from xiaoneng.cases.services._base import importing
from xiaoneng.cases.services.decision import (
    case_approve,
    case_close,
    case_deliver,
    case_deny,
    case_terminate,
    case_withdraw,
)
from xiaoneng.cases.services.intake import (
    case_accept,
    case_deem_accepted,
    case_deem_accepted_overdue,
    case_refuse,
    case_request_supplement,
    case_submit,
    case_supplement,
)
from xiaoneng.cases.services.review import (
    case_end_special_procedure,
    case_extend,
    case_finish_step,
    case_forward,
    case_forward_reply,
    case_give_opinion,
    case_request_opinions,
    case_start_review,
    case_start_special_procedure,
    meeting_record,
)

__all__ = [
    "case_accept",
    "case_approve",
    "case_close",
    "case_deem_accepted",
    "case_deem_accepted_overdue",
    "case_deliver",
    "case_deny",
    "case_end_special_procedure",
    "case_extend",
    "case_finish_step",
    "case_forward",
    "case_forward_reply",
    "case_give_opinion",
    "case_refuse",
    "case_request_opinions",
    "case_request_supplement",
    "case_start_review",
    "case_start_special_procedure",
    "case_submit",
    "case_supplement",
    "case_terminate",
    "case_withdraw",
    "importing",
    "meeting_record",
]
