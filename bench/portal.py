"""Benchmark of the public portal under granian: cached pages and search, against the same server's ceiling.

    .venv/bin/python bench/portal.py [--policies 10000] [--news 10000] [--duration 10] [--connections 16]
                                     [--workers 2] [--threads 8] [--redis-url redis://127.0.0.1:6379/0]
                                     [--database-url postgres://…] [--client wrk|python]

In one run, on a throwaway database (SQLite file, or the PostgreSQL database named by ``--database-url``):

1. **Data**: Jinan's units, the portal's demo content (zones, city figures, event pages with an event
   live now and its streams) published through the actions staff use, then ``--policies`` policies
   and ``--news`` news items written from a pool of sentences about the city's industries, places and
   support measures in Chinese (half of them with an English text as well), segmented with jieba and
   indexed as publishing does (bulk inserts: setup, not a product path; its time is only reported).
2. **Server**: granian (WSGI, ``--workers`` processes × ``--threads`` blocking threads) running the
   site's own settings and URLs, plus one trivial view, ``/hello/``, that answers a short text
   through the whole middleware stack: the **ceiling** every page is compared with, measured on the
   same server in the same run. With ``--redis-url`` the cache (hence the shared page cache and the
   content version) is Redis, as in production; without it, each process's memory.
3. **Pages** (each after a warm-up that fills the page cache): the home page, a zone, the live event
   (each alternating ``/zh/`` and ``/en/``), each in ``--rounds`` turns with the trivial page, so that
   the page and its ceiling are measured on the same machine at the same moment (others' work on a
   shared machine drifts within minutes); then **search**: ``/zh|en/search/?q=…`` with queries
   drawn from 20,000 distinct ones (one or two Chinese words, or English words, common and rare).
   The servers load the word-segmentation dictionary at start (``YUNZHAO_SEARCH_PRELOAD=1``, as an
   app server should be run), and searching waits until every worker answers quickly.
   Search is measured on a second server started with the page cache switched off
   (``PORTAL_CACHE_SECONDS`` = 0), so that every request segments the query and searches the index:
   its p99 is the cost of a search, not of a cache hit. Twice: its **throughput** with wrk's closed
   loop, and its **latency** with requests sent on a fixed schedule (``--search-rate`` a second, open
   loop, latency counted from each request's due time). The policy list filtered by words (the
   paginated page with its count) is measured the same way.

Goals: each cached page at least **50 %** of the ceiling's requests/s; search p99 under **200 ms**
(at the steady rate). In a closed loop a saturated server's latency is connections / throughput,
the wait in its queue, so the closed-loop p99 of the cached pages depends on ``--connections``. The machine's load average before and after is recorded (a shared 2-core box).

Results are printed and written to ``bench/results/portal-<database>-<timestamp>.json`` and ``.md``.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import git_commit, machine, markdown_table, text_table, throwaway_database, write_results  # noqa: E402
from beacon import CpuMeter, Server, cpu_shares, run_python_client, run_wrk  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
CACHE_GOAL = 0.5
SEARCH_P99_GOAL_MS = 200
SEARCH_QUERIES = 20_000

# --- The application under test (imported by granian from this file) -----------------------------


def application():
    """granian ``--factory`` target: the site's Django with ``/hello/`` added, through every middleware."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunzhao.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    settings.ROOT_URLCONF = "portal"  # this module (see __getattr__)
    if "BENCH_PORTAL_CACHE_SECONDS" in os.environ:
        settings.PORTAL_CACHE_SECONDS = int(os.environ["BENCH_PORTAL_CACHE_SECONDS"])
    return WSGIHandler()


def __getattr__(name: str):
    """This module's ``urlpatterns``, made only when Django asks for them (Django is set up by then)."""
    if name != "urlpatterns":
        raise AttributeError(name)
    from django.contrib.auth.decorators import login_not_required
    from django.http import HttpResponse
    from django.urls import include, path

    @login_not_required
    def hello(request):
        return HttpResponse(b"hello", content_type="text/plain")

    return [path("hello/", hello), path("", include("yunzhao.urls"))]


