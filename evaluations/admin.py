"""The admin, one module per domain; Django's admin finds them all through this module."""

from evaluations.candidates import admin as candidates_admin
from evaluations.exchange import admin as exchange_admin
from evaluations.interviews import admin as interviews_admin
from evaluations.people import admin as people_admin
from evaluations.rubric import admin as rubric_admin
from evaluations.scorecards import admin as scorecards_admin
from evaluations.shortlists import admin as shortlists_admin

__all__ = [
    "candidates_admin",
    "exchange_admin",
    "interviews_admin",
    "people_admin",
    "rubric_admin",
    "scorecards_admin",
    "shortlists_admin",
]
