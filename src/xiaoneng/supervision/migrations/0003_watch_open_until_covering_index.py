"""open_until (finished_on or 9999-12-31) and the covering index the lights read."""

import datetime

from django.db import migrations, models
from django.db.models import F


def fill_open_until(apps, schema_editor):
    CaseWatch = apps.get_model("supervision", "CaseWatch")
    CaseWatch.objects.filter(finished_on__isnull=False).update(open_until=F("finished_on"))


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0002_case_watch_breaches"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="casewatch", name="supv_watch_open"),
        migrations.AddField(
            model_name="casewatch",
            name="open_until",
            field=models.DateField(default=datetime.date(9999, 12, 31)),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="casewatch",
            name="workdays_used",
            field=models.IntegerField(
                blank=True, null=True, verbose_name="working days used",
                help_text="Running working days from acceptance to the stop (pauses excluded).",
            ),
        ),
        migrations.AddField(
            model_name="watchpause",
            name="counts_for_committed",
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name="watchpause",
            name="counts_for_legal",
            field=models.BooleanField(default=True),
        ),
        migrations.RunPython(fill_open_until, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="casewatch",
            index=models.Index(
                fields=[
                    "open_until", "accepted_on", "has_pauses", "due_position", "yellow_position",
                    "legal_position", "is_deadline_provisional", "agency_path", "case",
                ],
                name="supv_watch_lights",
            ),
        ),
    ]
