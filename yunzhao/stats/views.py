"""Statistics pages: the figures, the records behind a figure, the bulletin and the provincial table."""

import csv
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yunzhao.core.forms import add_action_errors
from yunzhao.orgs.models import Unit

from . import actions, bulletin, conversion, figures, registry, selectors
from .dimensions import DIMENSIONS, DISTRICT
from .forms import BulletinForm, FiguresForm, PeriodField, ProvincialFigureForm, default_period
from .links import records_url
from .periods import Period, PeriodError, presets, year
from .renderers import RENDERERS
from .sources import RecordRow

PER_PAGE = 100
# Columns of the breakdown table, besides the statistic it is ranked by.
TABLE = ["signed_ge1", "foreign_capital", "domestic_capital", "projects_started", "projects_in_production"]
PAGE_STATISTICS = [*registry.HEADLINE, *registry.WATCH_LISTS, "signed_projects", "signed_amount"]


def require_reader(request: HttpRequest) -> None:
    """Media editors work on reach and never see the ledger or figures computed from it."""
    if not request.user.sees_ledger:
        raise PermissionDenied(_("The statistics are not part of your work."))


def scope_name(user) -> str:
    """Whose figures the user sees: the whole city, or their district or zone."""
    if user.is_citywide or user.unit is None:
        return _("The whole city")
    return user.unit.display_name


def _lang() -> str:
    return get_language() or "zh-hans"


def _project_url(pk: int) -> str | None:
    try:
        return reverse("projects:detail", args=[pk])
    except NoReverseMatch:
        return None


@dataclass
class TableRow:
    """One key of a breakdown, with the figure of each column."""

    key: object
    label: str
    rank: int | None
    cells: list


def figures_page(request: HttpRequest) -> HttpResponse:
    """The headline figures of a period with year-on-year change, conversion, watch lists, a breakdown
    ranked by one statistic, and the definitions."""
    require_reader(request)
    today = timezone.localdate()
    lang = _lang()
    form = FiguresForm(request.GET or None, today=today, lang=lang)
    period, by, sort = default_period(today), DISTRICT.code, "signed_ge1"
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["period"]
        by = form.cleaned_data["by"] or by
        sort = form.cleaned_data["sort"] or sort
    user = request.user
    found = figures.compute(PAGE_STATISTICS, period, user=user, today=today)
    columns = [sort, *[code for code in TABLE if code != sort]]
    split = figures.breakdown(columns, period, by, user=user, today=today)
    cells = {code: {f.key: f for f in split[code]} for code in columns}
    table = [
        TableRow(
            key=f.key,
            label=f.label,
            rank=f.rank if by == DISTRICT.code else None,
            cells=[cells[code][f.key] for code in columns],
        )
        for f in split[sort]
    ]
    headline = [found[code] for code in registry.HEADLINE]
    ranks = {}
    if user.is_citywide:
        entered = selectors.provincial_rows_for([f for f in headline if f.statistic.comparable])
        ranks = {code: selectors.provincial_ranking(found[code], rows=rows) for code, rows in entered.items()}
    shown = [
        *headline,
        found["signed_projects"],
        found["signed_amount"],
        *[found[code] for code in registry.WATCH_LISTS],
    ]
    definitions = {}
    for figure in shown:
        definitions.setdefault(figure.statistic.definition(lang), figure.statistic.family(lang))
    first = found["signed_ge1"]
    return render(
        request,
        "stats/figures.html",
        {
            "form": form,
            "period": first.period,
            "requested": period,
            "as_of": first.as_of,
            "scope": scope_name(user),
            "headline": [(f, ranks.get(f.code)) for f in headline],
            "signed_all": found["signed_projects"],
            "signed_amount": found["signed_amount"],
            "watch": [found[code] for code in registry.WATCH_LISTS],
            "funnel": conversion.conversion(period, user=user, today=today)[0],
            "dimension": DIMENSIONS[by],
            "columns": [registry.get(code) for code in columns],
            "table": table,
            "sort": registry.get(sort),
            "definitions": [(name, text) for text, name in definitions.items()],
            "presets": presets(today),
            "stalled_months": registry.stalled_months(),
            "citywide": user.is_citywide,
        },
    )