# --- Content ----------------------------------------------------------------------------------------

PLACES = [("济南", "Jinan"), ("历下区", "Lixia District"), ("市中区", "Shizhong District"), ("槐荫区", "Huaiyin District"),
          ("天桥区", "Tianqiao District"), ("历城区", "Licheng District"), ("长清区", "Changqing District"),
          ("章丘区", "Zhangqiu District"), ("济阳区", "Jiyang District"), ("莱芜区", "Laiwu District"),
          ("高新区", "the High-Tech Zone"), ("起步区", "the Pioneer Zone"), ("自贸区济南片区", "the Free Trade Zone"),
          ("综合保税区", "the bonded zone"), ("国际医学科学中心", "the Medical Science Center")]
INDUSTRIES = [("新能源汽车", "new-energy vehicles"), ("动力电池", "power batteries"), ("储能", "energy storage"),
              ("氢能", "hydrogen energy"), ("集成电路", "integrated circuits"), ("生物医药", "biomedicine"),
              ("人工智能", "artificial intelligence"), ("新材料", "new materials"), ("智能装备", "intelligent equipment"),
              ("数字经济", "the digital economy"), ("跨境电商", "cross-border e-commerce"), ("医疗器械", "medical devices"),
              ("现代物流", "modern logistics"), ("产业金融", "industrial finance"), ("文化旅游", "culture and tourism"),
              ("绿色低碳", "green and low-carbon industry"), ("工业互联网", "the industrial internet"),
              ("量子信息", "quantum information"), ("空天信息", "aerospace information"), ("精准医疗", "precision medicine")]
SUPPORT = [("固定资产投资补助", "grants on fixed-asset investment"), ("用地保障", "land supply"),
           ("人才公寓", "talent apartments"), ("研发费用奖励", "rewards on research spending"),
           ("三年房租减免", "three years without rent"), ("贷款贴息", "interest subsidies on loans"),
           ("首台套奖励", "rewards for first units of new equipment"), ("流片补贴", "tape-out subsidies"),
           ("子女入学便利", "school places for children"), ("一次性落户奖励", "a one-off settlement reward")]
FACILITIES = [("区域总部", "a regional headquarters"), ("研发中心", "an R&D centre"), ("生产基地", "a production base"),
              ("中试平台", "a pilot plant"), ("结算中心", "a settlement centre"), ("海外仓", "an overseas warehouse")]
ISSUERS = [("济南市人民政府", "Jinan Municipal Government"), ("济南市人民政府办公厅", "General Office of the Jinan "
           "Municipal Government"), ("济南市投资促进局", "Jinan Investment Promotion Bureau"),
           ("济南市商务局", "Jinan Municipal Bureau of Commerce"), ("济南高新区管委会", "Jinan High-Tech Zone "
           "Administrative Committee"), ("济南新旧动能转换起步区管委会", "Jinan Pioneer Zone Administrative Committee")]
ZH_SENTENCES = [
    "{p}对新落户的{i}项目给予{s}，单个项目最高{n}万元。",
    "支持{i}企业在{p}设立{f}，经认定后给予{s}。",
    "{p}重点发展{i}和{i2}产业，打造千亿级产业集群。",
    "对链主企业带动的{i}配套项目，优先保障用地，并提供{s}。",
    "建立{i}产业服务专员制度，为企业提供注册、用地、用工全流程服务。",
    "对年度实际使用外资金额超过{n}万美元的{i}项目给予奖励。",
    "推进{p}营商环境改革，涉企优惠政策免申即享，资金直达企业。",
    "围绕{i}产业链补链强链，面向长三角和粤港澳大湾区开展精准招商。",
    "本年度{p}共签约{i}项目{n}个，总投资{n2}亿元。",
    "在{p}举行的云签约仪式上，{i}和{i2}领域的重点项目集中签约落地。",
]
EN_SENTENCES = [
    "{p} offers {s} to new {i} projects, up to {n} ten-thousand yuan each.",
    "Companies in {i} that set up {f} in {p} receive {s}.",
    "{p} focuses on {i} and {i2}.",
    "Supporting projects brought by chain anchors in {i} are given land first, and {s}.",
    "This year {p} signed {n} projects in {i}, with a total investment of {n2} hundred million yuan.",
]
ZH_TITLES = ["{p}支持{i}产业高质量发展若干政策措施", "关于加快{p}{i}产业集聚发展的实施意见", "{p}{i}产业扶持办法（第{n}号）",
             "{p}鼓励{i}企业设立{f}的若干措施"]
