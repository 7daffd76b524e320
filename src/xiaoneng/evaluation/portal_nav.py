"""Portal link of the evaluation context: respondents open their questionnaire with the code on
their invitation (each code is one issued copy, answered once)."""

from django.utils.translation import gettext_lazy as _

from xiaoneng.portal.navigation import PortalLink, register

register(
    PortalLink(
        _("Satisfaction survey"),
        "portal_evaluation:survey_start",
        _("Answer the questionnaire you were invited to, with the code on your invitation."),
        order=80,
    ),
)
