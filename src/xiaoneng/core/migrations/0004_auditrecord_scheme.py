"""Records written before the keyed seal keep their public-digest chain, marked "digest"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0003_staff_lifecycle")]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="scheme",
            field=models.CharField(default="digest", max_length=16),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditrecord",
            name="scheme",
            field=models.CharField(default="hmac-sm3", max_length=16),
        ),
    ]