EN_TITLES = ["Measures to support {i} in {p}", "Opinions on growing {i} in {p}", "Support for {i} in {p} (No. {n})"]
NEWS_ZH_TITLES = ["{p}{i}产业链加速集聚", "{p}举办{i}专场推介会", "{i}项目在{p}签约落地", "{p}{i}企业新增{n}家"]
NEWS_EN_TITLES = ["{i} gathers pace in {p}", "{p} holds a promotion session on {i}", "{i} projects signed in {p}"]


def _fill(template: str, rng: random.Random, en: bool) -> str:
    pick = 1 if en else 0
    i, i2 = rng.sample(INDUSTRIES, 2)
    return template.format(p=rng.choice(PLACES)[pick], i=i[pick], i2=i2[pick], s=rng.choice(SUPPORT)[pick],
                           f=rng.choice(FACILITIES)[pick], n=rng.randrange(1, 5000), n2=rng.randrange(1, 900))


def _text(rng: random.Random, en: bool, sentences: int) -> str:
    pool = EN_SENTENCES if en else ZH_SENTENCES
    paragraphs = []
    for _ in range(max(1, sentences // 4)):
        paragraphs.append(("" if not en else " ").join(_fill(rng.choice(pool), rng, en) for _ in range(4)))
    return "\n\n".join(paragraphs)


def make_content(policies: int, news: int) -> dict:
    """The demo portal (published through the actions), and many policies and news, bulk loaded and indexed."""
    from collections import Counter

    from django.utils import timezone

    from yunzhao.campaigns.models import Event
    from yunzhao.orgs.choices import Role
    from yunzhao.orgs.models import User
    from yunzhao.orgs.reference import ensure_units
    from yunzhao.publishing import search
    from yunzhao.publishing.choices import Status
    from yunzhao.publishing.demo import seed_portal
    from yunzhao.publishing.models import NewsArticle, Policy
    from yunzhao.reach import actions as reach_actions

    units = ensure_units()
    users = {"demo-city": User.objects.create(username="demo-city", role=Role.CITY_STAFF, unit=units["jnipb"])}
    for code in ("hightech", "pioneer"):
        users[f"demo-{code}"] = User.objects.create(username=f"demo-{code}", role=Role.ZONE_STAFF, unit=units[code])
    editor = User.objects.create(username="bench-editor", role=Role.MEDIA_EDITOR, unit=units["jdng"])
    for code in ("ijinan", "wechat", "douyin"):
        reach_actions.create_channel(actor=editor, code=code, name_zh=code, outlet_name_zh=f"媒体-{code}",
                                     level="city", kind="social")
    seed_portal(units=units, users=users, created=Counter())
    live = Event.objects.filter(title_en="Jinan Global Investment Promotion 2025").values_list("pk", flat=True).get()

    rng = random.Random(6)
    now = timezone.now()
    city = users["demo-city"]
    owners = [units[code] for code in ("jnipb", "hightech", "pioneer", "lixia", "licheng")]
    started = time.perf_counter()
    made = {Policy: [], NewsArticle: []}
    for n in range(policies):
        en = n % 2 == 0
        seed = rng.random()
        item = Policy(
            status=Status.PUBLISHED, owner_unit=rng.choice(owners), created_by=city, published_by=city,
            title_zh=_fill(rng.choice(ZH_TITLES), random.Random(seed), False)[:200],
            title_en=_fill(rng.choice(EN_TITLES), random.Random(seed), True)[:300] if en else "",
            summary_zh=_fill(rng.choice(ZH_SENTENCES), rng, False), body_zh=_text(rng, False, rng.randrange(8, 24)),
            body_en=_text(rng, True, rng.randrange(4, 12)) if en else "",
            issuer_zh=(issuer := rng.choice(ISSUERS))[0], issuer_en=issuer[1] if en else "",
            document_number=f"济政发〔{rng.randrange(2015, 2026)}〕{n}号",
            issued_on=dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(4000)),
            tags_zh=",".join(i[0] for i in rng.sample(INDUSTRIES, 2)),
            first_published_at=now - dt.timedelta(minutes=n), published_at=now - dt.timedelta(minutes=n))
        item.search_text = search.text_of(item)
        made[Policy].append(item)
    for n in range(news):
        en = n % 2 == 1
        seed = rng.random()
        item = NewsArticle(
            status=Status.PUBLISHED, owner_unit=rng.choice(owners), created_by=city, published_by=city,
            title_zh=_fill(rng.choice(NEWS_ZH_TITLES), random.Random(seed), False)[:200],
            title_en=_fill(rng.choice(NEWS_EN_TITLES), random.Random(seed), True)[:300] if en else "",
            summary_zh=_fill(rng.choice(ZH_SENTENCES), rng, False), body_zh=_text(rng, False, rng.randrange(4, 16)),
            body_en=_text(rng, True, rng.randrange(4, 8)) if en else "",
            first_published_at=now - dt.timedelta(minutes=n), published_at=now - dt.timedelta(minutes=n))
        item.search_text = search.text_of(item)
        made[NewsArticle].append(item)
    segmented = time.perf_counter() - started
    for model, items in made.items():
        model.objects.bulk_create(items, batch_size=500)
    indexed = search.rebuild(item for model in (Policy, NewsArticle)
                             for item in model.objects.live().only("pk", "search_text").iterator(chunk_size=2000))
    from yunzhao.publishing.models import SearchWord

    return {"live_event": live, "segment_s": round(segmented, 1), "load_s": round(time.perf_counter() - started, 1),
            "indexed": indexed, "index_rows": SearchWord.objects.count(),
            "characters": sum(len(i.body_zh) + len(i.body_en) for items in made.values() for i in items)}


def search_queries(count: int) -> list[str]:
    """Distinct queries as visitors type them: one or two Chinese words, English words, common and rare ones."""
    rng = random.Random(7)
    chinese = [p[0] for p in PLACES] + [i[0] for i in INDUSTRIES] + [s[0] for s in SUPPORT] + [f[0] for f in FACILITIES]
    chinese += ["新能源", "外资", "营商环境", "补贴", "签约", "招商", "总部", "汽车产业", "链主", "人才", "房租", "芯片"]
    english = ["energy", "hydrogen", "storage", "biomedicine", "headquarters", "land", "grants", "Jinan", "batteries",
               "logistics", "finance", "zone", "rent", "talent"]
    queries: dict[str, None] = {}
    for word in chinese + english:
        queries[word] = None
    while len(queries) < count:
        kind = rng.random()
        if kind < 0.6:
            query = " ".join(rng.sample(chinese, 2))
        elif kind < 0.8:
            query = " ".join(rng.sample(english, 2))
        elif kind < 0.9:
            query = f"{rng.choice(chinese)} {rng.choice(english)}"
        else:
            query = f"{rng.choice(chinese)} 第{rng.randrange(1, 5000)}号"  # rare: few or no items
        queries[query] = None
    return list(queries)[:count]


# --- Load -------------------------------------------------------------------------------------------


def wrk_paths_script(paths: list[str]) -> str:
    """A wrk Lua script sending the given paths in a random order per thread."""
    quoted = ",\n".join(json.dumps(p) for p in paths)
    return f"""
local paths = {{{quoted}}}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  math.randomseed(os.time() * 1000 + id * 7919)
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def load(args, server: Server, paths: list[str], seconds: float) -> dict:
    """Send ``paths`` (in random order) to ``server`` for ``seconds``; the client's tallies and the CPU shares."""
    meter = CpuMeter(server, None)
    if args.client == "wrk":
        result = run_wrk(server.url, seconds=seconds, connections=args.connections, script=wrk_paths_script(paths))
    else:
        result = run_python_client(server.url, seconds=seconds, connections=args.connections, paths=paths)
    result["cpu"] = meter.stop(result.pop("client_cpu"))
    result.pop("raw", None)
    return result


def at_rate(url: str, paths: list[str], *, rate: float, seconds: float) -> dict:
    """Open-loop load: requests sent on a fixed schedule (``rate`` a second) whatever the answers do.

    A closed loop (wrk's N connections, each waiting for its answer) measures throughput, and its
    latencies are N / throughput once the server is saturated: the wait in the queue, set by N. Here
    each request is due at its time on the schedule; its latency runs from that time (so a slow
    server is not let off by sending less), on a pool of keep-alive connections that grows as needed.
    """
    import asyncio
    import re

    host, port = url.removeprefix("http://").split(":")
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    idle: list = []
    rng = random.Random(11)

    async def one(due: float, path: str) -> None:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        connection = idle.pop() if idle else await asyncio.open_connection(host, int(port))
        reader, writer = connection
        try:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(m.group(1)) if (m := re.search(rb"content-length: (\d+)", head, re.I)) else 0
            await reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            statuses[0] = statuses.get(0, 0) + 1
            writer.close()
            return
        latencies.append(time.monotonic() - due)
        status = int(head[9:12])
        statuses[status] = statuses.get(status, 0) + 1
        idle.append(connection)

    async def main() -> None:
        start = time.monotonic() + 0.1
        count = int(rate * seconds)
        await asyncio.gather(*(one(start + n / rate, rng.choice(paths)) for n in range(count)))
        for _reader, writer in idle:
            writer.close()

    asyncio.run(main())
    latencies.sort()
    total = sum(statuses.values())
    pick = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]) if latencies else (lambda q: None)
    return {"requests": total, "non2xx": total - sum(n for s, n in statuses.items() if 200 <= s < 300),
            "rps": total / seconds, "p50": pick(0.5), "p99": pick(0.99), "errors": statuses.get(0, 0)}


