"""The reports page (ask for a report, see and download past ones) and the download of a file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yunzhao.core.forms import add_action_errors

from . import actions, selectors
from .choices import CONTENT_TYPES, ReportLanguage
from .forms import ReportForm

SHOWN = 50


def _require_reader(request: HttpRequest) -> None:
    """Media editors work on reach and never see the ledger or reports made from it."""
    if not request.user.sees_ledger:
        raise PermissionDenied(_("The scheduling report is not part of your work."))


@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """Reports the user may see, newest first, and the form that asks for a new one."""
    _require_reader(request)
    user = request.user
    lang = ReportLanguage.EN if (get_language() or "").startswith("en") else ReportLanguage.ZH
    form = ReportForm(initial={"period": timezone.localdate(), "lang": lang})
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.request_report(
                    actor=user,
                    period_start=data["period"],
                    grouping=data["grouping"],
                    lang=data["lang"],
                    formats=data["formats"],
                )
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(
                    request, _("The report is being generated; it appears below when it is ready.")
                )
                return redirect("reports:index")
    reports = list(selectors.reports_for(user)[:SHOWN])
    context = {
        "form": form,
        "reports": reports,
        "pending": any(report.is_pending for report in reports),
        "scope": _("The whole city") if user.is_citywide else (user.unit.display_name if user.unit else ""),
    }
    if request.headers.get("HX-Request"):
        return render(request, "reports/includes/list.html", context)
    return render(request, "reports/index.html", context)


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    """Stream a file of a report the user may see; any other report is a 404."""
    report_file = selectors.get_file_for_user(pk, request.GET.get("format"), request.user)
    try:
        handle = report_file.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=selectors.download_name(report_file.report, report_file.format),
        content_type=CONTENT_TYPES[report_file.format],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
