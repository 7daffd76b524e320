"""Use cases for organizations, staff, roles, applicants and passwords.

Each function owns its transaction, checks permission through core.access, and writes the audit
record; pages, the API, the admin and commands all call these.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.identifiers import validate_credit_code, validate_resident_id
from xiaoneng.core.models import (
    Applicant,
    ApplicantKind,
    Level,
    Organization,
    OrganizationKind,
    Rank,
    User,
    UserKind,
    UserRole,
)
from xiaoneng.core.roles import ADMIN_ROLES, Perm, Role


def _require(actor: User | None, perm: str, organization: Organization | None) -> None:
    if actor is None:  # system jobs (demo loader, migrations) act without a user
        return
    if not user_may(actor, perm, organization):
        raise NotPermitted(_("You are not allowed to do this here."))


def _set_path(org: Organization) -> None:
    parent_path = org.parent.path if org.parent_id and org.parent else "/"
    org.path = f"{parent_path}{org.pk}/"


def organization_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    level: int,
    parent: Organization | None = None,
    short_name: str = "",
    credit_code: str = "",
    region_code: str = "",
    is_active: bool = True,
) -> Organization:
    """Create an organization under `parent`; a credit code is validated per GB 32100."""
    _require(actor, Perm.ORG_MANAGE, parent)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("A name is required."), field="name")
    if kind not in OrganizationKind.values:
        raise InvalidInput(_("Unknown organization kind."), field="kind")
    if level not in Level.values:
        raise InvalidInput(_("Level must be a GB/T 39046 A.2 code from 1 to 6."), field="level")
    warning = ""
    if credit_code:
        checked = validate_credit_code(credit_code)
        credit_code, warning = checked.value, checked.warning
    with transaction.atomic():
        if Organization.objects.filter(parent=parent, name=name).exists():
            raise InvalidInput(
                _("An organization with this name already exists here."), field="name"
            )
        org = Organization.objects.create(
            name=name,
            kind=kind,
            level=level,
            parent=parent,
            short_name=short_name,
            credit_code=credit_code,
            credit_code_warning=warning,
            region_code=region_code,
            is_active=is_active,
        )
        _set_path(org)
        org.save(update_fields=["path"])
        audit(
            actor=actor,
            action="organization.create",
            obj=org,
            detail={"name": name, "warning": warning},
        )
    return org


def organization_update(
    *,
    actor: User | None,
    organization: Organization,
    parent: Organization | None | object = ...,
    **fields: Any,
) -> Organization:
    """Change an organization's fields; moving it re-parents its whole subtree."""
    _require(actor, Perm.ORG_MANAGE, organization)
    allowed = {"name", "short_name", "kind", "level", "credit_code", "region_code", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidInput(_("Unknown field."), field=sorted(unknown)[0])
    if "credit_code" in fields and fields["credit_code"]:
        checked = validate_credit_code(fields["credit_code"])
        fields["credit_code"] = checked.value
        fields["credit_code_warning"] = checked.warning
    with transaction.atomic():
        old_path = organization.path
        for key, value in fields.items():
            setattr(organization, key, value)
        if parent is not ...:
            assert parent is None or isinstance(parent, Organization)
            if parent is not None and parent.path.startswith(old_path):
                raise InvalidInput(
                    _("An organization cannot be moved below itself."), field="parent"
                )
            _require(actor, Perm.ORG_MANAGE, parent)
            organization.parent = parent
            _set_path(organization)
        organization.save()
        if organization.path != old_path:
            Organization.objects.filter(path__startswith=old_path).exclude(
                pk=organization.pk
            ).update(path=Concat(Value(organization.path), Substr("path", len(old_path) + 1)))
        audit(
            actor=actor,
            action="organization.update",
            obj=organization,
            detail={k: str(v) for k, v in fields.items()},
        )
    return organization


def _check_roles(roles: Iterable[str]) -> list[str]:
    roles = list(dict.fromkeys(roles))
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise InvalidInput(_("Unknown role: %(role)s") % {"role": unknown[0]}, field="roles")
    admin = [r for r in roles if r in ADMIN_ROLES]
    if len(admin) > 1:
        raise InvalidInput(
            _(
                "An account may hold only one of the system, security and audit administrator "
                "roles."
            ),
            field="roles",
        )
    if admin and len(roles) > 1:
        raise InvalidInput(
            _("An administrator account may not hold a business role."), field="roles"
        )
    return roles


def admin_roles_refusal(
    *,
    actor: User | None,
    account: User | None,
    organization: Organization | None,
    old: Iterable[str],
    new: Iterable[str],
) -> str | None:
    """Why `actor` may not change an account's administrator roles from `old` to `new`, or None.

    三员分立 (等保2.0 level 3, DOMAIN.md §6): only the security administrator grants or revokes
    the system, security and audit administrator roles, and never on their own account. System
    jobs (actor None: the demo loader, `createsuperuser`, migrations) seed them. Pages, the API,
    the admin and the staff import all ask this one function.
    """
    changed = (set(old) ^ set(new)) & ADMIN_ROLES
    if not changed or actor is None:
        return None
    if not user_may(actor, Perm.SECURITY_MANAGE, organization):
        return _(
            "Only the security administrator may grant or revoke the system, security or audit "
            "administrator role."
        )
    if account is not None and account.pk is not None and account.pk == actor.pk:
        return _("No one may grant or revoke an administrator role on their own account.")
    return None


def role_change_refused(
    *,
    actor: User | None,
    action: str,
    account: User | None,
    username: str,
    roles: list[str],
    reason: Any,
) -> NotPermitted:
    """Audit a refused role change and return the error to raise: every attempt on the
    administrator roles is recorded (the staff import records its refused rows too)."""
    audit(
        actor=actor,
        action=action,
        obj=account if account is not None and account.pk else None,
        object_type="" if account is not None and account.pk else "core.user",
        object_id="" if account is not None and account.pk else username[:80],
        result="refused",
        detail={"roles": roles, "reason": str(reason)},
    )
    return NotPermitted(reason, field="roles")


def _checked_roles(
    *, actor: User | None, action: str, account: User | None, username: str, roles: Iterable[str]
) -> list[str]:
    """`_check_roles`, with a refusal that touches an administrator role audited."""
    wanted = list(roles)
    try:
        return _check_roles(wanted)
    except InvalidInput as error:
        if set(wanted) & ADMIN_ROLES:
            role_change_refused(
                actor=actor,
                action=action,
                account=account,
                username=username,
                roles=wanted,
                reason=error.message,
            )
        raise


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    real_name: str,
    organization: Organization,
    roles: Iterable[str] = (),
    post: str = "",
    post_since: date | None = None,
    rank: str = "",
    phone: str = "",
    email: str = "",
) -> User:
    """Create a staff account; the password must satisfy the password policy.

    With `password=None` the account cannot sign in until a password is set (bulk loads).
    """
    roles = _checked_roles(
        actor=actor, action="user.create", account=None, username=username, roles=roles
    )
    if actor is not None and set(roles) & ADMIN_ROLES:
        # The system administrator creates accounts, the security administrator grants the
        # administrator roles: no one does both in one step (三员分立).
        reason = admin_roles_refusal(
            actor=actor, account=None, organization=organization, old=(), new=roles
        )
        if reason is None:
            reason = _("Create the account without an administrator role first.")
        raise role_change_refused(
            actor=actor,
            action="user.create",
            account=None,
            username=username,
            roles=roles,
            reason=reason,
        )
    _require(actor, Perm.USER_MANAGE, organization)
    if not username or User.objects.filter(username=username).exists():
        raise InvalidInput(_("This user name is empty or taken."), field="username")
    if rank and rank not in Rank.values:
        raise InvalidInput(_("Unknown rank."), field="rank")
    user = User(
        username=username,
        real_name=real_name,
        organization=organization,
        post=post,
        post_since=post_since,
        rank=rank,
        phone=phone,
        email=email,
        kind=UserKind.STAFF,
    )
    if password is not None:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput("; ".join(exc.messages), field="password") from exc
    with transaction.atomic():
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.is_staff = Role.SYSTEM_ADMIN in roles
        user.save()
        UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles])
        audit(actor=actor, action="user.create", obj=user, detail={"roles": roles})
    return user