def interleaved(args, server: Server, paths: list[str]) -> tuple[dict, float]:
    """The page and the trivial page in turns (``--rounds`` each), so that both see the same machine.

    On a shared machine the load of others drifts from one second to the next; a ceiling measured
    minutes earlier would not be the ceiling of the moment. Returns the page's figures and the
    ceiling's requests/s over the same rounds.
    """
    seconds = args.duration / args.rounds
    pages, hellos = [], []
    for _ in range(args.rounds):
        hellos.append(load(args, server, ["/hello/"], seconds))
        pages.append(load(args, server, paths, seconds))
    return combined(pages), combined(hellos)["rps"]


def combined(results: list[dict]) -> dict:
    """Rounds of one load as one: requests/s over all, the median p50, the worst p99, CPU shares averaged."""
    import statistics

    cpu = {k: round(statistics.mean(r["cpu"][k] for r in results), 2) for k in results[0]["cpu"]}
    return {"rps": statistics.mean(r["rps"] for r in results), "requests": sum(r["requests"] for r in results),
            "non2xx": sum(r["non2xx"] for r in results), "p50": statistics.median(r["p50"] for r in results),
            "p99": max(r["p99"] for r in results), "errors": [r["errors"] for r in results], "cpu": cpu}


def wait_for_search(server: Server, timeout: float = 120.0) -> None:
    """Until a search answers quickly five times in a row (every worker has its dictionary loaded)."""
    from urllib.request import urlopen

    deadline, quick = time.monotonic() + timeout, 0
    while quick < 5 and time.monotonic() < deadline:
        started = time.monotonic()
        with urlopen(server.url + quote("/zh/search/?q=济南 新能源"), timeout=60) as answer:
            answer.read()
        quick = quick + 1 if time.monotonic() - started < 0.5 else 0


