"""The app's models, one module per domain; Django finds them all through this module.

Each domain package owns its models (``evaluations.<domain>.models``); import them from there.
Models stay thin: rules that must always hold are database constraints; calculations across
rows live in ``scoring`` (pure) and in each domain's ``selectors`` (reads).
"""

from evaluations.api.models import ApiToken
from evaluations.candidates.models import Candidate, Position
from evaluations.decisions.models import Decision
from evaluations.exchange.models import RetentionRun
from evaluations.interviews.models import Interview, InterviewEvent, InterviewPanelist, InterviewQuestion
from evaluations.people.models import UserPreference
from evaluations.rubric.models import Quality, Rubric, RubricChange
from evaluations.scorecards.models import Score, Scorecard, ScorecardEvent
from evaluations.shortlists.models import Shortlist, ShortlistEntry

__all__ = [
    "ApiToken",
    "Candidate",
    "Decision",
    "Interview",
    "InterviewEvent",
    "InterviewPanelist",
    "InterviewQuestion",
    "Position",
    "Quality",
    "RetentionRun",
    "Rubric",
    "RubricChange",
    "Score",
    "Scorecard",
    "ScorecardEvent",
    "Shortlist",
    "ShortlistEntry",
    "UserPreference",
]
