"""Synthetic case history: a realistic year of cases over the catalog, as import lines.

The generator writes the same JSON Lines the historical import reads (docs/cases.md), so
synthetic cases go through exactly the same services and rules as imported and live ones:
`xiaoneng synth --cases N --seed S` generates and imports, `--output FILE` only writes.

Shape of the year (rough shares, seeded): 3 % refused at the window, 12 % asked to supplement
(a few twice: a one-time-notice breach), 2 % left without notice (deemed accepted), 2 %
withdrawn, 0.5 % terminated; accepted promised cases go to review, 8 % pause for a special
procedure, 5 % are extended, joint items collect co-department opinions (some late, some
decided without), forwarded items are sent up and answered, 6 % are denied, 7 % decided after
the committed deadline, 2 % delivered late.  Events after ``until`` are cut off, so the last
weeks leave open cases in every state.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from xiaoneng.catalog.models import ItemStatus, ServiceItem
from xiaoneng.workdays import add_workdays, is_workday

TZ = ZoneInfo("Asia/Shanghai")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建国志红晓东海燕鹏飞婷雪梅文博宇浩然子涵欣怡思远"
PROCEDURES = [
    "hearing",
    "tender",
    "auction",
    "inspection",
    "testing",
    "quarantine",
    "appraisal",
    "expert_review",
]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
REGIONS = ["110101", "110105", "110108", "310104"]  # codes python-stdnum knows


@dataclass(frozen=True)
class SynthItem:
    """What the generator needs to know about an item version."""

    code: str
    version: int
    is_immediate: bool
    committed_days: int
    is_joint: bool
    co_departments: tuple[str, ...]
    is_forwarded: bool
    has_fee: bool
    steps: int
    is_online: bool


def resident_id(rng: random.Random) -> str:
    """A valid GB 11643 resident ID (check character computed)."""
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    body = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))


class _Clock:
    """Moves forward through working days and hours of a case."""

    def __init__(self, rng: random.Random, start: datetime) -> None:
        self.rng = rng
        self.now = start

    def day(self) -> date:
        return self.now.astimezone(TZ).date()

    def later(self, minutes: int = 30) -> datetime:
        self.now = self.now + timedelta(minutes=self.rng.randint(5, minutes))
        return self.now

    def after_workdays(self, n: int) -> datetime:
        if n <= 0:
            return self.later()
        target = add_workdays(self.day(), n)
        self.now = datetime.combine(
            target, time(self.rng.randint(9, 16), self.rng.randint(0, 59)), TZ
        )
        return self.now


def generate(
    *,
    cases: int,
    seed: int,
    items: list[SynthItem],
    until: date,
    days: int = 365,
    prefix: str = "SY",
) -> Iterator[dict[str, Any]]:
    """Import lines for ``cases`` synthetic cases received in the ``days`` before ``until``."""
    if not items:
        return
    rng = random.Random(seed)  # noqa: S311  (synthetic data, not security)
    first = until - timedelta(days=days)
    workdays = [
        first + timedelta(days=i) for i in range(days + 1) if is_workday(first + timedelta(days=i))
    ]
    applicants = [
        {"kind": "natural", "name": person(rng), "id_number": resident_id(rng)}
        for _ in range(max(1, cases // 3))
    ]
    staff = [person(rng) for _ in range(40)]
    end = datetime.combine(until, time(23, 59), TZ)
    for index in range(cases):
        item = rng.choice(items)
        received = datetime.combine(
            rng.choice(workdays), time(rng.randint(8, 16), rng.randint(0, 59)), TZ
        )
        number = f"{prefix}{seed:03d}{index + 1:08d}"
        lines = list(_case_lines(rng, number, item, received, rng.choice(applicants), staff))
        for seq, line in enumerate((ln for ln in lines if ln["occurred_at"] <= end), start=1):
            line["sequence"] = seq
            line["occurred_at"] = line["occurred_at"].isoformat()
            yield line


def _case_lines(
    rng: random.Random,
    number: str,
    item: SynthItem,
    received: datetime,
    applicant: dict[str, str],
    staff: list[str],
) -> Iterator[dict[str, Any]]:
    clock = _Clock(rng, received)
    clerk, reviewer, head = rng.choice(staff), rng.choice(staff), rng.choice(staff)
    channel = rng.choices(["window", "web", "mobile", "post"], [50, 30, 15, 5])[0]
    if channel in ("web", "mobile") and not item.is_online:
        channel = "window"

    def line(kind: str, at: datetime, actor: str, **fields: Any) -> dict[str, Any]:
        return {"case": number, "kind": kind, "occurred_at": at, "actor": actor, **fields}

    yield line(
        "submitted",
        received,
        clerk,
        item=item.code,
        item_version=item.version,
        channel=channel,
        applicant=applicant,
        is_green_channel=rng.random() < 0.03,
    )
    roll = rng.random()
    if roll < 0.03:
        yield line(
            "refused",
            clock.later(60),
            clerk,
            reason="申请事项不属于本机关职权范围",
            legal_basis="《中华人民共和国行政许可法》第三十二条第一款第二项",
        )
        return
    if roll < 0.05:
        yield line(
            "withdrawn", clock.after_workdays(rng.randint(0, 2)), "申请人", reason="申请人主动撤回"
        )
        return
    if roll < 0.17:
        yield line(
            "supplement_requested",
            clock.later(90),
            clerk,
            materials=["营业执照副本", "法定代表人身份证明"],
        )
        yield line("supplemented", clock.after_workdays(rng.randint(1, 5)), "申请人")
        if rng.random() < 0.05:
            yield line("supplement_requested", clock.later(60), clerk, materials=["场所证明"])
            yield line("supplemented", clock.after_workdays(rng.randint(1, 3)), "申请人")
    if roll < 0.19 and roll >= 0.17:
        clock.after_workdays(6)  # nobody acted: deemed accepted on the day of receipt
    yield line("accepted", clock.later(60), clerk)
    if rng.random() < 0.005:
        yield line("terminated", clock.after_workdays(2), head, reason="申请人依法终止")
        return
    limit = item.committed_days
    decided_late = rng.random() < 0.07
    if item.is_immediate:
        yield line("approved", clock.later(90), reviewer)
    else:
        yield line("review_started", clock.after_workdays(rng.randint(0, 1)), reviewer, assignee="")
        budget = max(1, limit - 1)
        if item.is_joint and item.co_departments:
            yield line(
                "opinions_requested", clock.later(), reviewer, departments=list(item.co_departments)
            )
            skipped = rng.random() < 0.05
            for dept in item.co_departments:
                if skipped:
                    break
                late = rng.random() < 0.1
                yield line(
                    "opinion_given",
                    clock.after_workdays(8 if late else rng.randint(1, 5)),
                    person(rng),
                    department=dept,
                    opinion="同意",
                    agrees=True,
                )
        if item.is_forwarded:
            yield line("forwarded", clock.later(), reviewer, to="省级主管部门")
            yield line(
                "forward_replied", clock.after_workdays(rng.randint(2, 6)), reviewer, reply="同意"
            )
        if rng.random() < 0.08:
            yield line(
                "special_procedure_started",
                clock.after_workdays(1),
                reviewer,
                procedure=rng.choice(PROCEDURES),
                reason="依法需要组织专家评审",
                expected_workdays=rng.randint(3, 15),
            )
            yield line(
                "special_procedure_ended", clock.after_workdays(rng.randint(3, 15)), reviewer
            )
        if rng.random() < 0.05:
            yield line(
                "extended",
                clock.later(),
                reviewer,
                reason="情况复杂，需延长审查期限",
                approver=head,
            )
        wait = budget + (rng.randint(2, 6) if decided_late else -rng.randint(0, budget - 1))
        clock.after_workdays(max(0, wait // 2))
        extra = {"went_ahead_reason": "协办部门逾期未反馈"} if item.is_joint else {}
        if rng.random() < 0.06:
            yield line(
                "denied",
                clock.after_workdays(max(0, wait - wait // 2)),
                head,
                reason="申请材料不符合法定条件",
                legal_basis="《中华人民共和国行政许可法》第三十八条",
                remedies="可于六十日内申请行政复议或六个月内提起行政诉讼",
                **extra,
            )
        else:
            fee = {"fee_charged": "100.00"} if item.has_fee else {}
            yield line(
                "approved", clock.after_workdays(max(0, wait - wait // 2)), head, **fee, **extra
            )
    late_delivery = rng.random() < 0.02
    yield line(
        "delivered",
        clock.after_workdays(12 if late_delivery else rng.randint(0, 3)),
        clerk,
        method=rng.choice(["窗口领取", "邮寄送达", "电子证照"]),
    )
    yield line("closed", clock.after_workdays(rng.choice([0, 0, 1, 2])), clerk)


def catalog_items() -> list[SynthItem]:
    """Every active item of the catalog with a current version."""
    result = []
    for item in (
        ServiceItem.objects.filter(status=ItemStatus.ACTIVE, current_version__isnull=False)
        .select_related("current_version")
        .prefetch_related("current_version__co_departments__organization", "current_version__steps")
    ):
        v = item.current_version
        assert v is not None
        result.append(
            SynthItem(
                code=item.implementation_code,
                version=v.version,
                is_immediate=v.is_immediate,
                committed_days=v.committed_limit_days,
                is_joint=v.is_joint,
                co_departments=tuple(cd.organization.name for cd in v.co_departments.all()),
                is_forwarded=v.forward_to_level is not None,
                has_fee=v.has_fee,
                steps=len(v.steps.all()),
                is_online=v.is_online,
            )
        )
    return result
