from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "xiaoneng.community"
    label = "community"
    verbose_name = _("Community burden reduction")

    def ready(self) -> None:
        from xiaoneng.community.services.inspections import rescore_from_survey
        from xiaoneng.evaluation.signals import survey_answered

        survey_answered.connect(rescore_from_survey, dispatch_uid="community.rescore_from_survey")
