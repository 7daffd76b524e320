"""The demo data carries the seed document's figures (DOMAIN.md §4)."""

import pytest

from xiaoneng.core import demo as core_demo
from xiaoneng.evaluation import demo
from xiaoneng.evaluation.models import (
    EvaluationRound,
    Finding,
    Indicator,
    InspectionVisit,
    Rotation,
    SupervisionTask,
    Survey,
)
from xiaoneng.evaluation.selectors.surveys import satisfaction_index
from xiaoneng.evaluation.workflow import RoundStatus


@pytest.mark.django_db
def test_demo_builds_seed_figures():
    context = core_demo.build()
    demo.build(context)  # its speed is not a test's business (bench/ measures speed)
    assert (
        Indicator.objects.filter(
            system__year=2025, system__unit_kind="city_department", level=1
        ).count()
        == 6
    )  # 5 weighted + the bonus
    published = EvaluationRound.objects.get(status=RoundStatus.PUBLISHED)
    assert published.results.count() == 8
    assert published.results.filter(rank=1).exists()
    survey = Survey.objects.get(title__startswith="2026年度企业")
    index = satisfaction_index(survey=survey)
    assert (index.issued, index.returned) == (1044, 896)
    assert index.overall is not None
    rotations = Rotation.objects.filter(rotated_on__year=2025)
    assert rotations.count() == 192
    assert rotations.filter(rank="section").count() == 102
    assert rotations.values("from_unit").distinct().count() == 42
    assert SupervisionTask.objects.count() >= 20
    assert InspectionVisit.objects.count() == 25
    assert Finding.objects.count() >= 140
