"""Demo applicants of the portal: a citizen (`citizen`, natural person) and an enterprise
(`qiye`, legal person), password as every demo account, so that /cases/mine/ and
/cases/apply/ can be tried without signing up.

The accounts are the ones the hall (`citizen`, with appointments) and the monitored enterprises
(`qiye`) demos create; this module runs after them (last in core.demo.CONTEXT_ORDER), creates
an account only if its context is absent, and gives each applicant cases of their own in
several statuses (received, supplement requested, in review, closed), an efficiency complaint
and a rating of their closed case — all through the cases and complaints services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from xiaoneng.cases import services as cases
from xiaoneng.cases.models import Case, Channel
from xiaoneng.catalog.models import ItemStatus, ServiceItem, ServiceItemVersion
from xiaoneng.complaints import services as complaints
from xiaoneng.complaints.models import Category, RatingChannel
from xiaoneng.complaints.models import Channel as ComplaintChannel
from xiaoneng.core.demo import DEMO_PASSWORD, DemoContext
from xiaoneng.core.models import Applicant, ApplicantKind, User, UserKind
from xiaoneng.workdays import add_workdays, is_workday


@dataclass(frozen=True)
class Persona:
    username: str
    kind: str
    name: str
    id_number: str
    phone: str
    items: tuple[str, ...]  # preferred online items, most typical first
    complaint: tuple[str, str]


PERSONAS = (
    Persona(
        "citizen",
        ApplicantKind.NATURAL_PERSON,
        "陈晓明",
        "360102199003071236",
        "13800000000",
        ("社会保障卡申领", "最低生活保障金给付", "个体工商户设立登记", "食品经营许可"),
        ("窗口办理社保卡等候时间过长", "上午在社保卡窗口排队两个小时才办理,希望增加窗口。"),
    ),
    Persona(
        "qiye",
        ApplicantKind.LEGAL_PERSON,
        "江州精密机械有限公司",
        "91330100MA2B3C4D5E",
        "13900000001",
        ("企业名称变更登记", "食品经营许可", "个体工商户设立登记", "社会保障卡申领"),
        ("许可审查进度不透明", "食品经营许可提交后一周没有任何进度通知,电话也无人接听。"),
    ),
)


def _account(persona: Persona) -> tuple[User, Applicant]:
    """The persona's portal account and applicant, created if no other demo made them."""
    account = User.objects.filter(username=persona.username).first()
    if account is None:
        account = User.objects.create(
            username=persona.username,
            kind=UserKind.APPLICANT,
            real_name=persona.name,
            password=make_password(DEMO_PASSWORD),
            password_changed_at=timezone.now(),
        )
    applicant = Applicant.objects.filter(account=account).order_by("pk").first()
    if applicant is None:
        applicant, _created = Applicant.objects.get_or_create(
            kind=persona.kind,
            id_number=persona.id_number,
            defaults={"name": persona.name, "phone": persona.phone},
        )
        applicant.account = account
        applicant.save(update_fields=["account"])
    return account, applicant


def _versions(persona: Persona) -> list[ServiceItemVersion]:
    online = {
        item.name: item.current_version
        for item in ServiceItem.objects.filter(
            status=ItemStatus.ACTIVE, current_version__is_online=True
        ).select_related("current_version")
        if item.current_version is not None
    }
    chosen = [online[name] for name in persona.items if name in online]
    chosen += [v for name, v in sorted(online.items()) if v not in chosen]
    return chosen[:4]


def _working_day_at(days_ago: int, hour: int) -> datetime:
    """A working day about `days_ago` calendar days back, at `hour` o'clock (China time)."""
    day = timezone.localdate() - timedelta(days=days_ago)
    while not is_workday(day):
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _closed_case(version: ServiceItemVersion, applicant: Applicant, account: User) -> Case:
    """Applied online 30 days ago, accepted, reviewed, approved, delivered and closed."""
    received = _working_day_at(30, 9)
    case = cases.case_submit(
        actor=None,
        item_version=version,
        applicant=applicant,
        channel=Channel.WEB,
        at=received,
        actor_name=applicant.name,
    )
    cases.case_accept(actor=None, case=case, at=received + timedelta(hours=1), actor_name="窗口")
    decided_on = add_workdays(received.date(), max(1, min(version.committed_limit_days, 3)))
    decided = timezone.make_aware(datetime.combine(decided_on, time(15, 0)))
    if not version.is_immediate:
        cases.case_start_review(
            actor=None, case=case, at=received + timedelta(hours=2), actor_name="审批科"
        )
    cases.case_approve(actor=None, case=case, at=decided, actor_name="审批科")
    cases.case_deliver(
        actor=None, case=case, method="网上送达", at=decided + timedelta(hours=1), actor_name="窗口"
    )
    cases.case_close(actor=None, case=case, at=decided + timedelta(hours=2), actor_name="窗口")
    return case


def _own_cases(persona: Persona, account: User, applicant: Applicant) -> Case | None:
    versions = _versions(persona)
    if not versions:
        return None
    closed = _closed_case(versions[0], applicant, account)
    if len(versions) > 1:  # in review, applied a week ago
        received = _working_day_at(7, 10)
        case = cases.case_submit(
            actor=None,
            item_version=versions[1],
            applicant=applicant,
            channel=Channel.WEB,
            at=received,
            actor_name=applicant.name,
        )
        cases.case_accept(
            actor=None, case=case, at=received + timedelta(hours=1), actor_name="窗口"
        )
        if not versions[1].is_immediate:
            cases.case_start_review(
                actor=None, case=case, at=received + timedelta(hours=2), actor_name="审批科"
            )
    if len(versions) > 2:  # applied today, the window asked for the missing materials at once
        case = cases.case_submit(
            actor=None,
            item_version=versions[2],
            applicant=applicant,
            channel=Channel.WEB,
            actor_name=applicant.name,
        )
        cases.case_request_supplement(
            actor=None, case=case, materials=["经营场所使用证明"], actor_name="窗口"
        )
    if len(versions) > 3:  # applied today, waiting at the window
        cases.case_submit(
            actor=None,
            item_version=versions[3],
            applicant=applicant,
            channel=Channel.WEB,
            actor_name=applicant.name,
        )
    return closed


def build(context: DemoContext) -> None:
    handler = context.users.get("handler")
    for persona in PERSONAS:
        account, applicant = _account(persona)
        closed = _own_cases(persona, account, applicant)
        if closed is None:
            continue
        complaints.rating_submit(
            case_number=closed.number,
            channel=RatingChannel.ONLINE,
            overall=2,
            dimensions={"efficiency": 1, "guide_accuracy": 2},
            comment="网上申请方便,承诺时限内办结。",
            rater_name=persona.name,
            rater_phone=persona.phone,
        )
        if handler is not None:
            complaints.complaint_submit(
                actor=handler,
                channel=ComplaintChannel.WEB,
                category=Category.EFFICIENCY,
                unit=closed.agency,
                title=persona.complaint[0],
                description=persona.complaint[1],
                complainant_name=persona.name,
                complainant_phone=persona.phone,
                account=account,
            )
