"""The demo catalog: believable, valid, and cut by two thirds or more (seed)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from stdnum.cn import uscc

from xiaoneng.catalog import demo, services
from xiaoneng.catalog.models import HandlingType, ItemStatus, ServiceItem
from xiaoneng.catalog.selectors import compression_overall
from xiaoneng.core import demo as core_demo


def test_demo_catalog(db):
    context = core_demo.build()
    demo.build(context)
    items = ServiceItem.objects.select_related("current_version", "agency")
    assert 38 <= items.count() <= 50
    versions = [i.current_version for i in items]
    assert {v.handling_type for v in versions} == {HandlingType.IMMEDIATE, HandlingType.PROMISED}
    assert any(v.is_joint for v in versions) and any(v.forward_to_level for v in versions)
    assert any(v.has_fee for v in versions) and any(not v.has_fee for v in versions)
    for item in items:
        v = item.current_version
        # Seed: committed limits were cut by two thirds or more against the legal limits.
        assert v.compression_ratio is None or v.compression_ratio <= Decimal("0.334"), item.name
        assert uscc.is_valid(item.implementation_code[:18])
        assert item.implementation_code.startswith(item.agency.credit_code)
        assert v.materials.exists() and v.steps.exists()
    assert compression_overall(items).cut >= Decimal("0.66")
    assert ServiceItem.objects.filter(status=ItemStatus.SUSPENDED).count() == 1
    assert ServiceItem.objects.filter(status=ItemStatus.CANCELLED).count() == 1
    assert ServiceItem.objects.filter(current_version__version=2).count() == 2


def test_sample_workbook_imports_over_the_demo(db):
    """docs/samples/catalog-sample.xlsx is an export of demo items: it imports back unchanged."""
    demo.build(core_demo.build())
    data = (Path(__file__).parents[2] / "docs" / "samples" / "catalog-sample.xlsx").read_bytes()
    report = services.catalog_import(actor=None, data=data)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.created, report.updated) == (0, 0)
