"""Whether a pause moved each deadline as it stood before the extension (Art. 42/45).

Existing rows start with the decision taken against the final deadlines (what the lights used
until now); `xiaoneng supervise --full` rebuilds every watch with the exact values."""

from django.db import migrations, models
from django.db.models import F


def copy_final_counts(apps, schema_editor):  # type: ignore[no-untyped-def]
    WatchPause = apps.get_model("supervision", "WatchPause")
    WatchPause.objects.update(
        counts_for_committed_unextended=F("counts_for_committed"),
        counts_for_legal_unextended=F("counts_for_legal"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0005_watch_extension_as_of"),
    ]

    operations = [
        migrations.AddField(
            model_name="watchpause",
            name="counts_for_committed_unextended",
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name="watchpause",
            name="counts_for_legal_unextended",
            field=models.BooleanField(default=True),
        ),
        migrations.RunPython(copy_final_counts, migrations.RunPython.noop),
    ]
