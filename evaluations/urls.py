from django.urls import path

from evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.home, name="home"),
    path("candidates/", views.candidate_list, name="candidate-list"),
    path("candidates/new/", views.CandidateCreateView.as_view(), name="candidate-create"),
    path("candidates/import/", views.candidate_import, name="candidate-import"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate-detail"),
    path("candidates/<int:pk>/edit/", views.CandidateUpdateView.as_view(), name="candidate-edit"),
    path("candidates/<int:pk>/scorecard/", views.scorecard, name="scorecard"),
    path("candidates/<int:pk>/decision/", views.candidate_decision, name="candidate-decision"),
    path("scorecards/<int:pk>/", views.scorecard_detail, name="scorecard-detail"),
    path("scorecards/<int:pk>/reopen/", views.scorecard_reopen, name="scorecard-reopen"),
    path("qualities/", views.quality_list, name="quality-list"),
    path("positions/", views.PositionListView.as_view(), name="position-list"),
    path("positions/new/", views.PositionCreateView.as_view(), name="position-create"),
    path("positions/<int:pk>/edit/", views.PositionUpdateView.as_view(), name="position-edit"),
    path("shortlists/", views.shortlist_list, name="shortlist-list"),
    path("shortlists/new/", views.ShortlistCreateView.as_view(), name="shortlist-create"),
    path("shortlists/add/", views.shortlist_add_from_list, name="shortlist-add-from-list"),
    path("shortlists/<int:pk>/", views.shortlist_detail, name="shortlist-detail"),
    path("shortlists/<int:pk>/edit/", views.ShortlistUpdateView.as_view(), name="shortlist-edit"),
    path("shortlists/<int:pk>/delete/", views.ShortlistDeleteView.as_view(), name="shortlist-delete"),
    path("shortlists/<int:pk>/candidates/", views.shortlist_add_candidates, name="shortlist-add"),
    path("shortlists/<int:pk>/remove/", views.shortlist_remove, name="shortlist-remove"),
    path("shortlists/<int:pk>/note/", views.shortlist_note, name="shortlist-note"),
    path("shortlists/<int:pk>/decision/", views.shortlist_decision, name="shortlist-decision"),
    path("shortlists/<int:pk>/export.csv", views.shortlist_export, name="shortlist-export"),
    path("shortlists/<int:pk>/export.xlsx", views.shortlist_export_xlsx, name="shortlist-export-xlsx"),
    path("calibration/", views.calibration, name="calibration"),
    path("todo/", views.todo, name="todo"),
    path("candidates/<int:pk>/interviews/new/", views.interview_create, name="interview-create"),
    path("interviews/<int:pk>/", views.interview_kit, name="interview-kit"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="interview-edit"),
    path("interviews/<int:pk>/cancel/", views.interview_cancel, name="interview-cancel"),
    path("interviews/<int:pk>/invite.ics", views.interview_invite, name="interview-invite"),
    path(
        "candidates/<int:pk>/personal-data.json",
        views.candidate_personal_data,
        name="candidate-personal-data",
    ),
]
