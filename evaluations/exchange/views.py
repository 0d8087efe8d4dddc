"""Views of the data exchange: importing candidates, exports and a candidate's personal data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from evaluations import caching
from evaluations.candidates.models import Candidate
from evaluations.decisions import selectors as decision_selectors
from evaluations.exchange import export, importing, services, spreadsheet
from evaluations.exchange.forms import CandidateImportForm, ImportConfirmForm
from evaluations.exchange.retention import personal_data
from evaluations.people import roles
from evaluations.people.access import manager_required
from evaluations.people.names import user_display_name
from evaluations.scorecards import selectors as scorecard_selectors
from evaluations.shortlists import selectors as shortlist_selectors
from evaluations.shortlists.views import shortlist_or_404


@require_GET
@manager_required
def shortlist_export(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = shortlist_or_404(pk)
    # The rows are cached per shortlist; a viewer on a candidate's panel stays blind (DESIGN.md).
    rows = _shortlist_rows(shortlist_id=shortlist.pk, user=request.user)
    return spreadsheet.csv_response(rows, f"shortlist-{shortlist.pk}.csv")


def _import_preview_page(
    request: HttpRequest, preview: importing.Preview, token: str, *, changed: bool = False, status: int = 200
) -> HttpResponse:
    context = {
        "preview": preview,
        "counts": preview.counts,
        "confirm_form": ImportConfirmForm(initial={"token": token}),
        "changed": changed,
        "max_rows": importing.MAX_ROWS,
    }
    return render(request, "evaluations/candidate_import.html", context, status=status)


@require_http_methods(["GET", "POST"])
def candidate_import(request: HttpRequest) -> HttpResponse:
    """Upload a file and see the preview (nothing written); then confirm or cancel it."""
    if not roles.may_import_candidates(request.user):
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _candidate_import_confirm(request)
    if request.method == "GET":
        form = CandidateImportForm()
    else:
        form = CandidateImportForm(request.POST, request.FILES)
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > importing.MAX_BYTES:
                raise importing.ImportFileError(importing.size_message(upload.size))
            parsed = importing.read_file(name=upload.name, data=upload.read(importing.MAX_BYTES + 1))
        except importing.ImportFileError as error:
            form.add_error("file", error.message)
        else:
            preview = importing.preview(parsed)
            token = importing.pending_save(
                request.session, parsed=parsed, digest=preview.digest, user_id=request.user.pk
            )
            return _import_preview_page(request, preview, token)
    return render(
        request, "evaluations/candidate_import.html", {"form": form, "max_rows": importing.MAX_ROWS}
    )


def _candidate_import_confirm(request: HttpRequest) -> HttpResponse:
    form = ImportConfirmForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    pending = importing.pending_load(request.session, token=token, user_id=request.user.pk)
    if pending is None:
        messages.warning(
            request,
            _(
                "This preview is no longer available: it expired, was already confirmed or "
                "cancelled, or a newer file replaced it. Nothing was written; upload the file again."
            ),
        )
        return redirect("evaluations:candidate-import")
    if request.POST.get("action") == "cancel":
        importing.pending_clear(request.session)
        messages.info(request, _("Import cancelled: nothing was written."))
        return redirect("evaluations:candidate-import")
    try:
        result = services.candidate_import(
            parsed=pending.parsed, actor=request.user, expected_digest=pending.digest
        )
    except services.ImportChanged as changed:
        preview = changed.preview or importing.preview(pending.parsed)
        importing.pending_set_digest(request.session, preview.digest)
        return _import_preview_page(request, preview, token, changed=True, status=409)
    importing.pending_clear(request.session)
    messages.success(
        request,
        _(
            "Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(errors)s row(s) with errors left out."
        )
        % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "errors": result.errors,
        },
    )
    return redirect("evaluations:candidate-list")


@require_GET
def candidate_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about one candidate, as a JSON download: administrators only (a subject access
    request)."""
    if not roles.is_admin(request.user):
        raise PermissionDenied
    try:
        data = personal_data(candidate_id=pk)
    except Candidate.DoesNotExist as exc:
        raise Http404 from exc
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="candidate-{pk}-personal-data.json"'
    return response


@require_GET
@manager_required
def shortlist_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard as a workbook: the CSV's rows as ``shortlist_export`` makes them, and more."""
    shortlist = shortlist_or_404(pk)
    data = shortlist_selectors.dashboard(shortlist_id=shortlist.pk, with_fragility=False)
    # Per viewer, after whatever the dashboard shares or caches: a panelist stays blind (DESIGN.md).
    data = shortlist_selectors.blind_dashboard(data, user=request.user, with_fragility=False)
    sheets = export.xlsx_sheets(
        data,
        latest=decision_selectors.latest_decisions(c.candidate.pk for c in data.columns),
        thin_below=settings.THIN_EVIDENCE_BELOW,
        note=export.provenance(data, exported_at=timezone.now(), exported_by=user_display_name(request.user)),
    )
    return spreadsheet.xlsx_response(sheets, f"shortlist-{shortlist.pk}.xlsx")


def _shortlist_rows(*, shortlist_id: int, user: Any) -> list[list[Any]]:
    """``csv_rows`` of a shortlist's dashboard as ``user`` may see it.

    Cached by the data's versions (``caching``) when the viewer is blind for no one; a panelist's
    rows are computed for them (``selectors.blind_dashboard``), never shared.
    """
    hidden = scorecard_selectors.hidden_candidate_ids(user)
    if hidden:
        data = shortlist_selectors.dashboard(shortlist_id=shortlist_id, with_fragility=False)
        return list(
            export.csv_rows(
                shortlist_selectors.blind_dashboard(data, user=user, hidden=hidden, with_fragility=False)
            )
        )
    return caching.cached(
        f"export-rows:{shortlist_id}",
        lambda: list(
            export.csv_rows(shortlist_selectors.dashboard(shortlist_id=shortlist_id, with_fragility=False))
        ),
        scopes=[caching.GLOBAL, caching.WEIGHTS, caching.PEOPLE, caching.shortlist_scope(shortlist_id)],
    )
