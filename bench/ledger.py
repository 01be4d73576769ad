"""Benchmark of the project ledger: the filtered ledger page and API list, the xlsx export, the import.

    .venv/bin/python bench/ledger.py [--rows 100000] [--database-url URL]

Without ``--database-url`` a new SQLite file in a temporary directory is used; with
``--database-url postgres://postgres@127.0.0.1:5432/yunzhao_bench`` that PostgreSQL database is
created, used and dropped. The script builds ``--rows`` projects with bulk inserts, then measures,
through Django's test client as a logged-in city staff member:

- the ledger page filtered to 10 and to 50 rows (time and number of queries, which must be equal),
  and the first page of the whole ledger;
- the API list (``/api/v1/projects``) with the same filters, if the API has it;
- the ``.xlsx`` export of every project;
- imports of ``--rows`` rows, each validated whole and applied all-or-nothing: new projects from a
  workbook, the same workbook again (changes nothing), the export read back (changes nothing), a
  CSV that changes every project, and that CSV with one bad cell in its last row (rejected).

Results are printed and written to ``bench/results/ledger-<database>-<timestamp>.json`` and ``.md``.
"""

import argparse
import csv
import datetime as dt
import io
import os
import random
import re
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    DEFAULT_POSTGRES,
    database_cpu_seconds,
    git_commit,
    machine,
    markdown_table,
    peak_rss_mb,
    text_table,
    throwaway_database,
    timed,
    write_results,
)

LEADER_10 = "张十"
LEADER_50 = "王五十"
INVESTORS_PER_PROJECT = 10  # one investor for every ten projects
IMPORT_HEADERS = [
    "项目名称", "英文名称", "投资方", "区县", "园区", "行业", "项目类型", "资金来源", "总投资(万元)", "币种", "用地(亩)",
    "阶段", "暂停/流失原因", "签约日期", "开工日期", "投产日期", "包挂领导", "重点项目", "备注",
]


