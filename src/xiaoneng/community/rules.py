"""The ten rules' figures and lists, as data (seed document 2, DOMAIN.md §5).

Quotas default to the figures of the ten rules and can be changed per deployment with the
`COMMUNITY_RULES` setting (a dict of `Quotas` field names), e.g.
`COMMUNITY_RULES = {"street_meetings_per_month": 3}`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Quotas:
    """Rule 5 (meetings), rule 6 (inspections, evaluation), rule 10 (rectification)."""

    district_meetings_per_year: int = 2  # rule 5: 区级组织的会议每年不得超过2次
    street_meetings_per_month: int = 4  # rule 5: 街道组织的会议每月不得超过4次
    routine_meetings_per_week: int = 1  # rule 5: 每周只召开一次工作例会 (not counted above)
    street_inspections_per_month: int = 3  # rule 6: 街道对社区工作的检查每月不超过3次
    resident_opinion_min_weight: int = 50  # rule 6: 以社区居民的评价意见为主 (percent)
    rectification_workdays: int = 10  # rule 10: 责令限期整改 (working days)


def quotas() -> Quotas:
    """The quotas in force: defaults overridden by settings.COMMUNITY_RULES."""
    overrides = getattr(settings, "COMMUNITY_RULES", None) or {}
    known = {f.name for f in fields(Quotas)}
    return replace(Quotas(), **{k: int(v) for k, v in overrides.items() if k in known})


class CertificateType(models.TextChoices):
    """Rule 7: what the committee's seal may certify — facts it can know first-hand."""

    RESIDENCE = "residence", _("Residence")
    POLITICAL_REVIEW = "political_review", _("Political review")
    RELIEF = "relief", _("Application for relief")
    PENSION = "pension", _("Pensions and compensation for martyrs' families")
    OLD_AGE_ALLOWANCE = "old_age_allowance", _("Old-age allowance")
    DISABILITY_SUPPORT = "disability_support", _("Disability support")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance of employees and residents")
    FAMILY_PLANNING = "family_planning", _("Family planning (marriage and childbirth situation)")
    EMPLOYMENT_SUPPORT = "employment_support", _("Employment support")
    STUDENT_AID = "student_aid", _("Student aid for children")
    FEE_REDUCTION = "fee_reduction", _("Reduction of school fees")
    YOUTH_PRACTICE = "youth_practice", _("Youth out-of-school practice")
    VOLUNTEERING = "volunteering", _("Volunteer service")


class ProhibitedCertificate(models.TextChoices):
    """The national list of certificates communities may not issue (民发〔2020〕20号, 20 kinds)."""

    KINSHIP = "kinship", _("Kinship")
    IDENTITY = "identity", _("Identity information")
    HOUSEHOLD_CHANGE = "household_change", _("Household-registration changes")
    DOG_KEEPING = "dog_keeping", _("Dog keeping")
    NO_CRIMINAL_RECORD = "no_criminal_record", _("No criminal record")
    COMMUNITY_CORRECTION = "community_correction", _("Community rehabilitation status")
    MISSING_PERSON = "missing_person", _("Missing person")
    MARITAL_STATUS = "marital_status", _("Marital status")
    BIRTH = "birth", _("Birth")
    BEING_ALIVE = "being_alive", _("Being alive")
    DEATH = "death", _("Death")
    ILLNESS = "illness", _("Illness")
    DISABILITY_STATUS = "disability_status", _("Disability status")
    CHILDBEARING = "childbearing", _("Childbearing status")
    EMPLOYMENT_STATUS = "employment_status", _("Employment status")
    PERSONAL_FILES = "personal_files", _("Personal files")
    PROPERTY = "property", _("Property")
    INHERITANCE = "inheritance", _("Inheritance rights")
    BUSINESS_PREMISES = "business_premises", _("Business premises")
    LOST_DOCUMENTS = "lost_documents", _("Loss of documents")


