"""Lights "as of" a day use only what was known that day: the watch keeps the day of the
extension and the positions before it, and the day from which the case is under the clock
(a deemed acceptance: the day after the notice period).

Existing watches get unextended positions equal to their current ones and `watched_from` equal
to `accepted_on` (exact for every case neither extended nor deemed accepted); `xiaoneng
supervise --full` rebuilds the others with their days.
"""

import datetime

from django.db import migrations, models
from django.db.models import F


def fill_unextended(apps, schema_editor):
    CaseWatch = apps.get_model("supervision", "CaseWatch")
    CaseWatch.objects.update(
        unextended_due_position=F("due_position"),
        unextended_yellow_position=F("yellow_position"),
        unextended_legal_position=F("legal_position"),
        watched_from=F("accepted_on"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0004_accountability_status_labels"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="casewatch", name="supv_watch_lights"),
        migrations.AddField(
            model_name="casewatch",
            name="watched_from",
            field=models.DateField(
                default=datetime.date(2000, 1, 1), verbose_name="under the clock from"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="casewatch",
            name="extended_on",
            field=models.DateField(blank=True, null=True, verbose_name="extended on"),
        ),
        migrations.AddField(
            model_name="casewatch",
            name="unextended_due_position",
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name="casewatch",
            name="unextended_legal_position",
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name="casewatch",
            name="unextended_yellow_position",
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(fill_unextended, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="casewatch",
            index=models.Index(
                fields=[
                    "open_until", "watched_from", "has_pauses", "extended_on", "due_position",
                    "yellow_position", "legal_position", "is_deadline_provisional",
                    "agency_path", "case",
                ],
                name="supv_watch_lights",
            ),
        ),
    ]