def user_set_roles(*, actor: User | None, user: User, roles: Iterable[str]) -> User:
    """Replace a user's roles, keeping the three administrators apart (三员分立).

    Business roles are the system administrator's to change (`user.manage`); the administrator
    roles the security administrator's, never on their own account (`admin_roles_refusal`).
    A change of both kinds at once needs both, so it is refused: the system administrator takes
    the business roles away first. Every attempt on an administrator role is audited.
    """
    old = set(user.role_set)
    roles = _checked_roles(
        actor=actor, action="user.set_roles", account=user, username=user.username, roles=roles
    )
    changed = old ^ set(roles)
    if changed & ADMIN_ROLES:
        reason = admin_roles_refusal(
            actor=actor, account=user, organization=user.organization, old=old, new=roles
        )
        business_changed = bool(changed - ADMIN_ROLES)
        if (
            reason is None
            and business_changed
            and actor is not None
            and not user_may(actor, Perm.USER_MANAGE, user.organization)
        ):
            reason = _(
                "The system administrator changes business roles; have them taken away first."
            )
        if reason is not None:
            raise role_change_refused(
                actor=actor,
                action="user.set_roles",
                account=user,
                username=user.username,
                roles=roles,
                reason=reason,
            )
    else:
        _require(actor, Perm.USER_MANAGE, user.organization)
    with transaction.atomic():
        UserRole.objects.filter(user=user).delete()
        UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles])
        user.is_staff = Role.SYSTEM_ADMIN in roles
        user.save(update_fields=["is_staff"])
        user.__dict__.pop("_role_cache", None)
        audit(
            actor=actor,
            action="user.set_roles",
            obj=user,
            detail={
                "roles": roles,
                "granted": sorted(set(roles) - old),
                "revoked": sorted(old - set(roles)),
            },
        )
    return user