def row_of(name: str, result: dict, ceiling: float | None, paths: int) -> dict:
    """One line of the table (printed as it is measured)."""
    row = {"scenario": name, "rps": round(result["rps"], 1), "p50_ms": _ms(result["p50"]),
           "p99_ms": _ms(result["p99"]), "ceiling_rps": round(ceiling, 1) if ceiling else None,
           "ratio": round(result["rps"] / ceiling, 3) if ceiling else None, "requests": result["requests"],
           "non2xx": result["non2xx"], "errors": result["errors"], "cpu": result["cpu"], "paths": paths}
    print(f"  {name}: {row['rps']:.0f} req/s" + (f" ({row['ratio']} of {ceiling:.0f} for the trivial page in "
                                                  f"the same rounds)" if ceiling else "")
          + f", p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms; non-2xx {row['non2xx']}; CPU cores "
          f"{cpu_shares(row['cpu'])}", flush=True)
    return row


def quote(path: str) -> str:
    from urllib.parse import quote as url_quote

    return url_quote(path, safe="/?=&")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policies", type=int, default=10_000)
    parser.add_argument("--news", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=10.0, help="Seconds of load per measurement.")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of load before each measurement.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--search-rate", type=float, default=20.0,
                        help="Searches a second sent on a fixed schedule for the search latency.")
    parser.add_argument("--rounds", type=int, default=3, help="Turns of trivial page and page per cached page.")
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes.")
    parser.add_argument("--threads", type=int, default=8, help="granian --blocking-threads per worker.")
    parser.add_argument("--redis-url", default="", help="Cache in Redis (as in production); keys get a prefix "
                                                        "of their own, nothing is flushed.")
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL of a database to create and drop.")
    parser.add_argument("--client", choices=("wrk", "python"), default="wrk")
    args = parser.parse_args()
    if args.client == "wrk" and not any((Path(p) / "wrk").exists() for p in os.environ["PATH"].split(":")):
        args.client = "python"

    started = datetime.now()
    load_before = os.getloadavg()
    rows: list[dict] = []
    with throwaway_database(args.database_url) as database:
        os.environ["LOG_LEVEL"] = "ERROR"
        os.environ.pop("REDIS_URL", None)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)  # pages name the hashed static files
        print(f"database: {database}; writing {args.policies} policies and {args.news} news items…", flush=True)
        data = make_content(args.policies, args.news)
        print(f"  segmented in {data['segment_s']} s, loaded and indexed in {data['load_s']} s: "
              f"{data['index_rows']} index rows", flush=True)
        from django.db import connections

        connections.close_all()

        env = {k: v for k, v in os.environ.items() if k != "PYTEST_XDIST_WORKER"}
        env["PYTHONPATH"] = f"{BENCH_DIR.parent}:{BENCH_DIR}"
        if args.redis_url:
            env["REDIS_URL"] = args.redis_url
            env["CACHE_KEY_PREFIX"] = f"bench-portal-{os.getpid()}-"
        event = data["live_event"]
        env["YUNZHAO_SEARCH_PRELOAD"] = "1"  # as an app server should be started: no first search waits
        scenarios = [
            ("home, cached", ["/zh/", "/en/"]),
            ("zone, cached", ["/zh/zones/hightech/", "/en/zones/hightech/"]),
            ("live event, cached", [f"/zh/events/{event}/", f"/en/events/{event}/"]),
        ]
        queries = search_queries(SEARCH_QUERIES)
        searches = [
            ("search, every request searched", [quote(f"/{('zh', 'en')[n % 2]}/search/?q={q}")
                                                for n, q in enumerate(queries)]),
            ("policy list by words, every request searched", [quote(f"/zh/policies/?q={q}") for q in queries[::2]]),
        ]
        print(f"load client {args.client}, {args.connections} connections, {args.duration:.0f} s each; granian "
              f"{args.workers} workers × {args.threads} threads; cache: {'Redis' if args.redis_url else 'memory'}",
              flush=True)
        for cache_seconds, group in ((None, scenarios), (0, searches)):
            server_env = dict(env)
            if cache_seconds is not None:
                server_env["BENCH_PORTAL_CACHE_SECONDS"] = str(cache_seconds)
            server = Server("portal:application", interface="wsgi", env=server_env, workers=args.workers,
                            threads=args.threads, factory=True, workdir=BENCH_DIR)
            try:
                server.wait("/hello/")
                wait_for_search(server)
                for name, paths in group:
                    load(args, server, paths, args.warmup)
                    if cache_seconds is None:
                        result, ceiling = interleaved(args, server, paths)
                        rows.append(row_of(name, result, ceiling, len(paths)))
                        continue
                    # Search: its throughput (closed loop), then its latency at a steady rate (open loop).
                    most = load(args, server, paths, args.duration)
                    rows.append(row_of(f"{name}: throughput, {args.connections} connections", most, None, len(paths)))
                    meter = CpuMeter(server, None)
                    steady = at_rate(server.url, paths, rate=args.search_rate, seconds=args.duration)
                    steady["cpu"] = meter.stop(0.0)
                    rows.append(row_of(f"{name}: latency at {args.search_rate:g} searches/s", steady, None,
                                       len(paths)))
            finally:
                server.stop()
    report(args, database, data, rows, started, load_before)


