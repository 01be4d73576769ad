"""The ledger (台账) and the pipeline board: what the user sees, filtered, counted and summed."""

from django.core.paginator import Paginator
from django.db.models import Count, F, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from yunzhao.core.access import can_write

from ..choices import PIPELINE, Stage
from ..filtersets import ProjectFilter
from ..forms import LedgerFilterForm, narrow_filter_units
from ..models import Project
from ..selectors import ledger_queryset
from ..tables import ProjectTable
from .common import require_reader

PER_PAGE = 50
CARDS_PER_STAGE = 20
BOARD_STAGES = [*PIPELINE, Stage.PAUSED, Stage.LOST]


class LedgerFilter(ProjectFilter):
    """The shared ledger filters, with the form dressed for the page."""

    class Meta(ProjectFilter.Meta):
        form = LedgerFilterForm


class CountedPaginator(Paginator):
    """A paginator given the number of rows, which the ledger totals have already counted."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count


def _filterset(request: HttpRequest, queryset: QuerySet) -> LedgerFilter:
    filterset = LedgerFilter(request.GET or None, queryset=queryset, request=request)
    narrow_filter_units(filterset.form, request.user)
    return filterset


def _without(query: QueryDict, *names: str) -> QueryDict:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query


def _one_row_per_project(queryset: QuerySet) -> QuerySet:
    """A text search joins investors and needs DISTINCT; aggregates and windows want plain rows."""
    if queryset.query.distinct:
        return Project.objects.filter(pk__in=queryset.order_by().values("pk"))
    return queryset


def ledger(request: HttpRequest) -> HttpResponse:
    """The project ledger: filters, totals of the whole filtered set, and a sortable page of 50 rows."""
    require_reader(request)
    filterset = _filterset(request, ledger_queryset(request.user))
    projects = filterset.qs
    totals = projects.totals()
    # Configured here rather than by RequestConfig: 50 rows a page whatever the query string asks.
    table = ProjectTable(projects)
    table.request = request
    sort = request.GET.getlist(table.prefixed_order_by_field)
    if sort:
        table.order_by = sort
    table.paginate(paginator_class=CountedPaginator, per_page=PER_PAGE, page=1, count=totals["count"])
    table.page = table.paginator.get_page(request.GET.get(table.prefixed_page_field))
    return render(
        request,
        "projects/ledger.html",
        {
            "filter": filterset,
            "table": table,
            "totals": totals,
            "export_query": _without(request.GET, "page").urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
            "can_write": can_write(request.user),
        },
    )


def board(request: HttpRequest) -> HttpResponse:
    """The pipeline by stage: count and amount of each column, and its most recently updated projects."""
    require_reader(request)
    filterset = _filterset(request, Project.objects.visible_to(request.user))
    projects = _one_row_per_project(filterset.qs)
    sums = {
        row["stage"]: row
        for row in projects.order_by()
        .values("stage")
        .annotate(count=Count("pk"), amount=Sum("total_investment_cny"))
    }
    recent = (
        projects.select_related("district", "zone")
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("stage")], order_by=[F("updated_at").desc(), F("id").desc()]
            )
        )
        .filter(rank__lte=CARDS_PER_STAGE)
        .order_by("stage", "rank")
    )
    cards: dict[str, list[Project]] = {stage: [] for stage in BOARD_STAGES}
    for project in recent:
        cards.setdefault(project.stage, []).append(project)
    base_query = _without(request.GET, "page", "stage", "sort")
    columns = []
    for stage in BOARD_STAGES:
        query = base_query.copy()
        query["stage"] = stage
        row = sums.get(stage, {})
        columns.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "count": row.get("count", 0),
                "amount": row.get("amount") or 0,
                "projects": cards[stage],
                "ledger_query": query.urlencode(),
                "off_pipeline": stage in (Stage.PAUSED, Stage.LOST),
            }
        )
    return render(
        request,
        "projects/board.html",
        {
            "filter": filterset,
            "columns": columns,
            "cards_per_stage": CARDS_PER_STAGE,
            "filtered": any(v for k, v in request.GET.items() if k != "stage"),
        },
    )
