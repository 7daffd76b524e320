from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "xiaoneng.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation, surveys, rotation, tasks and inspections")

    def ready(self) -> None:
        from xiaoneng.evaluation import (
            panels,  # noqa: F401  (registers dashboard panels)
            receivers,  # noqa: F401  (post history from core)
        )
        from xiaoneng.evaluation.services.appraisals import rescore_from_survey
        from xiaoneng.evaluation.signals import survey_answered

        survey_answered.connect(
            rescore_from_survey, dispatch_uid="evaluation.appraisal_rescore_from_survey"
        )
