"""CaseWatch.decided_on: the period figures read decided cases from the watch alone."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_decided_on(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Each watch takes its case's decision day (NULL for cases withdrawn or still open)."""
    CaseWatch = apps.get_model("supervision", "CaseWatch")
    Case = apps.get_model("cases", "Case")
    CaseWatch.objects.update(
        decided_on=Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("decided_on")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_redundant_fk_indexes"),
        ("supervision", "0006_watch_pause_unextended_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="casewatch",
            name="decided_on",
            field=models.DateField(blank=True, null=True, verbose_name="decided on"),
        ),
        migrations.RunPython(copy_decided_on, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="casewatch",
            index=models.Index(
                fields=[
                    "decided_on",
                    "accepted_on",
                    "committed_due_on",
                    "agency_path",
                    "agency_id",
                    "workdays_used",
                    "legal_span",
                ],
                name="supv_watch_decided",
            ),
        ),
    ]
