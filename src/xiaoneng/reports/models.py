from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportTemplate(models.Model):
    """A Word template of the situation report uploaded by the efficiency office; the newest one
    is used, the default (template.py) while none was uploaded. Old ones stay as history."""

    name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.name
