"""Events of the evaluation context that other contexts follow."""

from django.dispatch import Signal

#: a questionnaire's answers are in (online or keyed in from paper); kwargs: survey.
#: Sent after the commit, so receivers read the answers. The community context re-scores the
#: residents' opinion of a combined evaluation scored by that survey (rule 6, rule 8).
survey_answered = Signal()
