"""Organizations, people, roles, applicants, audit trail, numbering and notifications."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiaoneng.core.roles import ADMIN_ROLES, Role


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    STREET_OFFICE = "street_office", _("Town or street office")
    COMMUNITY = "community", _("Community or village")
    DEPARTMENT = "department", _("Department")
    SERVICE_CENTRE = "service_centre", _("Administrative service centre")
    EFFICIENCY_OFFICE = "efficiency_office", _("Efficiency office")
    COMPLAINT_CENTRE = "complaint_centre", _("Efficiency complaint centre")
    HR_OFFICE = "hr_office", _("Human resources")
    EVALUATION_OFFICE = "evaluation_office", _("Evaluation office")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs bureau")
    STREET_DEPARTMENT = "street_department", _("Street-office department")


AGENCY_KINDS = frozenset(
    {
        OrganizationKind.DEPARTMENT,
        OrganizationKind.SERVICE_CENTRE,
        OrganizationKind.EFFICIENCY_OFFICE,
        OrganizationKind.COMPLAINT_CENTRE,
        OrganizationKind.HR_OFFICE,
        OrganizationKind.EVALUATION_OFFICE,
        OrganizationKind.CIVIL_AFFAIRS,
        OrganizationKind.STREET_DEPARTMENT,
    }
)
GOVERNMENT_KINDS = frozenset(
    {OrganizationKind.GOVERNMENT, OrganizationKind.STREET_OFFICE, OrganizationKind.COMMUNITY}
)


class Level(models.IntegerChoices):
    """Administrative level, GB/T 39046-2020 A.2."""

    NATIONAL = 1, _("National")
    PROVINCIAL = 2, _("Provincial")
    CITY = 3, _("City")
    COUNTY = 4, _("County or district")
    TOWN = 5, _("Town or street")
    VILLAGE = 6, _("Village or community")


class Organization(models.Model):
    """A node of the government tree: governments, their agencies, streets and communities.

    `path` is a materialized path ("/1/7/42/") kept by the services so that "this subtree"
    is one indexed prefix query, which every access decision needs.
    """

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    credit_code_warning = models.CharField(
        _("credit code warning"),
        max_length=200,
        blank=True,
        help_text=_("Set when an early pilot code fails the GB 32100 check and was accepted."),
    )
    region_code = models.CharField(_("region code"), max_length=12, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="organization_unique_name_per_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_agency(self) -> bool:
        return self.kind in AGENCY_KINDS

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class Rank(models.TextChoices):
    BUREAU = "bureau", _("Bureau level")
    DIVISION = "division", _("Division level")
    SECTION = "section", _("Section level")
    ORDINARY = "ordinary", _("Ordinary staff")


class UserKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    APPLICANT = "applicant", _("Applicant")


class UserManager(DjangoUserManager["User"]):
    def create_superuser(
        self,
        username: str,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> User:
        """`xiaoneng createsuperuser` makes the first system administrator, not a Django
        superuser: under 三员分立 nobody holds every permission."""
        extra_fields.update(is_staff=True, is_superuser=False, kind=UserKind.STAFF)
        user = self.create_user(username, email, password, **extra_fields)
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password_changed_at"])
        UserRole.objects.create(user=user, role=Role.SYSTEM_ADMIN)
        return user


class User(AbstractUser):
    """A staff member or a public applicant (one account each, never shared)."""

    objects = UserManager()  # type: ignore[misc]

    kind = models.CharField(
        _("account kind"), max_length=16, choices=UserKind.choices, default=UserKind.STAFF
    )
    real_name = models.CharField(_("real name"), max_length=60, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    post = models.CharField(_("post"), max_length=100, blank=True)
    post_since = models.DateField(_("in post since"), null=True, blank=True)
    rank = models.CharField(_("rank"), max_length=16, choices=Rank.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    # Set by a password reset: the next sign-in must choose a new password first.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    offboarded_at = models.DateTimeField(_("offboarded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.real_name or self.username

    @property
    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = (
                frozenset(self.roles.values_list("role", flat=True)) if self.pk else frozenset()
            )
            self._role_cache = cached
        return cached

    @property
    def is_administrator(self) -> bool:
        return bool(self.role_set & ADMIN_ROLES)

    @property
    def display_name(self) -> str:
        return self.real_name or self.username


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="user_role_unique"),
            # 三员分立: no account ever holds two of the three administrator roles
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(role__in=sorted(ADMIN_ROLES)),
                name="user_holds_one_administrator_role",
            ),
        ]
        # "supervisors of this unit" looks users up by role
        indexes = [models.Index(fields=["role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class ApiTokenUse(models.Model):
    """How an API token (DRF's `Token`, one per account) is used: when last, and whether it was
    issued after the second factor. It goes with its token (revocation, idle expiry).

    The token lapses after TOKEN_IDLE_MINUTES without use; `last_used_at` is written at most
    once a minute per token (core/tokens.py), so the lapse is exact to the minute.
    """

    token = models.OneToOneField(
        "authtoken.Token", primary_key=True, on_delete=models.CASCADE, related_name="use"
    )
    last_used_at = models.DateTimeField(_("last used at"))
    has_second_factor = models.BooleanField(_("issued after the second factor"), default=False)

    class Meta:
        verbose_name = _("API token use")
        verbose_name_plural = _("API token uses")

    def __str__(self) -> str:
        return f"{self.token_id[:6]}… {self.last_used_at:%Y-%m-%d %H:%M}"


class SignedInSession(models.Model):
    """A sign-in to the workbench: whose session it is, from which device and address, since
    when. It goes with its session — signing out, expiry (`clearsessions`) and every revocation
    delete the session row and this one with it — so an account's sessions are listed and ended
    one by one without decoding every session (core/sessions.py). The session's key (the cookie)
    never leaves the server: the API and the pages name a session by this row's id.

    Written at sign-in (core/auth_events.py); a new key (after a password change) keeps it
    (core/session_store.py). The last activity is in the session itself (IdleTimeoutMiddleware).
    """

    session = models.OneToOneField(
        "sessions.Session", on_delete=models.CASCADE, related_name="signed_in"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    signed_in_at = models.DateTimeField(_("signed in at"))

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.signed_in_at:%Y-%m-%d %H:%M}"


class StaffTransfer(models.Model):
    """A staff member's move from one unit to another, kept for good (the user's history).

    The post start date on the user restarts on `transferred_on`, so the rotation clock
    (DOMAIN.md §4: five years in one post) counts from the new post.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="transfers")
    from_unit = models.ForeignKey(
        Organization, null=True, on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    from_post = models.CharField(_("former post"), max_length=100, blank=True)
    to_post = models.CharField(_("new post"), max_length=100, blank=True)
    transferred_on = models.DateField(_("transferred on"))
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff transfer")
        verbose_name_plural = _("staff transfers")
        ordering = ["user", "transferred_on", "id"]

    def __str__(self) -> str:
        return f"{self.user} {self.from_unit} → {self.to_unit}"


class ApplicantKind(models.TextChoices):
    NATURAL_PERSON = "natural", _("Natural person")
    LEGAL_PERSON = "legal", _("Legal person or organization")


class Applicant(models.Model):
    """A citizen or enterprise applying for services, identified by a validated number.

    Natural persons by resident ID (GB 11643), legal persons by unified social credit code
    (GB 32100). An applicant may exist without an account (window applications).
    """

    kind = models.CharField(_("applicant kind"), max_length=16, choices=ApplicantKind.choices)
    name = models.CharField(_("name"), max_length=200)
    id_number = models.CharField(_("ID or credit code"), max_length=18)
    id_number_warning = models.CharField(max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    account = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="applicant"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        constraints = [
            models.UniqueConstraint(fields=["kind", "id_number"], name="applicant_unique_id"),
        ]

    def __str__(self) -> str:
        return self.name


class AuditRecord(models.Model):
    """One append-only entry of the audit trail, chained to the previous one by hash.

    等保2.0 level 3: date, time, type, subject, object and result of every security-relevant
    event, protected against change and kept at least six months. `hash` is a keyed seal over this
    record's fields and `previous_hash`, so editing or deleting any row breaks the chain at that
    row; signed checkpoints outside the database anchor the newest record (core/audit.py).
    """

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=80, blank=True)
    result = models.CharField(_("result"), max_length=16, default="ok")
    source_ip = models.CharField(_("source IP"), max_length=45, blank=True)
    request_id = models.CharField(_("request id"), max_length=40, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # How `hash` was made: "hmac-sm3" (keyed seal, key outside the database) or "digest" (the
    # public chain of records written before the key; accepted only as the oldest part).
    scheme = models.CharField(max_length=16, default="hmac-sm3")

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]  # object history look-up

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"


class NumberSequence(models.Model):
    """Per-key, per-year counters for case, certificate and document numbers."""

    key = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "year"], name="number_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last}"


class Notification(models.Model):
    """A message to one user in the workbench; `dedupe_key` makes each alert once-only."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    level = models.CharField(max_length=16, default="info")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_once_per_key"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]  # unread badge

    def __str__(self) -> str:
        return self.title


def user_upload_path(instance: models.Model, filename: str) -> str:
    """Uploads are stored under a random name; the original name is kept in the row."""
    return f"{instance._meta.app_label}/{uuid.uuid4().hex}"
