"""The rubric page: the qualities, their weights and anchors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluations.rubric import presenters, selectors


@require_GET
def quality_list(request: HttpRequest) -> HttpResponse:
    page = selectors.rubric_page()
    weights_text = presenters.weights_text([(q.name, q.weight) for q in page.qualities])
    return render(request, "evaluations/quality_list.html", {"rubric": page, "weights_text": weights_text})
