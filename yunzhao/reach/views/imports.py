"""Importing snapshots from a file: the upload page, the report of each import, and a blank template."""

import csv
import io

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from yunzhao.ledger.uploads import SizeLimitHandler

from .. import actions, importer
from ..choices import ImportStatus
from ..forms import SnapshotImportForm
from ..models import SnapshotImport
from ..querysets import records_reach
from ..snapshots import Fault

HISTORY = 20


def _require_recorder(request: HttpRequest) -> None:
    if not records_reach(request.user):
        raise PermissionDenied(_("You may not record reach."))


def _english() -> bool:
    return (get_language() or "").startswith("en")


@csrf_exempt
def import_snapshots(request: HttpRequest) -> HttpResponse:
    """The upload form and the user's past imports; a POST checks one file and records it if clean."""
    handler = None
    if request.method == "POST":
        # In place before anything reads the body (the CSRF check does), so a huge upload is never kept.
        handler = SizeLimitHandler(request, settings.LEDGER_IMPORT_MAX_BYTES)
        request.upload_handlers.insert(0, handler)
    return _import_page(request, handler)


@csrf_protect
def _import_page(request: HttpRequest, handler: SizeLimitHandler | None) -> HttpResponse:
    _require_recorder(request)
    form = SnapshotImportForm()
    if request.method == "POST":
        if handler is not None and handler.too_large:
            size = handler.content_length
            message = _("The file is too large (%(size)s MB); at most %(limit)s MB can be imported at once.") % {
                "size": f"{size / 1024 / 1024:.1f}", "limit": settings.LEDGER_IMPORT_MAX_BYTES // (1024 * 1024)}
            run = actions.log_import(actor=request.user, file_name=handler.file_name or "", sha256="", size=size,
                                     status=ImportStatus.REJECTED, faults=[Fault(None, "", message)])
            return redirect("reach:import-report", pk=run.pk)
        form = SnapshotImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            run = importer.import_snapshots(upload.read(), file_name=upload.name, actor=request.user,
                                            dry_run=form.cleaned_data["dry_run"])
            return redirect("reach:import-report", pk=run.pk)
    history = SnapshotImport.objects.filter(actor=request.user)[:HISTORY]
    columns = [(c.en if _english() else c.zh, c.zh if _english() else c.en, c.key) for c in importer.COLUMNS]
    return render(request, "reach/import.html", {
        "form": form, "history": history, "columns": columns,
        "max_mb": settings.LEDGER_IMPORT_MAX_BYTES // (1024 * 1024),
    })


@require_GET
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    """What came of one import: the counts, or every fault found."""
    _require_recorder(request)
    run = get_object_or_404(SnapshotImport, pk=pk, actor=request.user)
    return render(request, "reach/import_report.html", {"run": run, "statuses": ImportStatus})


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """A CSV with the column headers in the user's language and one example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.en if _english() else c.zh for c in importer.COLUMNS])
    writer.writerow(["1", "", "people-app", "live", "2021-03-30 18:00", "1200000", "350000", "8000", "2100", "640",
                     "51000"])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    name = "reach-snapshots.csv" if _english() else "reach-snapshots-zh.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