def _filters_from(request: HttpRequest) -> dict:
    filters = {}
    for code, dimension in DIMENSIONS.items():
        if code in request.GET:
            try:
                filters[code] = dimension.parse_key(request.GET[code])
            except ValueError as exc:
                raise Http404 from exc
    return filters


def _period_from(request: HttpRequest) -> Period:
    field = PeriodField(required=False)
    try:
        period = field.clean(request.GET.get("period")) or default_period(timezone.localdate())
        if period.start > timezone.localdate():
            raise Http404
        return period
    except ValidationError as exc:
        raise Http404 from exc


def _page_of_parts(parts, number: str | None):
    """One page of the rows of several querysets read one after another (one count query each)."""
    counts = [part.queryset.count() for part in parts]
    paginator = Paginator(range(sum(counts)), PER_PAGE)
    page = paginator.get_page(number)
    start, stop = page.start_index() - 1 if page.object_list else 0, page.end_index()
    rows: list[RecordRow] = []
    offset = 0
    for part, count in zip(parts, counts, strict=True):
        low, high = max(start - offset, 0), min(stop - offset, count)
        if low < high:
            source = part.term.source
            rows += [
                source.row(obj, date_field=part.term.date, amount_field=part.term.amount)
                for obj in part.queryset[low:high]
            ]
        offset += count
    return page, rows


def records(request: HttpRequest, code: str) -> HttpResponse:
    """The records a figure was computed from, with their amounts; they add up to the figure."""
    require_reader(request)
    try:
        statistic = registry.get(code)
    except KeyError as exc:
        raise Http404 from exc
    period, filters = _period_from(request), _filters_from(request)
    user = request.user
    figure = figures.compute([statistic], period, user=user, filters=filters)[code]
    parts = figures.record_parts(statistic, period, user=user, filters=filters)
    if request.GET.get("format") == "csv":
        return _records_csv(statistic, figure, parts)
    page, rows = _page_of_parts(parts, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    chips = []
    for dim_code, key in filters.items():
        dimension = DIMENSIONS[dim_code]
        label = (
            dimension.labels([key]).get(key, dimension.none_label)
            if key is not None
            else dimension.none_label
        )
        chips.append((dimension.label, label))
    lang = _lang()
    return render(
        request,
        "stats/records.html",
        {
            "statistic": statistic,
            "figure": figure,
            "definition": statistic.definition(lang),
            "name": statistic.name(lang),
            "chips": chips,
            "rows": [(row, _project_url(row.project.pk)) for row in rows],
            "page": page,
            "page_sum": sum((row.amount for row in rows if row.amount is not None), start=0),
            "query": query.urlencode(),
            "scope": scope_name(user),
        },
    )


class _Echo:
    def write(self, value):
        return value


def _records_csv(statistic, figure, parts) -> StreamingHttpResponse:
    lang = _lang()
    header = [
        _("Date"),
        _("Ledger number"),
        _("Project"),
        _("District / county"),
        _("Zone"),
        _("Amount recorded"),
        _("Currency"),
        _("Rate"),
        _("Counted (%(unit)s)") % {"unit": statistic.currency or "-"},
        _("Note"),
    ]

    def lines():
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow([statistic.name(lang), figure.period.label(lang)])
        yield writer.writerow(header)
        for part in parts:
            for obj in part.queryset.iterator(chunk_size=2000):
                row = part.term.source.row(obj, date_field=part.term.date, amount_field=part.term.amount)
                project = row.project
                yield writer.writerow(
                    [
                        row.date or "",
                        project.code,
                        project.display_name,
                        project.district.display_name,
                        project.zone.display_name if project.zone_id else "",
                        row.original,
                        row.currency,
                        row.rate if row.rate is not None else "",
                        row.amount if row.amount is not None else "",
                        row.note,
                    ]
                )
        yield writer.writerow(
            [
                _("Total"),
                figure.count,
                "",
                "",
                "",
                "",
                "",
                "",
                figure.amount if figure.amount is not None else "",
                "",
            ]
        )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{statistic.code}-{figure.period.code}.csv"'
    return response


def _bulletin_units(user):
    """Districts the user may ask a bulletin for (their own only, unless city-wide)."""
    if user.is_citywide:
        return Unit.objects.districts().order_by("order", "code")
    return Unit.objects.filter(pk=user.unit_id)


def bulletin_page(request: HttpRequest) -> HttpResponse:
    """The bulletin paragraph of a period, each number linked to its records; Markdown to download."""
    require_reader(request)
    user = request.user
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("period", str(year(today.year - 1).code))
    if not user.is_citywide:
        data.pop("district", None)  # their own unit, always
    form = BulletinForm(data, today=today, districts=_bulletin_units(user))
    composed = None
    if form.is_valid():
        unit = form.cleaned_data["district"]
        if not user.is_citywide:
            unit = user.unit  # a district or zone sees only its own figures, so its bulletin is its own
        composed = bulletin.build(
            form.cleaned_data["period"],
            lang=form.cleaned_data["lang"],
            user=user,
            unit=unit,
            link=records_url,
            today=today,
        )
        fmt = request.GET.get("format")
        if fmt and fmt != "html":
            renderer = RENDERERS.get(fmt)
            if renderer is None:
                raise Http404
            rendered = renderer(composed)
            response = HttpResponse(rendered.content, content_type=rendered.content_type)
            response["Content-Disposition"] = (
                f'attachment; filename="bulletin-{composed.period.code}.{rendered.extension}"'
            )
            return response
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "stats/bulletin.html",
        {
            "form": form,
            "bulletin": composed,
            "query": query.urlencode(),
            "formats": [fmt for fmt in RENDERERS if fmt != "html"],
            "presets": presets(today),
            "citywide": user.is_citywide,
        },
    )


