"""Signings at every level, with their totals, and the private agreement download."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django_tables2 import RequestConfig

from ..forms import SigningFilterForm
from ..selectors import filter_signings, get_signing_for_user, signing_totals, visible_signings
from ..tables import SigningTable
from ..validators import AGREEMENT_TYPES, agreement_extension
from .common import require_ledger_reader


def signing_list(request: HttpRequest) -> HttpResponse:
    """Every signing the user may see (provincial, city, district, other cities) with their totals."""
    require_ledger_reader(request)
    user = request.user
    form = SigningFilterForm(request.GET or None, user=user)
    signings = filter_signings(visible_signings(user), **form.filters())
    table = SigningTable(signings.order_by("-signed_on", "-pk"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "campaigns/signing_list.html",
        {
            "form": form,
            "table": table,
            "totals": signing_totals(signings),
            "event": form.cleaned_data.get("event") if form.is_bound and form.is_valid() else None,
        },
    )


def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream a signing's agreement to staff who may see the project; everyone else gets a 404."""
    signing = get_signing_for_user(pk, request.user)
    if not signing.agreement:
        raise Http404
    ext = agreement_extension(signing.agreement.name)
    if ext not in AGREEMENT_TYPES:
        raise Http404
    try:
        handle = signing.agreement.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # A name built from the ledger number and date: nothing the uploader typed reaches the header.
    filename = f"{signing.project.code}-{signing.signed_on:%Y%m%d}-agreement{ext}"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=AGREEMENT_TYPES[ext][0]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