def build(rows: int) -> dict:
    """Units, a city staff member, and ``rows`` projects with investors, inserted in bulk."""
    from yunzhao.core.choices import Industry
    from yunzhao.crm.models import Investor, name_key
    from yunzhao.orgs.choices import Role, UnitKind
    from yunzhao.orgs.models import Unit, User
    from yunzhao.orgs.reference import ensure_units
    from yunzhao.projects.choices import PIPELINE, STAGE_DATE_FIELD, Stage, stage_rank
    from yunzhao.projects.models import Project

    units = ensure_units()
    staff = User.objects.create(username="bench", role=Role.CITY_STAFF, unit=units["jnipb"], is_active=True)
    districts = list(Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("order"))
    zones = {d.pk: list(d.zones.all()) for d in districts}
    industries = list(Industry.values)
    rng = random.Random(20240501)

    investors = [
        Investor(name_zh=f"基准投资企业{i:06d}有限公司", name_key=name_key(f"基准投资企业{i:06d}有限公司"),
                 name_en=f"Bench Investor {i:06d} Co., Ltd.", owner_unit=districts[i % len(districts)])
        for i in range(max(rows // INVESTORS_PER_PROJECT, 1))
    ]
    Investor.objects.bulk_create(investors, batch_size=2000)

    stages = [*PIPELINE, Stage.PAUSED]
    today = dt.date.today()
    projects = []
    for i in range(rows):
        district = districts[i % len(districts)]
        stage = stages[i % len(stages)]
        day = today - dt.timedelta(days=rng.randrange(30, 2000))
        dates = {field: day for milestone, field in STAGE_DATE_FIELD.items()
                 if stage != Stage.PAUSED and stage_rank(stage) >= stage_rank(milestone)}
        leader = LEADER_10 if i < 10 else LEADER_50 if i < 60 else rng.choice(["", "", "", "刘", "陈", "赵"])
        district_zones = zones[district.pk]
        projects.append(Project(
            code=f"BENCH-{i:06d}", name_zh=f"基准项目{i:06d}", name_en=f"Bench project {i:06d}", district=district,
            zone=district_zones[i % len(district_zones)] if district_zones and i % 3 == 0 else None,
            industry=industries[i % len(industries)], total_investment=Decimal(rng.randrange(100, 5_000_000)) * 10000,
            land_area_mu=Decimal(rng.randrange(0, 2000)) if i % 2 else None, stage=stage,
            stage_reason="资金暂未到位" if stage == Stage.PAUSED else "", leader=leader, is_key=i % 7 == 0,
            description=f"第{i}号基准项目", created_by=staff, **dates,
        ))
    Project.objects.bulk_create(projects, batch_size=2000)
    through = Project.investors.through
    links = []
    for position, project in enumerate(projects):
        links.append(through(project_id=project.pk, investor_id=investors[position % len(investors)].pk))
        if position % 4 == 0:
            links.append(through(project_id=project.pk, investor_id=investors[(position + 1) % len(investors)].pk))
    through.objects.bulk_create(links, batch_size=5000)
    return {"staff": staff, "districts": districts, "zones": zones, "investors": investors}


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def new_rows_workbook(rows: int, world: dict) -> bytes:
    """A workbook of ``rows`` new projects, written the many ways ledgers write amounts and dates."""
    from openpyxl import Workbook

    rng = random.Random(7)
    districts, zones, investors = world["districts"], world["zones"], world["investors"]
    stage_words = ["线索", "在谈", "拟签约", "已签约", "已注册", "已开工", "已投产", "暂停"]
    amount_forms = [lambda n: f"{n / 10000:g}亿", lambda n: f"{n}万", lambda n: n, lambda n: f"{n:,}"]
    date_forms = [lambda d: d, lambda d: d.isoformat(), lambda d: f"{d.year}/{d.month}/{d.day}",
                  lambda d: f"{d.year}年{d.month}月{d.day}日", lambda d: (d - dt.date(1899, 12, 30)).days]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("导入")
    sheet.append(IMPORT_HEADERS)
    for i in range(rows):
        district = districts[i % len(districts)]
        district_zones = zones[district.pk]
        stage = stage_words[i % len(stage_words)]
        signed = dt.date(2023, 1, 1) + dt.timedelta(days=i % 700)
        names = [investors[(i * 7) % len(investors)].name_zh]
        if i % 5 == 0:
            names.append(f"新引进企业{i // 50:05d}")
        sheet.append([
            f"导入项目{i:06d}", f"Imported project {i:06d}", "；".join(names),
            district.name_zh if i % 2 else district.gb_code,
            district_zones[0].name_zh if district_zones and i % 4 == 0 else None,
            "新能源" if i % 3 else "Digital economy and software", "新建", "内资" if i % 6 else "外资",
            amount_forms[i % 4](rng.randrange(100, 900000)), "CNY", rng.randrange(10, 500) if i % 2 else None,
            stage, "土地手续办理中" if stage == "暂停" else None,
            date_forms[i % 5](signed) if stage not in ("线索", "在谈", "拟签约", "暂停") else None,
            None, None, "刘" if i % 9 == 0 else None, "是" if i % 11 == 0 else "否", f"导入说明{i}",
        ])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def changes_csv(rows: int, *, broken_last_row: bool = False) -> bytes:
    """A UTF-8 CSV that gives every bench project a new amount (and a later stage to every fifth)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["项目编号", "项目名称", "投资方", "区县", "总投资(万元)", "阶段", "暂停/流失原因"])
    from yunzhao.projects.models import Project

    through = Project.investors.through
    first_investor = {}
    for project_id, name in through.objects.order_by("pk").values_list("project_id", "investor__name_zh"):
        first_investor.setdefault(project_id, name)
    label = {"lead": "线索", "negotiating": "在谈", "expected": "拟签约", "signed": "已签约", "registered": "已注册",
             "started": "已开工", "production": "已投产", "paused": "暂停", "lost": "流失"}
    following = {"lead": "negotiating", "negotiating": "expected", "expected": "signed", "signed": "registered",
                 "registered": "started", "started": "production"}
    queryset = (Project.objects.filter(code__startswith="BENCH-").order_by("pk")
                .values_list("pk", "code", "name_zh", "district__name_zh", "stage", "stage_reason")[:rows])
    for position, (pk, code, name, district, stage, reason) in enumerate(queryset):
        new_stage = label[following.get(stage, stage)] if position % 5 == 0 else label[stage]
        amount = f"{(position % 9000) + 1234.5}万"
        writer.writerow([code, name, first_investor.get(pk, "某公司"), district, amount, new_stage, reason])
    text = out.getvalue()
    if broken_last_row:
        head, _sep, last = text.rstrip("\n").rpartition("\n")
        fields = next(csv.reader([last]))
        fields[4] = "一点五亿"
        buffer = io.StringIO()
        csv.writer(buffer).writerow(fields)
        text = head + "\n" + buffer.getvalue()
    return text.encode("utf-8")


def measure_page(client, url: str, params: dict, repeat: int = 3) -> dict:
    """Median time and query count of a GET, after one warm-up request."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)
    reset_queries()  # the log keeps at most 9,000 queries; counting needs room
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    count = len(queries.captured_queries)  # now: the log is emptied when the next request starts
    timing, response = timed(lambda: client.get(url, params), repeat=repeat)
    return {"status": response.status_code, "seconds": timing.median, "queries": count, "response": response}


def upload(client, data: bytes, name: str) -> tuple[float, float, object]:
    """Post a ledger file to the import page (applied, not a dry run); seconds, CPU seconds and the ImportRun."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from yunzhao.ledger.models import ImportRun

    start, cpu, db = time.perf_counter(), time.process_time(), database_cpu_seconds()
    response = client.post(reverse("ledger:import"), {"file": SimpleUploadedFile(name, data)})
    seconds, cpu, db = time.perf_counter() - start, time.process_time() - cpu, database_cpu_seconds() - db
    assert response.status_code == 302, response.status_code
    return seconds, (cpu, db), ImportRun.objects.order_by("-pk").first()


def run(rows: int, database: str) -> tuple[list[dict], dict]:
    from django.conf import settings
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, reset_queries
    from django.test import Client
    from django.urls import reverse

    # As Django's test runner does: keep one connection across requests, and do not empty the query log
    # when a request starts, so that the queries of a request can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.disconnect(reset_queries)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Pages render static URLs without the manifest that ``collectstatic`` would write.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    results: list[dict] = []
    info: dict = {}

    def note(name: str, *, seconds: float, count: int | None = None, queries: int | str = "", notes: str = "",
             cpu: tuple[float, float] | None = None, per_row: bool = True, **extra) -> None:
        rate = round(count / seconds) if per_row and count and seconds else ""
        app, db = cpu if cpu is not None else ("", "")
        cpu_rate = round(count / (app + db)) if cpu is not None and count and app + db else ""
        results.append({"measurement": name, "rows": count if count is not None else "", "seconds": round(seconds, 3),
                        "rows_per_s": rate, "cpu_app_seconds": app and round(app, 2),
                        "cpu_database_seconds": db and round(db, 2), "rows_per_cpu_second": cpu_rate,
                        "queries": queries, "notes": notes, "peak_rss_mb": round(peak_rss_mb()), **extra})
        print(f"  {name}: {seconds:.3f} s {notes}", flush=True)

    call_command("migrate", verbosity=0)
    seconds, world = timed(lambda: build(rows))
    analyze()
    note("setup: bulk insert of the projects (not a product path)", seconds=seconds.median, count=rows)

    client = Client()
    client.force_login(world["staff"])

    # --- the ledger page and the API list ------------------------------------------------------
    ledger = reverse("projects:ledger")
    code = re.compile(rb"BENCH-\d{6}")
    page_queries = {}
    for label, params in [("10 rows", {"leader": LEADER_10}), ("50 rows", {"leader": LEADER_50}),
                          ("first page of all", {})]:
        m = measure_page(client, ledger, params)
        shown = len(set(code.findall(m["response"].content)))
        page_queries[label] = m["queries"]
        note(f"ledger page, filtered: {label}", seconds=m["seconds"], count=shown, queries=m["queries"],
             notes=f"HTTP {m['status']}, {shown} rows shown", per_row=False)
    info["ledger_queries_equal"] = page_queries["10 rows"] == page_queries["50 rows"]

    from yunzhao.orgs.actions import issue_api_token

    _token, key = issue_api_token(world["staff"], name="bench")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    probe = api.get("/api/v1/projects", {"limit": 1})
    if probe.status_code == 404:
        info["api"] = "skipped: /api/v1/projects does not exist"
        print("  API list skipped: /api/v1/projects does not exist")
    else:
        api_queries = {}
        for label, params in [("10 rows", {"leader": LEADER_10, "limit": 10}),
                              ("50 rows", {"leader": LEADER_50, "limit": 50})]:
            m = measure_page(api, "/api/v1/projects", params)
            items = len(m["response"].json().get("items", [])) if m["status"] == 200 else 0
            api_queries[label] = m["queries"]
            note(f"API list, filtered: {label}", seconds=m["seconds"], count=items, queries=m["queries"],
                 notes=f"HTTP {m['status']}, {items} items", per_row=False)
        info["api_queries_equal"] = api_queries["10 rows"] == api_queries["50 rows"]

    # --- the export ------------------------------------------------------------------------------
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start, cpu, db = time.perf_counter(), time.process_time(), database_cpu_seconds()
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("ledger:export"))
        exported = b"".join(response.streaming_content)
    seconds, cpu, db = time.perf_counter() - start, time.process_time() - cpu, database_cpu_seconds() - db
    note("xlsx export of every project", seconds=seconds, count=rows, queries=len(queries.captured_queries),
         notes=f"{len(exported) / 1024 / 1024:.1f} MB", cpu=(cpu, db))

    # --- the imports -----------------------------------------------------------------------------
    print("  writing the import workbook…", flush=True)
    workbook = new_rows_workbook(rows, world)

    def imported(name: str, data: bytes, file_name: str, expect: str) -> None:
        seconds, cpu, result = upload(client, data, file_name)
        counts = (f"{result.status}: {result.rows_created} created, {result.rows_updated} updated, "
                  f"{result.rows_unchanged} unchanged, {result.investors_created} new investors, "
                  f"{result.error_count} faults")
        assert result.status == expect, (result.status, result.errors[:5])
        note(name, seconds=seconds, count=result.rows_total, notes=counts, cpu=cpu,
             file_mb=round(len(data) / 1024 / 1024, 1))

    imported("import: new projects (xlsx)", workbook, "new.xlsx", "applied")
    imported("import: the same workbook again (changes nothing)", workbook, "new.xlsx", "applied")
    imported("import: the export read back (changes nothing)", exported, "export.xlsx", "applied")
    imported("import: every project changed (CSV)", changes_csv(rows), "changes.csv", "applied")
    imported("import: one bad cell in the last row (rejected whole)", changes_csv(rows, broken_last_row=True),
             "broken.csv", "rejected")
    return results, info


def _load(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{value:.1f}" for value in load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="how many projects to build and import")
    parser.add_argument("--database-url", default=None,
                        help=f"a PostgreSQL URL such as {DEFAULT_POSTGRES} (created and dropped); default SQLite")
    args = parser.parse_args()
    with throwaway_database(args.database_url) as database:
        import django

        django.setup()
        from django.conf import settings

        # The import limits are the shipped defaults; a bench bigger than them raises only the row limit.
        settings.LEDGER_IMPORT_MAX_ROWS = max(settings.LEDGER_IMPORT_MAX_ROWS, args.rows)
        print(f"Ledger benchmark: {args.rows} projects on {database}", flush=True)
        started, load_before = dt.datetime.now(), os.getloadavg()
        results, info = run(args.rows, database)
        load_after = os.getloadavg()

    header = ["measurement", "rows", "seconds", "rows/s", "CPU s app", "CPU s database", "rows/CPU s", "queries",
              "notes"]
    table = [[r["measurement"], r["rows"], r["seconds"], r["rows_per_s"], r["cpu_app_seconds"],
              r["cpu_database_seconds"], r["rows_per_cpu_second"], r["queries"], r["notes"]] for r in results]
    command = "bench/ledger.py " + " ".join(sys.argv[1:])
    about = machine()
    summary = [
        f"Ledger benchmark, {args.rows:,} projects, {database}, {started:%Y-%m-%d %H:%M}",
        f"Machine: {about['cpu']}, {about['cores']} cores; Python {about['python']}; commit {git_commit()}",
        f"Command: .venv/bin/python {command}",
        f"Load average (1, 5, 15 min) at start {_load(load_before)}, at end {_load(load_after)}: other work on "
        "the machine slows the wall-clock figures. CPU seconds are those of this process (with SQLite in it) "
        "and of its PostgreSQL server process; rows/CPU s is rows over their sum.",
    ]
    notes = [f"Ledger page queries equal for 10 and 50 rows shown: {info.get('ledger_queries_equal')}"]
    if "api" in info:
        notes.append(f"API: {info['api']}")
    else:
        notes.append(f"API list queries equal for 10 and 50 rows: {info.get('api_queries_equal')}")
    print()
    print("\n".join(summary))
    print(text_table(header, table))
    print("\n".join(notes))
    markdown = "\n\n".join(["\n".join(f"{line}  " for line in summary), markdown_table(header, table),
                            "\n".join(f"- {line}" for line in notes)])
    payload = {"benchmark": "ledger", "date": started.isoformat(timespec="seconds"), "database": database,
               "load_average": {"start": load_before, "end": load_after},
               "rows": args.rows, "command": command, "machine": about, "commit": git_commit(),
               "results": results, **info, "peak_rss_mb": round(peak_rss_mb())}
    json_path, md_path = write_results("ledger", database, payload, markdown)
    print(f"Written: {os.path.relpath(json_path)} and {os.path.relpath(md_path)}")


if __name__ == "__main__":
    main()