def provincial(request: HttpRequest) -> HttpResponse:
    """The city's rank in the province for a statistic and period, and the form to enter other cities."""
    require_reader(request)
    user = request.user
    if not user.is_citywide:
        raise PermissionDenied(_("The provincial comparison is kept by the city bureau."))
    today = timezone.localdate()
    code = request.GET.get("statistic") or "foreign_capital"
    if code not in dict(registry.comparable_choices()):
        raise Http404
    try:
        period = PeriodField().clean(request.GET.get("period") or year(today.year - 1).code)
    except ValidationError:
        period = year(today.year - 1)
    can_enter = actions.can_enter_provincial_figures(user)
    form = ProvincialFigureForm(request.POST or None, initial={"statistic": code, "period": period.code})
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied(_("Only the city bureau enters provincial figures."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                entered = actions.enter_provincial_figure(
                    actor=user,
                    city_zh=data["city_zh"],
                    city_en=data["city_en"],
                    statistic=data["statistic"],
                    period=data["period"].code,
                    value=data["value"],
                    source_note=data["source_note"],
                )
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("Saved the figure of %(city)s.") % {"city": entered.city})
                return redirect(
                    f"{reverse('stats:provincial')}?statistic={entered.statistic}&period={entered.period}"
                )
    statistic = registry.get(code)
    try:
        figure = figures.compute([statistic], period, user=user, today=today)[code]
    except PeriodError as exc:
        raise Http404 from exc
    lang = _lang()
    return render(
        request,
        "stats/provincial.html",
        {
            "statistic": statistic,
            "name": statistic.name(lang),
            "period": period,
            "figure": figure,
            "ranking": selectors.provincial_ranking(figure),
            "form": form if can_enter else None,
            "choices": registry.comparable_choices(),
            "presets": presets(today),
        },
    )
