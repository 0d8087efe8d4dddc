"""``/api/v1/`` and the pages around it. Every API view is reachable without a session: DRF
authenticates it (token or session), so LoginRequiredMiddleware must let it through."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from evaluations.api import pages, views

app_name = "api"


def api(view_class, **kwargs):
    return login_not_required(view_class.as_view(**kwargs))


urlpatterns = [
    path("api/v1/candidates/", api(views.CandidateListView), name="candidate-list"),
    path("api/v1/candidates/<int:pk>/", api(views.CandidateDetailView), name="candidate-detail"),
    path("api/v1/candidates/<int:pk>/scorecards/", api(views.CandidateScorecardsView), name="scorecard-list"),
    path("api/v1/candidates/<int:pk>/scorecard/", api(views.OwnScorecardView), name="own-scorecard"),
    path("api/v1/positions/", api(views.PositionListView), name="position-list"),
    path("api/v1/positions/<int:pk>/", api(views.PositionDetailView), name="position-detail"),
    path("api/v1/qualities/", api(views.QualityListView), name="quality-list"),
    path("api/v1/qualities/<int:pk>/", api(views.QualityDetailView), name="quality-detail"),
    path("api/v1/interviews/", api(views.InterviewListView), name="interview-list"),
    path("api/v1/interviews/<int:pk>/", api(views.InterviewDetailView), name="interview-detail"),
    path("api/v1/shortlists/<int:pk>/results/", api(views.ShortlistResultsView), name="shortlist-results"),
    path("api/v1/schema/", api(SpectacularAPIView), name="schema"),
    # A page: the session of the site, like every other page (LoginRequiredMiddleware applies).
    path("api/v1/", pages.docs, name="root"),
    path("account/tokens/", pages.token_list, name="token-list"),
    path("account/tokens/<int:pk>/revoke/", pages.token_revoke, name="token-revoke"),
]
