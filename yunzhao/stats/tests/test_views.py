"""The statistics pages: what each user sees, the drill-down, the bulletin, the provincial form, query counts."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from yunzhao.projects import actions as project_actions
from yunzhao.projects.choices import Stage
from yunzhao.stats.models import ProvincialFigure
from yunzhao.testing.factories import make_project

from .conftest import YI

D = dt.date
FIGURES = reverse("stats:figures")


def records(code, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('stats:records', args=[code])}?{query}"


@pytest.mark.parametrize(
    "url",
    [FIGURES, reverse("stats:bulletin"), reverse("stats:provincial"), records("signed_ge1", period="2023")],
)
def test_pages_turn_anonymous_users_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "url",
    [FIGURES, reverse("stats:bulletin"), reverse("stats:provincial"), records("signed_ge1", period="2023")],
)
def test_media_editors_are_refused(client, media_editor, url):
    client.force_login(media_editor)
    assert client.get(url).status_code == 403


def test_figures_page_shows_headline_figures_with_their_links(client, leader, ledger):
    # when
    client.force_login(leader)
    response = client.get(FIGURES, {"period": "2023"})
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'href="/stats/records/signed_ge1/\?period=2023"[^>]*>4个</a>', html)
    assert re.search(r'href="/stats/records/foreign_capital/\?period=2023"[^>]*>1,644.93万美元</a>', html)
    assert "+300.0%" in html and "+64.5%" in html
    assert "统计期内到位的外资资金之和" in html  # the definitions
    table = response.context["table"]
    assert [(row.label, row.rank) for row in table[:3]] == [("历下区", 1), ("天桥区", 2), ("槐荫区", 2)]
    assert response.context["funnel"].counts["signed"] == 5


def test_figures_page_breaks_down_and_ranks_by_what_is_asked(client, city_staff, ledger):
    client.force_login(city_staff)
    response = client.get(FIGURES, {"period": "2023", "by": "country", "sort": "foreign_capital"})
    assert response.status_code == 200
    assert [(row.label, row.cells[0].amount) for row in response.context["table"]][:2] == [
        ("中国", Decimal("10000000.00")),
        ("美国", Decimal("5000000.00")),
    ]


def test_a_bad_period_is_explained_and_the_default_shown(client, city_staff, ledger):
    client.force_login(city_staff)
    response = client.get(FIGURES, {"period": "2023Q7"})
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert response.context["requested"].code == str(dt.date.today().year)


def test_a_district_user_sees_their_district_only(client, district_staff, ledger):
    # when
    client.force_login(district_staff)
    response = client.get(FIGURES, {"period": "2023"})
    # then
    html = response.content.decode()
    assert re.search(r'href="/stats/records/signed_ge1/\?period=2023"[^>]*>2个</a>', html)
    assert [row.label for row in response.context["table"]] == ["历下区"]
    assert "In the province" not in html and "全省" not in html


def test_records_list_the_rows_that_add_up_to_the_figure(client, city_staff, ledger, units):
    # when
    client.force_login(city_staff)
    response = client.get(records("foreign_capital", period="2023", district=units["lixia"].pk))
    # then: P1 US$10,000,000 and P3 US$1,449,275.36
    assert response.status_code == 200
    rows = [row for row, _url in response.context["rows"]]
    assert [(row.project.pk, row.amount) for row in rows] == [
        (ledger.p1.pk, Decimal("10000000.00")),
        (ledger.p3.pk, Decimal("1449275.36")),
    ]
    assert response.context["page_sum"] == response.context["figure"].amount == Decimal("11449275.36")
    assert "US$11,449,275.36" in response.content.decode()


def test_records_of_another_district_are_empty_for_a_district_user(client, district_staff, ledger, units):
    client.force_login(district_staff)
    response = client.get(records("signed_ge1", period="2023", district=units["tianqiao"].pk))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["figure"].count == 0


@pytest.mark.parametrize(
    "url",
    [
        records("no_such_figure", period="2023"),
        records("signed_ge1", period="2023Q9"),
        records("signed_ge1", period="2023", district="abc"),
        records("signed_ge1", period="2099"),
    ],
)
def test_records_of_something_that_is_not_a_figure_are_404(client, city_staff, ledger, url):
    client.force_login(city_staff)
    assert client.get(url).status_code == 404


def test_records_csv_has_every_row_and_the_total(client, city_staff, ledger):
    client.force_login(city_staff)
    response = client.get(records("signed_ge1", period="2023") + "&format=csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert len(lines) == 2 + 4 + 1
    assert lines[-1].split(",")[1] == "4"
    assert lines[-1].split(",")[8] == "19103500000.00"


def test_records_are_paged_across_the_parts_of_a_figure(client, city_staff, ledger, monkeypatch):
    # given pages of 4 rows: signed_amount has 5 signings and 1 stage-only project (P4)
    monkeypatch.setattr("yunzhao.stats.views.PER_PAGE", 4)
    client.force_login(city_staff)
    first = client.get(records("signed_amount", period="2023"))
    second = client.get(records("signed_amount", period="2023", page=2))
    # then
    amounts = [row.amount for row, _ in first.context["rows"]] + [
        row.amount for row, _ in second.context["rows"]
    ]
    assert len(amounts) == 6
    assert sum(amounts) == first.context["figure"].amount == Decimal("18683500000.00")
    assert [row.project.pk for row, _ in second.context["rows"]][-1] == ledger.p4.pk


def test_figures_page_takes_a_fixed_number_of_queries(
    client, city_staff, ledger, units, django_assert_num_queries
):
    client.force_login(city_staff)
    client.get(FIGURES, {"period": "2023"})  # warm the session

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(FIGURES, {"period": "2023"}).status_code == 200
        return len(queries)

    before = count()
    # when every district signs more projects
    for district in (u for u in units.values() if u.kind == "district"):
        project = make_project(city_staff, district=district, total_investment=2 * YI)
        project_actions.change_stage(project, to=Stage.STARTED, actor=city_staff, on=D(2023, 7, 7))
    # then
    assert count() == before
    assert before <= 17  # session and user, 5 figure aggregates, 2 breakdowns, units, provincial, funnel…


def test_bulletin_page_links_numbers_and_downloads_markdown(client, city_staff, ledger):
    client.force_login(city_staff)
    # when
    page = client.get(reverse("stats:bulletin"), {"period": "2023"})
    download = client.get(reverse("stats:bulletin"), {"period": "2023", "lang": "en", "format": "md"})
    # then
    html = page.content.decode()
    assert '<a href="/stats/records/signed_ge1/?period=2023" class="yz-cite">4个</a>' in html
    assert download["Content-Type"].startswith("text/markdown")
    assert download["Content-Disposition"] == 'attachment; filename="bulletin-2023.md"'
    assert download.content.decode().startswith("# Investment promotion in Jinan: 2023")


def test_a_district_users_bulletin_is_their_districts(client, district_staff, ledger, units):
    client.force_login(district_staff)
    response = client.get(reverse("stats:bulletin"), {"period": "2023", "district": units["tianqiao"].pk})
    assert response.status_code == 200
    assert response.context["bulletin"].text.startswith("2023年，历下区签约过亿元项目2个")


def test_staff_enter_provincial_figures_and_see_the_rank(client, city_staff, ledger):
    client.force_login(city_staff)
    url = reverse("stats:provincial")
    # when
    response = client.post(
        f"{url}?statistic=foreign_capital&period=2023",
        {
            "statistic": "foreign_capital",
            "period": "2023",
            "city_zh": "青岛市",
            "city_en": "Qingdao",
            "value": "3亿美元",
            "source_note": "省商务厅",
        },
    )
    # then
    assert response.status_code == 302
    assert ProvincialFigure.objects.get().value == Decimal("300000000.00")
    page = client.get(response.url)
    assert page.context["ranking"].home.rank == 2
    assert re.search(r"第二", page.content.decode())


def test_provincial_form_explains_a_bad_value(client, city_staff, ledger):
    client.force_login(city_staff)
    response = client.post(
        reverse("stats:provincial"),
        {"statistic": "signed_ge1", "period": "2023", "city_zh": "青岛市", "value": "12.5"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["value"]
    assert not ProvincialFigure.objects.exists()


def test_leaders_read_the_provincial_table_but_cannot_enter(client, leader, ledger):
    client.force_login(leader)
    url = reverse("stats:provincial")
    assert client.get(url).context["form"] is None
    assert (
        client.post(
            url, {"statistic": "foreign_capital", "period": "2023", "city_zh": "青岛市", "value": "1"}
        ).status_code
        == 403
    )


def test_district_users_do_not_get_the_provincial_table(client, district_staff, ledger):
    client.force_login(district_staff)
    assert client.get(reverse("stats:provincial")).status_code == 403


@pytest.mark.parametrize("code", ["signed_amount", "foreign_capital", "signed_ge1"])
def test_records_page_takes_a_fixed_number_of_queries(client, city_staff, ledger, units, code):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(city_staff)
    client.get(records(code, period="2023"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(records(code, period="2023")).status_code == 200
        return len(queries)

    before = count()
    # when more records of every kind arrive in several districts
    for district in (u for u in units.values() if u.kind == "district"):
        project = make_project(city_staff, district=district, total_investment=2 * YI)
        project_actions.change_stage(project, to=Stage.SIGNED, actor=city_staff, on=D(2023, 7, 7))
        project_actions.record_capital(
            project, actor=city_staff, received_on=D(2023, 7, 8), amount=Decimal(1000), source="foreign"
        )
    # then
    assert count() == before
