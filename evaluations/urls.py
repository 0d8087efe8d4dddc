"""The pages' URLs, the paths of DESIGN.md's contract: each domain's views under one namespace."""

from django.urls import path

from evaluations import views
from evaluations.candidates import views as candidate_views
from evaluations.decisions import views as decision_views
from evaluations.exchange import views as exchange_views
from evaluations.interviews import views as interview_views
from evaluations.rubric import views as rubric_views
from evaluations.scorecards import views as scorecard_views
from evaluations.shortlists import views as shortlist_views

app_name = "evaluations"

urlpatterns = [
    path("", views.home, name="home"),
    path("candidates/", candidate_views.candidate_list, name="candidate-list"),
    path("candidates/new/", candidate_views.CandidateCreateView.as_view(), name="candidate-create"),
    path("candidates/import/", exchange_views.candidate_import, name="candidate-import"),
    path("candidates/<int:pk>/", candidate_views.candidate_detail, name="candidate-detail"),
    path("candidates/<int:pk>/edit/", candidate_views.CandidateUpdateView.as_view(), name="candidate-edit"),
    path("candidates/<int:pk>/scorecard/", scorecard_views.scorecard, name="scorecard"),
    path("interviews/<int:pk>/scorecard/", scorecard_views.interview_scorecard, name="interview-scorecard"),
    path("candidates/<int:pk>/decision/", decision_views.candidate_decision, name="candidate-decision"),
    path("scorecards/<int:pk>/", scorecard_views.scorecard_detail, name="scorecard-detail"),
    path("scorecards/<int:pk>/reopen/", scorecard_views.scorecard_reopen, name="scorecard-reopen"),
    path("qualities/", rubric_views.quality_list, name="quality-list"),
    path("positions/", candidate_views.PositionListView.as_view(), name="position-list"),
    path("positions/new/", candidate_views.PositionCreateView.as_view(), name="position-create"),
    path("positions/<int:pk>/edit/", candidate_views.PositionUpdateView.as_view(), name="position-edit"),
    path("shortlists/", shortlist_views.shortlist_list, name="shortlist-list"),
    path("shortlists/new/", shortlist_views.ShortlistCreateView.as_view(), name="shortlist-create"),
    path("shortlists/add/", shortlist_views.shortlist_add_from_list, name="shortlist-add-from-list"),
    path("shortlists/<int:pk>/", shortlist_views.shortlist_detail, name="shortlist-detail"),
    path("shortlists/<int:pk>/edit/", shortlist_views.ShortlistUpdateView.as_view(), name="shortlist-edit"),
    path(
        "shortlists/<int:pk>/delete/", shortlist_views.ShortlistDeleteView.as_view(), name="shortlist-delete"
    ),
    path("shortlists/<int:pk>/candidates/", shortlist_views.shortlist_add_candidates, name="shortlist-add"),
    path("shortlists/<int:pk>/remove/", shortlist_views.shortlist_remove, name="shortlist-remove"),
    path("shortlists/<int:pk>/note/", shortlist_views.shortlist_note, name="shortlist-note"),
    path("shortlists/<int:pk>/decision/", decision_views.shortlist_decision, name="shortlist-decision"),
    path("shortlists/<int:pk>/export.csv", exchange_views.shortlist_export, name="shortlist-export"),
    path(
        "shortlists/<int:pk>/export.xlsx", exchange_views.shortlist_export_xlsx, name="shortlist-export-xlsx"
    ),
    path("calibration/", shortlist_views.calibration, name="calibration"),
    path("todo/", interview_views.todo, name="todo"),
    path("candidates/<int:pk>/interviews/new/", interview_views.interview_create, name="interview-create"),
    path("interviews/<int:pk>/", interview_views.interview_kit, name="interview-kit"),
    path("interviews/<int:pk>/edit/", interview_views.interview_edit, name="interview-edit"),
    path("interviews/<int:pk>/cancel/", interview_views.interview_cancel, name="interview-cancel"),
    path("interviews/<int:pk>/invite.ics", interview_views.interview_invite, name="interview-invite"),
    path(
        "candidates/<int:pk>/personal-data.json",
        exchange_views.candidate_personal_data,
        name="candidate-personal-data",
    ),
]
