"""item_create, item_revise (versioning), suspend/cancel/reactivate, permissions and audit."""

from __future__ import annotations

import pytest

from tests.catalog.factories import codes, item_data, make_item
from xiaoneng.catalog import services
from xiaoneng.catalog.models import ItemStatus, ServiceItemVersion
from xiaoneng.core.errors import Conflict, InvalidInput, NotPermitted
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.roles import Role


def test_create_writes_version_one_with_lists(org_tree, personas):
    head = personas[Role.DEPARTMENT_HEAD]
    item = make_item(agency=org_tree.department, actor=head, name="食品经营许可")
    version = item.current_version
    assert version.version == 1
    assert version.name == item.name == "食品经营许可"
    assert [m.name for m in version.materials.order_by("order")] == [
        "食品经营许可申请书",
        "营业执照",
    ]
    assert [s.budget_days for s in version.steps.order_by("order")] == [1, 4]
    assert version.compression_ratio is not None and str(version.compression_ratio) == "0.250"
    assert version.created_by == head
    assert AuditRecord.objects.filter(action="catalog.item_create", object_id=str(item.pk)).exists()


def test_duplicate_implementation_code_is_refused(org_tree):
    item = make_item(agency=org_tree.department)
    with pytest.raises(InvalidInput) as raised:
        make_item(agency=org_tree.department, implementation_code=item.implementation_code)
    assert raised.value.field == "implementation_code"


def test_revising_creates_a_new_version_and_leaves_the_old_unchanged(org_tree):
    # A case keeps the version it was filed under: version 1 must stay exactly as it was.
    item = make_item(agency=org_tree.department)
    old = item.current_version
    old_materials = list(old.materials.values_list("name", "originals", "copies"))
    new = services.item_revise(
        actor=None,
        item=item,
        change_reason="上级部门调整材料",
        committed_limit_days=4,
        materials=[{"name": "食品经营许可申请书"}],
        steps=[{"name": "审查决定", "budget_days": 4}],
    )
    item.refresh_from_db()
    old_again = ServiceItemVersion.objects.get(pk=old.pk)
    assert new.version == 2 and item.current_version_id == new.pk
    assert old_again.committed_limit_days == 5
    assert list(old_again.materials.values_list("name", "originals", "copies")) == old_materials
    assert new.committed_limit_days == 4
    assert list(new.materials.values_list("name", flat=True)) == ["食品经营许可申请书"]
    assert new.change_reason == "上级部门调整材料"


def test_revise_keeps_lists_not_mentioned(org_tree):
    item = make_item(agency=org_tree.department)
    new = services.item_revise(
        actor=None, item=item, change_reason="改名", name="食品经营许可(新办)"
    )
    item.refresh_from_db()
    assert item.name == "食品经营许可(新办)"
    assert new.materials.count() == 2 and new.steps.count() == 2


def test_revise_needs_a_reason_and_valid_content(org_tree):
    item = make_item(agency=org_tree.department)
    with pytest.raises(InvalidInput) as raised:
        services.item_revise(actor=None, item=item, change_reason=" ", committed_limit_days=3)
    assert raised.value.field == "change_reason"
    with pytest.raises(InvalidInput) as raised:
        services.item_revise(actor=None, item=item, change_reason="x", committed_limit_days=30)
    assert raised.value.field == "committed_limit_days"
    assert item.versions.count() == 1


def test_only_catalog_managers_in_scope_may_write(org_tree, personas, make_user):
    item = make_item(agency=org_tree.department)
    for role in (Role.WINDOW_CLERK, Role.REVIEWER, Role.LEADER):
        with pytest.raises(NotPermitted):
            services.item_revise(actor=personas[role], item=item, change_reason="x", name="y")
    other_head = make_user(Role.DEPARTMENT_HEAD, organization=org_tree.other_department)
    with pytest.raises(NotPermitted):
        services.item_suspend(actor=other_head, item=item, reason="x")
    basic, implementation = codes(org_tree.department)
    with pytest.raises(NotPermitted):
        services.item_create(
            actor=other_head,
            agency=org_tree.department,
            basic_code=basic,
            implementation_code=implementation,
            **item_data(),
        )
    # The centre coordinator covers the whole city government.
    coordinator = personas[Role.CENTRE_COORDINATOR]
    services.item_suspend(actor=coordinator, item=item, reason="上级部门暂停")
    item.refresh_from_db()
    assert item.status == ItemStatus.SUSPENDED


STATUS_CASES = [
    # (start, action, allowed)
    (ItemStatus.ACTIVE, "suspend", ItemStatus.SUSPENDED),
    (ItemStatus.ACTIVE, "cancel", ItemStatus.CANCELLED),
    (ItemStatus.ACTIVE, "reactivate", None),
    (ItemStatus.SUSPENDED, "reactivate", ItemStatus.ACTIVE),
    (ItemStatus.SUSPENDED, "cancel", ItemStatus.CANCELLED),
    (ItemStatus.SUSPENDED, "suspend", None),
    (ItemStatus.CANCELLED, "reactivate", ItemStatus.ACTIVE),
    (ItemStatus.CANCELLED, "suspend", None),
    (ItemStatus.CANCELLED, "cancel", None),
]
ACTIONS = {
    "suspend": services.item_suspend,
    "cancel": services.item_cancel,
    "reactivate": services.item_reactivate,
}


@pytest.mark.parametrize(("start", "action", "result"), STATUS_CASES)
def test_status_changes(org_tree, start, action, result):
    item = make_item(agency=org_tree.department)
    if start != ItemStatus.ACTIVE:
        item.status = start
        item.save(update_fields=["status"])
    if result is None:
        with pytest.raises(Conflict):
            ACTIONS[action](actor=None, item=item, reason="上级部门决定")
        return
    ACTIONS[action](actor=None, item=item, reason="上级部门决定")
    item.refresh_from_db()
    assert item.status == result
    assert item.status_reason == "上级部门决定"
    assert item.status_changed_at is not None
    record = AuditRecord.objects.get(action=f"catalog.item_{action}", object_id=str(item.pk))
    assert record.detail["reason"] == "上级部门决定"


def test_status_change_needs_a_reason(org_tree):
    item = make_item(agency=org_tree.department)
    with pytest.raises(InvalidInput) as raised:
        services.item_cancel(actor=None, item=item, reason="")
    assert raised.value.field == "reason"


def test_cancelled_item_is_not_revised(org_tree):
    item = make_item(agency=org_tree.department)
    services.item_cancel(actor=None, item=item, reason="省级部门取消该事项")
    with pytest.raises(Conflict):
        services.item_revise(actor=None, item=item, change_reason="x", name="y")


def test_joint_item_keeps_its_co_departments_across_versions(org_tree):
    item = make_item(
        agency=org_tree.department,
        legal_limit_days=None,
        committed_limit_days=15,
        steps=[],
        co_departments=[{"organization": org_tree.other_department, "opinion_limit_days": 5}],
    )
    v1 = item.current_version
    assert v1.is_joint and v1.legal_limit_days == 45
    v2 = services.item_revise(actor=None, item=item, change_reason="调整", committed_limit_days=10)
    assert v2.is_joint
    assert list(v2.co_departments.values_list("organization_id", "opinion_limit_days")) == [
        (org_tree.other_department.pk, 5)
    ]
