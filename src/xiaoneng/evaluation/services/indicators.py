"""Indicator systems: create, save a whole tree (form, API or Excel), copy to a new version."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from xiaoneng.core.access import user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.figures import figures
from xiaoneng.evaluation.models import Indicator, IndicatorSystem, UnitKind
from xiaoneng.evaluation.scoring import NodeSpec, TreeError, validate_tree
from xiaoneng.evaluation.workflow import RoundStatus


def _check_manage(actor: User, owner: Organization) -> None:
    if not user_may(actor, Perm.EVALUATION_MANAGE, owner):
        raise NotPermitted(_("You may not manage performance evaluation here."))


def node_specs(system: IndicatorSystem) -> list[NodeSpec]:
    """The stored tree as the rules see it, parents before children."""
    indicators = list(system.indicators.select_related("parent").order_by("level", "order", "id"))
    return [
        NodeSpec(
            code=i.code,
            name=i.name,
            weight=i.weight,
            parent_code=i.parent.code if i.parent else None,
            method=i.method,
            target=i.target,
            cap_ratio=i.cap_ratio,
            per_event=i.per_event,
            grade_points=i.grade_points or {},
            figure_code=i.figure_code,
            description=i.description,
        )
        for i in indicators
    ]


def system_is_frozen(system: IndicatorSystem) -> bool:
    """A tree used by a round that has opened is frozen: make a new version instead."""
    return system.rounds.exclude(status=RoundStatus.DRAFT).exists()


def system_create(
    *,
    actor: User,
    name: str,
    year: int,
    unit_kind: str,
    owner: Organization,
    total_weight: Decimal = Decimal("100"),
    notes: str = "",
) -> IndicatorSystem:
    _check_manage(actor, owner)
    if unit_kind not in UnitKind.values:
        raise InvalidInput(_("Choose the kind of unit evaluated."), field="unit_kind")
    if not name.strip():
        raise InvalidInput(_("Give the system a name."), field="name")
    if total_weight <= 0:
        raise InvalidInput(_("The total weight must be above 0."), field="total_weight")
    with transaction.atomic():
        latest = (
            IndicatorSystem.objects.filter(owner=owner, year=year, unit_kind=unit_kind)
            .order_by("-version")
            .first()
        )
        system = IndicatorSystem.objects.create(
            name=name.strip(),
            year=year,
            unit_kind=unit_kind,
            owner=owner,
            version=(latest.version + 1) if latest else 1,
            total_weight=total_weight,
            notes=notes,
        )
        audit(
            actor=actor,
            action="evaluation.system.create",
            obj=system,
            detail={"year": year, "unit_kind": unit_kind, "version": system.version},
        )
    return system


def tree_errors(nodes: Sequence[NodeSpec], system: IndicatorSystem) -> list[TreeError]:
    return validate_tree(
        nodes, total_weight=system.total_weight, known_figures=[f.code for f in figures()]
    )


def system_save_tree(
    *, actor: User, system: IndicatorSystem, nodes: Sequence[NodeSpec]
) -> IndicatorSystem:
    """Replace the whole tree, all or nothing; every broken rule is reported, naming the node."""
    _check_manage(actor, system.owner)
    if system_is_frozen(system):
        raise Conflict(
            _("This indicator system is used by an open round; create a new version instead."),
            field="system",
        )
    errors = tree_errors(nodes, system)
    if errors:
        raise InvalidInput(
            errors[0].reason, field=errors[0].field, errors=[(e.field, e.reason) for e in errors]
        )
    with transaction.atomic():
        system.indicators.all().delete()
        created: dict[str, Indicator] = {}
        pending = list(nodes)
        order = 0
        while pending:  # parents first, whatever the input order
            rest = []
            for node in pending:
                if node.parent_code and node.parent_code not in created:
                    rest.append(node)
                    continue
                order += 1
                parent = created.get(node.parent_code) if node.parent_code else None
                created[node.code] = Indicator.objects.create(
                    system=system,
                    parent=parent,
                    code=node.code,
                    name=node.name,
                    level=(parent.level + 1) if parent else 1,
                    weight=node.weight,
                    order=order,
                    method=node.method,
                    target=node.target,
                    cap_ratio=node.cap_ratio,
                    per_event=node.per_event,
                    grade_points=dict(node.grade_points or {}),
                    figure_code=node.figure_code,
                    description=node.description,
                )
            pending = rest
        audit(
            actor=actor,
            action="evaluation.system.save_tree",
            obj=system,
            detail={"indicators": len(nodes)},
        )
    return system


def system_copy(
    *, actor: User, system: IndicatorSystem, year: int | None = None
) -> IndicatorSystem:
    """A new version (same year and kind, or another year) holding a copy of the tree."""
    with transaction.atomic():
        copy = system_create(
            actor=actor,
            name=system.name,
            year=year or system.year,
            unit_kind=system.unit_kind,
            owner=system.owner,
            total_weight=system.total_weight,
            notes=system.notes,
        )
        nodes = node_specs(system)
        if nodes:
            system_save_tree(actor=actor, system=copy, nodes=nodes)
    return copy