def password_change(*, user: User, old_password: str, new_password: str) -> None:
    """Change one's own password: old one must match, the new one pass the policy and differ."""
    if not user.check_password(old_password):
        raise InvalidInput(_("The current password is wrong."), field="old_password")
    if old_password == new_password:
        raise InvalidInput(
            _("The new password must differ from the current one."), field="new_password"
        )
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise InvalidInput("; ".join(exc.messages), field="new_password") from exc
    with transaction.atomic():
        user.set_password(new_password)
        user.password_changed_at = timezone.now()
        user.must_change_password = False  # a reset's forced change is now done
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        audit(actor=user, action="user.password_change", obj=user)


def applicant_register(
    *,
    kind: str,
    name: str,
    id_number: str,
    phone: str = "",
    contact_name: str = "",
    username: str = "",
    password: str = "",
    actor: User | None = None,
) -> Applicant:
    """Register an applicant (natural person by resident ID, legal person by credit code),
    with a public account when a user name and password are given."""
    if kind not in ApplicantKind.values:
        raise InvalidInput(_("Choose natural or legal person."), field="kind")
    if not (name or "").strip():
        raise InvalidInput(_("A name is required."), field="name")
    warning = ""
    if kind == ApplicantKind.NATURAL_PERSON:
        id_number = validate_resident_id(id_number, field="id_number")
    else:
        checked = validate_credit_code(id_number, field="id_number")
        id_number, warning = checked.value, checked.warning
    with transaction.atomic():
        applicant = Applicant.objects.filter(kind=kind, id_number=id_number).first()
        if applicant and applicant.account_id and username:
            raise InvalidInput(
                _("An account already exists for this ID number."), field="id_number"
            )
        if applicant is None:
            applicant = Applicant(kind=kind, id_number=id_number)
        applicant.name = name.strip()
        applicant.phone = phone or applicant.phone
        applicant.contact_name = contact_name or applicant.contact_name
        applicant.id_number_warning = warning
        if username:
            if User.objects.filter(username=username).exists():
                raise InvalidInput(_("This user name is taken."), field="username")
            account = User(
                username=username, real_name=name.strip(), kind=UserKind.APPLICANT, phone=phone
            )
            try:
                password_validation.validate_password(password, account)
            except ValidationError as exc:
                raise InvalidInput("; ".join(exc.messages), field="password") from exc
            account.set_password(password)
            account.password_changed_at = timezone.now()
            account.save()
            applicant.account = account
        applicant.save()
        audit(actor=actor or applicant.account, action="applicant.register", obj=applicant)
    return applicant