def _ms(seconds: float | None) -> float | None:
    return round(seconds * 1000, 1) if seconds is not None else None


def verdict(row: dict) -> str:
    """Whether a row meets its goal."""
    if not row["requests"] or row["non2xx"]:
        return "MISSES (failed requests)"
    if "cached" in row["scenario"]:
        ok = row["ratio"] is not None and row["ratio"] >= CACHE_GOAL
        return f"{'meets' if ok else 'MISSES'} ≥ {CACHE_GOAL:.0%} of the ceiling"
    if row["scenario"].startswith("search") and "latency" in row["scenario"]:
        ok = row["p99_ms"] is not None and row["p99_ms"] < SEARCH_P99_GOAL_MS
        return f"{'meets' if ok else 'MISSES'} p99 < {SEARCH_P99_GOAL_MS} ms"
    return ""


def report(args, database: str, data: dict, rows: list[dict], started: datetime, load_before: tuple) -> None:
    """Print the table and write the results."""
    header = ["scenario", "req/s", "trivial page req/s (same rounds)", "× trivial", "p50 ms", "p99 ms", "non-2xx",
              "goal", "CPU cores: client / app / Redis / rest"]
    table = [[r["scenario"], f"{r['rps']:.0f}", f"{r['ceiling_rps']:.0f}" if r["ceiling_rps"] else "", r["ratio"] or "",
              r["p50_ms"], r["p99_ms"], r["non2xx"], verdict(r), cpu_shares(r["cpu"])] for r in rows]
    load_after = os.getloadavg()
    print()
    print(text_table(header, table))
    info = {"machine": machine(), "commit": git_commit(), "started": started.isoformat(timespec="seconds"),
            "options": vars(args), "data": data, "load_average": {"before": load_before, "after": load_after}}
    summary = (
        f"Portal benchmark, {started:%Y-%m-%d %H:%M}, commit {info['commit']}, {info['machine']['cpu']} × "
        f"{info['machine']['cores']} cores, Python {info['machine']['python']}, {database}; "
        f"{args.policies} policies and {args.news} news items ({data['index_rows']} index rows); load client "
        f"{args.client}, {args.connections} connections, {args.duration:.0f} s per measurement; granian "
        f"{args.workers} workers × {args.threads} threads; cache in {'Redis' if args.redis_url else 'process memory'}. "
        f"Load average (1 min) before {load_before[0]:.1f}, after {load_after[0]:.1f}"
        + (": the machine was shared with other work." if load_before[0] > 1.5 else "."))
    markdown = "\n\n".join([summary, markdown_table(header, table)])
    json_path, md_path = write_results("portal", database, {**info, "rows": rows}, markdown)
    print(f"\nwritten: {json_path.relative_to(BENCH_DIR.parent)} and .md")


if __name__ == "__main__":
    main()
