"""The ledger pages: download the filtered ledger, upload a ledger file, and the report of each import."""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from yunzhao.core.access import can_write
from yunzhao.projects.filtersets import ProjectFilter
from yunzhao.projects.models import Project

from . import actions
from .choices import ImportStatus
from .columns import COLUMNS
from .export import file_name, write_ledger
from .forms import ImportForm
from .models import ImportRun
from .uploads import SizeLimitHandler

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HISTORY = 30


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


def _require_writer(request: HttpRequest) -> None:
    if not can_write(request.user):
        raise PermissionDenied(_("You may not change the project ledger."))


@require_GET
def export(request: HttpRequest) -> FileResponse:
    """The ledger as an .xlsx file: the projects the user may see, filtered as on the ledger page."""
    if not request.user.sees_ledger:
        raise PermissionDenied(_("The project ledger is not part of your work."))
    filterset = ProjectFilter(request.GET or None, queryset=Project.objects.visible_to(request.user),
                              request=request)
    lang = _lang()
    # Spooled: a small ledger stays in memory, a large one goes to a temporary file.
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - the response closes it
    write_ledger(filterset.qs, out, lang=lang)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=file_name(lang), content_type=XLSX)


@csrf_exempt
def import_page(request: HttpRequest) -> HttpResponse:
    """The upload form and the user's past imports; a POST imports (or checks) one file."""
    handler = None
    if request.method == "POST":
        # Must be in place before anything reads the request body (the CSRF check below does).
        handler = SizeLimitHandler(request, settings.LEDGER_IMPORT_MAX_BYTES)
        request.upload_handlers.insert(0, handler)
    return _import_page(request, handler)


@csrf_protect
def _import_page(request: HttpRequest, handler: SizeLimitHandler | None) -> HttpResponse:
    _require_writer(request)
    form = ImportForm(initial={"dry_run": True})
    if request.method == "POST":
        dry_run = request.POST.get("dry_run") in ("on", "true", "1")
        if handler is not None and handler.too_large:
            run = actions.record_oversized_upload(file_name=handler.file_name or "", size=handler.size,
                                                  actor=request.user, dry_run=dry_run)
            return redirect("ledger:report", pk=run.pk)
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.LEDGER_IMPORT_MAX_BYTES:
                run = actions.record_oversized_upload(file_name=upload.name, size=upload.size, actor=request.user,
                                                      dry_run=form.cleaned_data["dry_run"])
            else:
                run = actions.import_ledger(upload.read(), file_name=upload.name, actor=request.user,
                                            dry_run=form.cleaned_data["dry_run"], keep_checked_file=True)
            return redirect("ledger:report", pk=run.pk)
    history = ImportRun.objects.filter(actor=request.user).order_by("-started_at", "-pk")[:HISTORY]
    lang = _lang()
    columns = [(c.header(lang), c.header("en" if lang != "en" else "zh-hans"), c.required)
               for c in COLUMNS if c.importable]
    return render(request, "ledger/import.html", {
        "form": form, "history": history, "columns": columns,
        "max_rows": settings.LEDGER_IMPORT_MAX_ROWS, "max_mb": settings.LEDGER_IMPORT_MAX_BYTES // (1024 * 1024),
    })


@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """What came of one import: the counts, or every fault found."""
    run = get_object_or_404(ImportRun, pk=pk, actor=request.user)
    _require_writer(request)
    return render(request, "ledger/report.html", {"run": run, "statuses": ImportStatus})


@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply the file of a clean dry run without sending it again."""
    run = get_object_or_404(ImportRun, pk=pk, actor=request.user)
    _require_writer(request)
    if not run.can_be_applied:
        messages.error(request, _("This check cannot be applied; upload the file again."))
        return redirect("ledger:report", pk=run.pk)
    applied = actions.apply_checked_import(run, actor=request.user)
    return redirect("ledger:report", pk=applied.pk)