# Where the resident should go instead (民发〔2020〕20号 lists the competent authority per kind).
PROHIBITED_REFERRALS: dict[str, Promise] = {
    ProhibitedCertificate.KINSHIP: _(
        "Public security organ (household register), notary office or the civil-affairs "
        "marriage registry; or a personal written commitment."
    ),
    ProhibitedCertificate.IDENTITY: _("Public security organ (resident identity card)."),
    ProhibitedCertificate.HOUSEHOLD_CHANGE: _("Public security organ (household register)."),
    ProhibitedCertificate.DOG_KEEPING: _(
        "Public security organ or the dog-management department that registers dogs."
    ),
    ProhibitedCertificate.NO_CRIMINAL_RECORD: _("Public security organ."),
    ProhibitedCertificate.COMMUNITY_CORRECTION: _(
        "Judicial administration (community correction office)."
    ),
    ProhibitedCertificate.MISSING_PERSON: _(
        "Public security organ (missing-person report) or a court declaration."
    ),
    ProhibitedCertificate.MARITAL_STATUS: _(
        "Civil-affairs marriage registry, or a personal written commitment."
    ),
    ProhibitedCertificate.BIRTH: _("Hospital birth certificate (health department)."),
    ProhibitedCertificate.BEING_ALIVE: _(
        "Data sharing between departments, face recognition, or a home visit by the agency "
        "asking for it."
    ),
    ProhibitedCertificate.DEATH: _(
        "Hospital, public security organ or funeral home death certificate."
    ),
    ProhibitedCertificate.ILLNESS: _("Medical institution."),
    ProhibitedCertificate.DISABILITY_STATUS: _(
        "Disabled persons' federation (disability certificate)."
    ),
    ProhibitedCertificate.CHILDBEARING: _("Health department or a personal written commitment."),
    ProhibitedCertificate.EMPLOYMENT_STATUS: _(
        "Human resources and social security department, or the employer."
    ),
    ProhibitedCertificate.PERSONAL_FILES: _("The archive holding the personal file."),
    ProhibitedCertificate.PROPERTY: _("Real-estate registration authority."),
    ProhibitedCertificate.INHERITANCE: _("Notary office or court."),
    ProhibitedCertificate.BUSINESS_PREMISES: _(
        "Market regulation department; a personal commitment about the premises."
    ),
    ProhibitedCertificate.LOST_DOCUMENTS: _(
        "The authority that issued the document, or a public notice of loss."
    ),
}

# Rule 7: 社区居委会印章不能使用于任何承担法律责任及经济连带责任的证明.
LIABILITY_WORDS = (
    "担保",
    "保证",
    "连带",
    "赔偿",
    "债务",
    "贷款",
    "guarantee",
    "surety",
    "liability",
    "loan",
    "debt",
)


class SignKind(models.TextChoices):
    PARTY_ORGANIZATION = "party_organization", _("Community party organization")
    RESIDENTS_COMMITTEE = "residents_committee", _("Residents' committee")
    SERVICE_STATION = "service_station", _("Community service station (centre)")
    COMMUNITY_MARK = "community_mark", _("National community mark")
    ROOM = "room", _("Room identification sign")
    OTHER = "other", _("Other sign")


# Rule 3: 对外只悬挂社区党组织、社区居民委员会、社区服务站三块牌子和民政部统一的社区标识.
OUTSIDE_ALLOWED_SIGNS = frozenset(
    {
        SignKind.PARTY_ORGANIZATION,
        SignKind.RESIDENTS_COMMITTEE,
        SignKind.SERVICE_STATION,
        SignKind.COMMUNITY_MARK,
    }
)

# Rule 6: 不得以台账、奖牌、挂牌为评估指标.
FORBIDDEN_INDICATOR_WORDS = ("台账", "奖牌", "挂牌", "牌子", "标牌", "ledger", "plaque", "sign")


@dataclass(frozen=True)
class TenRule:
    number: int
    title: Promise
    summary: Promise


# Rule 3 (有条件的社区可采用电子屏…集中展现): the ten rules themselves, for the community's screen
# instead of boards on its walls. Titles and summaries follow seed document 2.
TEN_RULES = (
    TenRule(
        1,
        _("Clear duties"),
        _(
            "The committee assists the government only with the tasks on the task list; it "
            "organizes residents' self-government."
        ),
    ),
    TenRule(
        2,
        _("Admission approval"),
        _(
            "Any other task needs admission approval; authority and funding follow the task. "
            "No duties or quotas are pushed onto the committee."
        ),
    ),
    TenRule(
        3,
        _("Signs and plaques"),
        _(
            "Outside only the party organization, the residents' committee, the service station "
            "and the national community mark; one sign per inner room; rules shown on screens."
        ),
    ),
    TenRule(
        4,
        _("Fewer ledgers"),
        _(
            "A work record book replaces ledgers; unapproved paper ledgers are abolished; "
            "electronic archives."
        ),
    ),
    TenRule(
        5,
        _("Fewer meetings"),
        _(
            "District meetings at most 2 a year, street meetings at most 4 a month, one weekly "
            "routine meeting; a street department's meeting needs the street head's approval."
        ),
    ),
    TenRule(
        6,
        _("Fewer evaluations and inspections"),
        _(
            "One combined evaluation a year, residents' opinion the main part; a street "
            "inspects a community at most 3 times a month."
        ),
    ),
    TenRule(
        7,
        _("The seal"),
        _(
            "Certificates only within the allowed list; never one carrying legal or economic "
            "liability."
        ),
    ),
    TenRule(
        8,
        _("Stronger self-government"),
        _(
            "Residents' meetings, deliberation, hearings, the online forum and building "
            "autonomy; community affairs are disclosed."
        ),
    ),
    TenRule(
        9,
        _("More efficient service"),
        _(
            "Grid responsibility, agency service, service pledges, household visits; staggered "
            "hours, all-day duty and holiday rotas."
        ),
    ),
    TenRule(
        10,
        _("Supervision of implementation"),
        _("Violations of these rules are held to account with a deadline for rectification."),
    ),
)
