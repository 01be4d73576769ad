"""Benchmark of the live-audience beacon under granian, against the ceilings of the same server.

    .venv/bin/python bench/beacon.py [--duration 12] [--connections 256] [--workers 2] [--threads 128]
                                     [--redis-threads 32] [--sqlite-threads 64]
                                     [--sweep 8,32,64,256] [--redis-url URL]
                                     [--client wrk|python] [--only ceilings,wsgi,sqlite,asgi,live,kill,flood]

In one run, on loopback, each server started by the script on a free port and stopped after:

1. **ceilings**: a trivial ASGI app and a trivial WSGI app under granian (the raw ceiling is the
   faster of the two; every ratio is taken against it), and a Django "hello" view through the whole
   middleware stack (WSGI);
2. **beacon with Redis** (a ``redis-server`` the bench starts on a free port, with ``appendonly yes``;
   or ``--redis-url``, whose database is flushed), under WSGI
   (``yunzhao.wsgi``, ``--blocking-threads``) and under ASGI (``yunzhao.asgi``, where the event loop
   writes its own batches): every beacon is in
   Redis before its 204; afterwards ``yunzhao audience_worker --once`` moves the stream into the
   database, and its own time gives the drain rate;
3. **beacon on the embedded SQLite** (a throwaway file, no Redis; ``--only sqlite`` for it alone),
   under WSGI and ASGI: every beacon is committed before its 204, and ``yunzhao audience_worker``
   runs beside the server (as ``bin/serve`` starts it) to count them into the roll-ups meanwhile;
   its CPU is counted as the app's, and the check says how many were still waiting when the load
   ended;
4. the staff's **live JSON endpoint** (looked up by name), logged in through the login form, with
   Redis and on SQLite: polled as a page polls it, with the session cookie and the live pass its first
   answer brought; then with the session alone (a page's first poll), beside the Django hello view
   loaded with the same session;
5. **kill tests**: the WSGI beacon again, with Redis and with SQLite, while one granian worker
   process is killed with SIGKILL halfway through;
6. a **flood** from one address, which must be rate limited without disturbing the counts;
7. with ``--sweep``, the Redis beacon under WSGI at several ``--blocking-threads`` counts.

Load: ``wrk`` (``apt-get install wrk``) with ``--connections`` connections, or, without it or with
``--client python``, a small asyncio client in this script. Beacons are GET pixels spread over two
events, five sources (three channels, an unknown code, none), page views and plays, 50,000 viewer
ids and 5,000 client addresses (``X-Forwarded-For`` behind one trusted proxy). The count check is
exact: after the measured seconds every connection switches to a request that the beacon refuses
(no event) for two more seconds, so every beacon sent is answered before the client stops; the
beacons acknowledged (204) must then equal those stored in Redis, those the worker moved into the
database and the sum of the minute roll-ups. Beacon throughput is the beacons stored divided by the
time between the first and the last (server clock); p50 and p99 are the beacons' own (the drain's
refusals left out; see ``wrk_script``). For every measurement the CPU the load client, the app server,
Redis and the rest of the machine used is given in cores.

Results are printed and written to ``bench/results/beacon-<timestamp>.json`` and ``.md``.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import RESULTS, ROOT, git_commit, machine, markdown_table, text_table  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
SOURCES = ["wechat", "douyin", "qrposter", "no-such-code", ""]
VIEWERS = 50_000
ADDRESSES = 5_000
DRAIN_SECONDS = 2
# Names under which the live JSON endpoint may be routed (it takes the event id).
PARTS = ("ceilings", "wsgi", "sqlite", "asgi", "live", "kill", "flood")
LIVE_JSON_NAMES = ("audience:live_json", "audience:event_json", "audience:figures", "audience:event_figures",
                   "audience:live_figures")


# --- The apps under test (imported by granian from this file) ---------------------------------------


async def raw_asgi(scope, receive, send):
    """The raw ceiling: an ASGI app that answers 204 and does nothing else."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def raw_wsgi(environ, start_response):
    """The raw ceiling of the WSGI interface the site runs on."""
    start_response("204 No Content", [])
    return [b""]


def hello_application():
    """granian ``--factory`` target: the site's Django, with ``/hello/`` added, through every middleware."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunzhao.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    settings.ROOT_URLCONF = "beacon"  # this module (see __getattr__)
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


# --- Servers --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """granian on loopback, started for one measurement and stopped after it."""

    def __init__(self, target: str, *, interface: str, env: dict, workers: int, threads: int | None,
                 factory: bool = False, workdir: Path = ROOT) -> None:
        self.port = free_port()
        command = [str(VENV_BIN / "granian"), "--interface", interface, "--host", "127.0.0.1",
                   "--port", str(self.port), "--workers", str(workers), "--no-ws", "--http", "1",
                   "--log-level", "warning", "--respawn-failed-workers", "--respawn-interval", "0.5",
                   "--working-dir", str(workdir)]
        if threads:
            command += ["--blocking-threads", str(threads)]
        if factory:
            command.append("--factory")
        command.append(target)
        self.log = tempfile.NamedTemporaryFile(prefix="granian-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        # Processes that serve with it (the audience worker beside the SQLite beacon, as bin/serve
        # starts it): their CPU counts as the app's, and they stop with it.
        self.helpers: list[subprocess.Popen] = []

    def add_helper(self, command: list[str], env: dict) -> None:
        self.helpers.append(subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                             start_new_session=True))

    def wait(self, path: str = "/", timeout: float = 60.0) -> None:
        """Until the server answers on ``path``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"granian exited: {Path(self.log.name).read_text()[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                if sock.recv(64).startswith(b"HTTP/1.1"):
                    return
            time.sleep(0.2)
        raise RuntimeError("granian did not start")

    def workers(self) -> list[int]:
        """The worker processes (children of granian's main process)."""
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in out.stdout.split()]

    def cpu_seconds(self) -> float:
        """CPU seconds used so far by granian's main process, its live workers and the helpers."""
        return sum(process_cpu_seconds(pid) for pid in [self.process.pid, *self.workers(),
                                                         *(h.pid for h in self.helpers)])

    def stop(self) -> None:
        for process in [*self.helpers, self.process]:
            stop_group(process)
        self.log.close()
        os.unlink(self.log.name)


def stop_group(process: subprocess.Popen) -> None:
    """TERM a process started in a session of its own, with its children; KILL it after 15 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


# --- CPU ------------------------------------------------------------------------------------------


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process (all its threads), 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> float:
    """Busy CPU seconds of the whole machine so far, all cores (``/proc/stat``; idle and iowait left out)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """Where the machine's CPU went during one load: the load client, the app server, Redis, the rest.

    On two cores the load client, the server and Redis share the CPU, and other people's work on the
    machine takes its part too; each share is given in cores (CPU seconds per second of load).
    """

    def __init__(self, server: "Server", redis_pid: int | None) -> None:
        self.server = server
        self.redis_pid = redis_pid
        self.started = time.monotonic()
        self.app = server.cpu_seconds()
        self.redis = process_cpu_seconds(redis_pid) if redis_pid else 0.0
        self.machine = machine_cpu_seconds()

    def stop(self, client_cpu: float) -> dict:
        """Cores used by each part since the meter started (call before the server stops)."""
        wall = time.monotonic() - self.started
        app = self.server.cpu_seconds() - self.app
        redis = (process_cpu_seconds(self.redis_pid) - self.redis) if self.redis_pid else 0.0
        busy = machine_cpu_seconds() - self.machine
        shares = {"client": client_cpu, "app": app, "redis": redis,
                  "rest": max(0.0, busy - client_cpu - app - redis)}
        return {name: round(seconds / wall, 2) for name, seconds in shares.items()} | {"wall_s": round(wall, 1)}


# --- Load ------------------------------------------------------------------------------------------


def wrk_script(events: list[int], *, drain_after: float | None, flood: bool) -> str:
    """A wrk Lua script: beacons over the events, sources, viewers and addresses; then the drain request."""
    return f"""
local events = {{{", ".join(map(str, events))}}}
local sources = {{{", ".join(json.dumps(s) for s in SOURCES)}}}
local reqs, n, i = {{}}, 0, 0
local deadline = nil
local drain_after = {drain_after if drain_after is not None else "nil"}
local drain = wrk.format("GET", "/t/?k=drain")
local counter = 0
local threads = {{}}
drains = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  threads[counter] = thread
end

function init(args)
  math.randomseed(os.time() * 1000 + id * 7919)
  for j = 1, 20000 do
    local e = events[math.random(#events)]
    local src = sources[math.random(#sources)]
    local k = "pv"
    if math.random() < 0.3 then k = "play" end
    local v = string.format("bench-viewer-%010d", math.random({VIEWERS}))
    local headers = {{}}
    if {"false" if flood else "true"} then
      local a = math.random({ADDRESSES})
      headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", id, math.floor(a / 250), a % 250 + 1)
    end
    reqs[j] = wrk.format("GET", "/t/?e=" .. e .. "&src=" .. src .. "&k=" .. k .. "&v=" .. v, headers)
  end
  n = #reqs
  if drain_after then deadline = os.time() + drain_after end
end

function request()
  if deadline and os.time() >= deadline then
    drains = drains + 1
    return drain
  end
  i = i + 1
  if i > n then i = 1 end
  return reqs[i]
end

-- The beacons' own percentiles, the drain's refusals left out: a refusal is answered without any
-- write, faster than the beacons' median, so the beacons' q-th percentile is the percentile
-- (drains + q % of the beacons) of all requests. Drain requests still in flight at the end count
-- as answered, which moves the figure up, never down.
function done(summary, latency, requests)
  local sent = 0
  for _, thread in ipairs(threads) do sent = sent + thread:get("drains") end
  local beacons = summary.requests - sent
  io.write(string.format("drain-requests %d\\n", sent))
  if beacons > 0 then
    for _, q in ipairs({{50, 99}}) do
      local at = 100 * (sent + beacons * q / 100) / summary.requests
      io.write(string.format("beacon-p%d %d\\n", q, latency:percentile(at)))
    end
  end
end
"""


def _seconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def run_wrk(url: str, *, seconds: float, connections: int, threads: int = 2, script: str | None = None,
            headers: list[str] = ()) -> dict:
    """Run wrk; requests, 2xx answers, req/s and latency percentiles."""
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{round(seconds)}s", "--timeout", "10s", "--latency"]
    for header in headers:
        command += ["-H", header]
    script_file = None
    if script:
        script_file = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        script_file.write(script)
        script_file.close()
        command += ["-s", script_file.name]
    with tempfile.TemporaryFile("w+") as stdout:
        process = subprocess.Popen([*command, url], stdout=stdout, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        out = stdout.read()
    if script_file:
        os.unlink(script_file.name)
    if process.returncode:
        raise RuntimeError(f"wrk failed: {out[-2000:]}")
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    errors = {k: int(v) for k, v in re.findall(r"(connect|read|write|timeout) (\d+)", out)}
    latency = {p: _seconds(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.MULTILINE)}
    # With a drain phase the script gives the beacons' own percentiles (microseconds).
    latency |= {p: int(v) / 1e6 for p, v in re.findall(r"^beacon-p(50|99) (\d+)$", out, re.MULTILINE)}
    return {"requests": total, "ok": total - non2xx, "non2xx": non2xx, "errors": errors,
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": latency.get("50"),
            "p99": latency.get("99"), "raw": out, "client_cpu": usage.ru_utime + usage.ru_stime}


def run_python_client(url: str, *, seconds: float, connections: int, paths: list[str] | None = None,
                      drain_after: float | None = None, headers: list[str] = ()) -> dict:
    """The fallback load client: asyncio, keep-alive connections, exact tallies and latencies."""
    host, port = url.removeprefix("http://").split(":")
    extra = "".join(f"{h}\r\n" for h in headers)
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    errors = {"read": 0}
    start = time.monotonic()

    async def one(number: int) -> None:
        rng = random.Random(number)
        try:
            reader, writer = await asyncio.open_connection(host, int(port))
        except OSError:
            errors["read"] += 1
            return
        while time.monotonic() - start < seconds:
            draining = drain_after is not None and time.monotonic() - start >= drain_after
            path = "/t/?k=drain" if draining else (rng.choice(paths) if paths else "/")
            sent = time.monotonic()
            try:
                writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(m.group(1)) if (m := re.search(rb"content-length: (\d+)", head, re.I)) else 0
                if length:
                    await reader.readexactly(length)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                errors["read"] += 1
                with contextlib.suppress(OSError):
                    reader, writer = await asyncio.open_connection(host, int(port))
                continue
            status = int(head[9:12])
            statuses[status] = statuses.get(status, 0) + 1
            if not draining:  # the beacons' latencies, the drain's refusals left out
                latencies.append(time.monotonic() - sent)
        writer.close()

    async def main() -> None:
        await asyncio.gather(*(one(n) for n in range(connections)))

    before = os.times()
    asyncio.run(main())
    after = os.times()
    total = sum(statuses.values())
    ok = sum(n for s, n in statuses.items() if 200 <= s < 300)
    latencies.sort()
    pick = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]) if latencies else (lambda q: None)
    return {"requests": total, "ok": ok, "non2xx": total - ok, "errors": errors, "rps": total / seconds,
            "p50": pick(0.50), "p99": pick(0.99), "raw": "",
            "client_cpu": after.user - before.user + after.system - before.system}


def python_paths(events: list[int], count: int = 20000) -> list[str]:
    rng = random.Random(5)
    return [f"/t/?e={rng.choice(events)}&src={rng.choice(SOURCES)}&k={'play' if rng.random() < 0.3 else 'pv'}"
            f"&v=bench-viewer-{rng.randrange(VIEWERS):010d}" for _ in range(count)]


# --- Data -----------------------------------------------------------------------------------------


def setup_django(workdir: Path, redis_url: str) -> dict:
    """Environment of a throwaway SQLite database, migrated, with the events and channels beacons name."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "PYTEST_XDIST_WORKER")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "yunzhao.settings",
        "YUNZHAO_VAR_DIR": str(workdir / "var"),
        "DATABASE_URL": f"sqlite:///{workdir / 'beacon.sqlite3'}",
        "AUDIENCE_PROXY_COUNT": "1",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    })
    os.environ.update(env)
    os.environ["REDIS_URL"] = redis_url  # the bench reads Redis; servers get it only when they use it
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return env


def make_world() -> dict:
    """Units, a media editor, a campaign with events per scenario, and three channels."""
    import datetime as dt

    from django.utils import timezone

    from yunzhao.campaigns import actions as campaign_actions
    from yunzhao.orgs.choices import Role
    from yunzhao.orgs.models import User
    from yunzhao.orgs.reference import ensure_units
    from yunzhao.reach import actions as reach_actions

    units = ensure_units()
    staff = User.objects.create(username="bench-staff", role=Role.CITY_STAFF, unit=units["jnipb"], is_active=True)
    password = f"bench-{random.randrange(10**12):012d}-pw"
    staff.set_password(password)
    staff.save(update_fields=["password"])
    editor = User.objects.create(username="bench-editor", role=Role.MEDIA_EDITOR, unit=units["jdng"], is_active=True)
    campaign = campaign_actions.create_campaign(actor=staff, name_zh="基准推介活动", starts_on=dt.date(2026, 1, 1),
                                                ends_on=dt.date(2026, 12, 31))
    events = {}
    for name in ("redis", "sqlite", "redis_asgi", "sqlite_asgi", "redis_kill", "sqlite_kill", "flood", "sweep",
                 "live"):
        pair = [campaign_actions.create_event(actor=staff, campaign=campaign, title_zh=f"基准活动 {name} {n}",
                                              level="special", owner_unit=units["jnipb"],
                                              starts_at=timezone.now()).pk for n in (1, 2)]
        events[name] = pair
    # The live event's public page is published, so the public live counter answers for it.
    from yunzhao.campaigns.models import Event
    from yunzhao.publishing import actions as publishing_actions

    page = publishing_actions.create_event_page(Event.objects.get(pk=events["live"][0]), actor=staff,
                                                intro_zh="基准活动")
    publishing_actions.publish_item(page, actor=staff)
    for code in SOURCES[:3]:
        reach_actions.create_channel(actor=editor, code=code, name_zh=code, outlet_name_zh=f"媒体-{code}",
                                     level="city", kind="social")
    return {"events": events, "staff": staff, "campaign": campaign.pk, "staff_username": staff.username,
            "staff_password": password}


def stored_in_database(events: list[int]) -> dict:
    """Beacons stored, the roll-ups' sums, exact distinct viewers, and the server-side time span."""
    from django.db.models import Count, Max, Min, Sum

    from yunzhao.audience.models import AudienceBeacon, AudienceMinute

    raw = AudienceBeacon.objects.filter(event_id__in=events).aggregate(
        n=Count("pk"), first=Min("at"), last=Max("at"), viewers=Count("viewer", distinct=True))
    rolled = AudienceMinute.objects.filter(event_id__in=events).aggregate(v=Sum("views"), p=Sum("plays"))
    span = (raw["last"] - raw["first"]).total_seconds() if raw["n"] else 0.0
    return {"stored": raw["n"], "rollups": (rolled["v"] or 0) + (rolled["p"] or 0), "viewers": raw["viewers"],
            "span": span}


def stored_in_redis(client, prefix: str, events: list[int]) -> dict:
    pipe = client.pipeline()
    for event in events:
        pipe.hmget(f"{prefix}e:{event}", "pv", "play")
    counts = pipe.execute()
    viewers = client.pfcount(*[f"{prefix}h:e:{event}" for event in events])
    return {"stored": sum(int(pv or 0) + int(play or 0) for pv, play in counts), "viewers": viewers}


def wait_counted(events: list[int], timeout: float = 30.0) -> dict:
    """Once the load has ended: how many stored beacons were not counted into the roll-ups yet, and
    the seconds the worker took to count them (up to ``timeout``)."""
    started = time.monotonic()
    first = stored_in_database(events)
    db = first
    while db["rollups"] < db["stored"] and time.monotonic() - started < timeout:
        time.sleep(0.1)
        db = stored_in_database(events)
    return {"waiting_at_end": first["stored"] - first["rollups"],
            "counted_within_s": round(time.monotonic() - started, 1)}


def run_worker(env: dict) -> tuple[float, str]:
    """``yunzhao audience_worker --once``: seconds it took to drain the stream (its own count, without startup)."""
    out = subprocess.run([str(VENV_BIN / "yunzhao"), "audience_worker", "--once", "--entries", "200"], env=env,
                         capture_output=True, text=True, check=True).stdout.strip()
    return float(re.search(r"in ([\d.]+) s", out).group(1)), out


# --- Scenarios ------------------------------------------------------------------------------------


class Bench:
    """One run: the options, the data, and every measurement."""

    def __init__(self, args) -> None:
        self.args = args
        self.rows: list[dict] = []
        self.notes: list[str] = []
        self.load_before = (0.0, 0.0, 0.0)
        self.client = "wrk" if args.client == "wrk" and shutil.which("wrk") else "python"
        if args.client == "wrk" and self.client != "wrk":
            self.notes.append("wrk not found: the Python load client was used (install it with apt-get install wrk).")
        self.ceiling_per_cpu: float | None = None
        self.redis_pid: int | None = None
        with contextlib.suppress(Exception):  # a Redis elsewhere: its CPU is not ours to see
            import redis as redis_lib

            if re.match(r"redis://(127\.0\.0\.1|localhost)[:/]", args.redis_url):
                self.redis_pid = int(redis_lib.Redis.from_url(args.redis_url).info("server")["process_id"])

    def load(self, server: Server, *, seconds: float, path: str = "/", events: list[int] | None = None,
             drain: bool = False, flood: bool = False, headers: list[str] = ()) -> dict:
        """Load ``server`` for ``seconds``: the client's tallies and latencies, and where the CPU went."""
        meter = CpuMeter(server, self.redis_pid)
        result = self._load(server.url, seconds=seconds, path=path, events=events, drain=drain, flood=flood,
                            headers=headers)
        result["cpu"] = meter.stop(result.pop("client_cpu"))
        return result

    def _load(self, url: str, *, seconds: float, path: str, events: list[int] | None, drain: bool, flood: bool,
              headers: list[str]) -> dict:
        connections = self.args.connections
        if self.client == "wrk":
            script = wrk_script(events, drain_after=seconds if drain else None, flood=flood) if events else None
            return run_wrk(url + ("" if events else path), seconds=seconds + (DRAIN_SECONDS if drain else 0),
                           connections=connections, script=script, headers=headers)
        paths = python_paths(events) if events else [path]
        hdrs = list(headers) if flood or not events else [*headers, "X-Forwarded-For: 10.0.0.1"]
        return run_python_client(url, seconds=seconds + (DRAIN_SECONDS if drain else 0), connections=connections,
                                 paths=paths, drain_after=seconds if drain else None, headers=hdrs)

    def server_env(self, env: dict, *, redis: bool) -> dict:
        server = dict(env)
        server.pop("REDIS_URL", None)
        if redis:
            server["REDIS_URL"] = self.args.redis_url
        return server

    def measure(self, name: str, server: Server, **load) -> dict:
        server.wait(load.pop("probe", "/"))
        # Warm-up: Django's first requests in each thread (URLs, translations) are slow.
        self.load(server, seconds=5, **{k: v for k, v in load.items() if k in ("path", "headers")})
        result = self.load(server, seconds=self.args.duration, **load)
        result["name"] = name
        return result

    def row(self, name: str, result: dict, ceiling: float | None, *, work: int | None = None, **extra) -> dict:
        """Record one measurement. ``work``: what counts as done (the beacons stored), if not every request.

        Besides req/s, each row gives what it got done per second of the app server's CPU: on a
        shared machine the share of CPU each server gets varies from one measurement to the next,
        while the CPU a request costs does not, so ``ratio_cpu`` (that figure against the raw
        ceiling's) is the steadier comparison. The drain's refusals count as CPU, not as work.
        """
        cpu = result.get("cpu")
        per_cpu = ((work if work is not None else result["requests"]) / (cpu["app"] * cpu["wall_s"])
                   if cpu and cpu["app"] > 0 and not extra.get("kill") else None)
        row = {"scenario": name, "rps": result["rps"], "p50_ms": _ms(result["p50"]), "p99_ms": _ms(result["p99"]),
               "ratio": round(result["rps"] / ceiling, 3) if ceiling else None, "requests": result["requests"],
               "ok": result["ok"], "non2xx": result["non2xx"], "errors": result["errors"], "cpu": cpu,
               "per_app_cpu_s": round(per_cpu) if per_cpu else None,
               "ratio_cpu": round(per_cpu / self.ceiling_per_cpu, 3) if per_cpu and self.ceiling_per_cpu else None,
               **extra}
        self.rows.append(row)
        print(f"  {name}: {row['rps']:.0f} req/s, p99 {row['p99_ms']} ms"
              + (f", {row['ratio']:.3f} of the raw ceiling" if ceiling else "")
              + (f"; CPU cores {cpu_shares(row['cpu'])}" if row["cpu"] else ""), flush=True)
        return row


def cpu_shares(cpu: dict | None) -> str:
    """``client / app / Redis / rest`` cores."""
    return " / ".join(f"{cpu[k]:.2f}" for k in ("client", "app", "redis", "rest")) if cpu else ""


def _ms(seconds: float | None) -> float | None:
    return round(seconds * 1000, 1) if seconds is not None else None


def beacon_scenario(bench: Bench, env: dict, world: dict, *, name: str, redis: bool, threads: int,
                    kill: bool = False, flood: bool = False, ceiling: float | None = None,
                    interface: str = "wsgi") -> dict:
    """Load the beacon (optionally killing a worker), drain, and check the counts."""
    import redis as redis_lib

    events = world["events"][f"{name}_kill" if kill else name]
    prefix = "aud:"
    client = redis_lib.Redis.from_url(bench.args.redis_url) if redis else None
    if client is not None:
        client.flushdb()
    if interface == "asgi":
        server = Server("yunzhao.asgi:application", interface="asgi", env=bench.server_env(env, redis=redis),
                        workers=bench.args.workers, threads=None)
    else:
        server = Server("yunzhao.wsgi:application", interface="wsgi", env=bench.server_env(env, redis=redis),
                        workers=bench.args.workers, threads=threads)
    if not redis:
        # Without Redis the worker counts the stored beacons into the roll-ups while they arrive.
        server.add_helper([str(VENV_BIN / "yunzhao"), "audience_worker"], bench.server_env(env, redis=False))
    killed = {}
    counting = {}
    try:
        server.wait("/t/?k=probe")
        bench.load(server, seconds=3, path="/t/?k=warm-up")  # refused (no event): warms the code, stores nothing
        if kill:
            def killer():
                time.sleep(bench.args.duration / 2)
                victims = server.workers()
                if victims:
                    os.kill(victims[0], signal.SIGKILL)
                    killed["pid"] = victims[0]
            threading.Thread(target=killer, daemon=True).start()
        result = bench.load(server, seconds=bench.args.duration, events=events, drain=True, flood=flood)
        if kill:
            time.sleep(1)
            killed["workers_after"] = len(server.workers())
        if not redis:
            counting = wait_counted(events)
    finally:
        server.stop()
    drain_seconds, worker_out = (None, "")
    in_redis = stored_in_redis(client, prefix, events) if client is not None else None
    if redis:
        drain_seconds, worker_out = run_worker(bench.server_env(env, redis=True))
    db = stored_in_database(events)
    acked = result["ok"]
    rps = db["stored"] / db["span"] if db["span"] else 0.0
    check = {
        "acked": acked,
        "stored_db": db["stored"],
        "rollups": db["rollups"],
        "stored_redis": in_redis["stored"] if in_redis else None,
        "viewers_exact": db["viewers"],
        "viewers_hll": in_redis["viewers"] if in_redis else None,
        "drain_s": round(drain_seconds, 1) if drain_seconds is not None else None,
        "drain_rate": round(db["stored"] / drain_seconds) if drain_seconds else None,
        **counting,
    }
    stored = [v for v in (check["stored_db"], check["rollups"], check["stored_redis"]) if v is not None]
    if kill:
        check["killed_worker"] = killed.get("pid")
        check["workers_after"] = killed.get("workers_after")
        check["no_loss"] = all(s >= acked for s in stored) and len(set(stored)) == 1
        check["in_flight_lost_answers"] = stored[0] - acked
    else:
        check["exact"] = all(s == acked for s in stored)
    label = f"beacon {'Redis' if redis else 'SQLite'}" + (" (worker killed)" if kill else "") + \
        (" flood, one address" if flood else "") + (" ASGI" if interface == "asgi" else f" WSGI t={threads}")
    result["rps"] = rps if not flood else result["rps"]
    return bench.row(label, result, ceiling, work=None if flood else db["stored"], threads=threads, check=check,
                     kill=kill)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=12.0, help="Seconds of load per measurement.")
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes.")
    parser.add_argument("--threads", type=int, default=128,
                        help="granian --blocking-threads for the raw WSGI app and the Django views.")
    parser.add_argument("--redis-threads", type=int, default=32,
                        help="--blocking-threads for the beacon with Redis (32 did best of 32-128 in interleaved runs).")
    parser.add_argument("--sqlite-threads", type=int, default=64,
                        help="--blocking-threads for the beacon on SQLite (64 did best of 16-256).")
    parser.add_argument("--sweep", default="", help="Blocking-thread counts to try for the Redis beacon, e.g. 8,32,256.")
    parser.add_argument("--redis-url", default="",
                        help="A Redis to use (its database is FLUSHED); by default the bench starts one of its own.")
    parser.add_argument("--client", choices=("wrk", "python"), default="wrk")
    parser.add_argument("--only", default=",".join(PARTS), help=f"Parts to run, of {','.join(PARTS)}.")
    args = parser.parse_args()
    parts = {p.strip() for p in args.only.split(",")}

    workdir = Path(tempfile.mkdtemp(prefix="yunzhao-beacon-"))
    own_redis = None
    if not args.redis_url:
        own_redis, args.redis_url = start_redis(workdir)
    bench = Bench(args)
    started = datetime.now()
    bench.load_before = os.getloadavg()
    try:
        env = setup_django(workdir, args.redis_url)
        world = make_world()
        print(f"load client: {bench.client}, {args.connections} connections, {args.duration:.0f} s each, "
              f"granian {args.workers} workers", flush=True)

        ceiling, hello = None, None
        if "ceilings" in parts:
            print("ceilings", flush=True)
            asgi = Server("beacon:raw_asgi", interface="asgi", env=env, workers=args.workers, threads=None,
                          workdir=BENCH_DIR)
            try:
                raw = bench.row("raw ASGI", bench.measure("raw-asgi", asgi), None)
            finally:
                asgi.stop()
            wsgi = Server("beacon:raw_wsgi", interface="wsgi", env=env, workers=args.workers, threads=args.threads,
                          workdir=BENCH_DIR)
            try:
                raw_wsgi_row = bench.row(f"raw WSGI t={args.threads}", bench.measure("raw-wsgi", wsgi), None)
            finally:
                wsgi.stop()
            # The stricter of the two is the ceiling every ratio is taken against.
            ceiling = max(raw["rps"], raw_wsgi_row["rps"])
            bench.ceiling_per_cpu = max(row["per_app_cpu_s"] or 0 for row in (raw, raw_wsgi_row)) or None
            for row in (raw, raw_wsgi_row):
                row["ratio"] = round(row["rps"] / ceiling, 3)
                if bench.ceiling_per_cpu and row["per_app_cpu_s"]:
                    row["ratio_cpu"] = round(row["per_app_cpu_s"] / bench.ceiling_per_cpu, 3)
            hello_server = Server("beacon:hello_application", interface="wsgi",
                                  env=bench.server_env(env, redis=False), workers=args.workers, threads=args.threads,
                                  factory=True, workdir=BENCH_DIR)
            try:
                hello = bench.row(f"Django hello t={args.threads}",
                                  bench.measure("hello", hello_server, path="/hello/", probe="/hello/"), ceiling)
            finally:
                hello_server.stop()

        if "wsgi" in parts:
            print("beacon under WSGI", flush=True)
            beacon_scenario(bench, env, world, name="redis", redis=True, threads=args.redis_threads, ceiling=ceiling)
        if "wsgi" in parts or "sqlite" in parts:
            beacon_scenario(bench, env, world, name="sqlite", redis=False, threads=args.sqlite_threads,
                            ceiling=ceiling)
        if "asgi" in parts:
            print("beacon under ASGI", flush=True)
            beacon_scenario(bench, env, world, name="redis_asgi", redis=True, threads=0, ceiling=ceiling,
                            interface="asgi")
            beacon_scenario(bench, env, world, name="sqlite_asgi", redis=False, threads=0, ceiling=ceiling,
                            interface="asgi")
        if "live" in parts:
            live_json(bench, env, world, hello)
        if "kill" in parts:
            print("kill tests", flush=True)
            beacon_scenario(bench, env, world, name="redis", redis=True, threads=args.redis_threads, kill=True,
                            ceiling=ceiling)
            beacon_scenario(bench, env, world, name="sqlite", redis=False, threads=args.sqlite_threads, kill=True,
                            ceiling=ceiling)
        if "flood" in parts:
            print("flood from one address", flush=True)
            beacon_scenario(bench, env, world, name="flood", redis=True, threads=args.redis_threads, flood=True,
                            ceiling=ceiling)
        for threads in [int(t) for t in args.sweep.split(",") if t.strip()]:
            print(f"sweep: {threads} blocking threads", flush=True)
            beacon_scenario(bench, env, world, name="sweep", redis=True, threads=threads, ceiling=ceiling)
            _reset_events(world["events"]["sweep"])
    finally:
        if own_redis is not None:
            own_redis.terminate()
            own_redis.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    report(bench, started)


def start_redis(workdir: Path) -> tuple[subprocess.Popen, str]:
    """A Redis of the bench's own on a free port, with its append-only file in ``workdir``.

    Nobody else's work can flush it or count in it (the machine's shared Redis hands its databases
    to parallel test workers, whose cache clears flushed a run's counters once). It runs as
    recommended for the beacon: ``appendonly yes`` (fsync every second).
    """
    import redis as redis_lib

    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "yes", "--dir", str(workdir), "--logfile", ""],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis_lib.Redis.from_url(url).ping()
            return process, url
        except redis_lib.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("redis-server did not start") from None
            time.sleep(0.1)


def _reset_events(events: list[int]) -> None:
    from yunzhao.audience.models import AudienceBeacon, AudienceMinute

    AudienceBeacon.objects.filter(event_id__in=events).delete()
    AudienceMinute.objects.filter(event_id__in=events).delete()


def live_json(bench: Bench, env: dict, world: dict, hello: dict | None) -> None:
    """The staff's live JSON endpoint, logged in, with Redis and on the embedded SQLite.

    Each time: a server is started, a known number of beacons is sent to the event, a staff member logs
    in through the login page (so the session is a real one, in whatever store the server uses), the
    JSON must answer 200 with exactly those views and a live pass, and then it is loaded like the
    ceilings with the cookie and the pass, as a page's polls come. The goal is half the Django hello
    ceiling. For comparison, it is loaded with the session alone too.
    """
    from django.urls import NoReverseMatch, reverse

    event = world["events"]["live"][0]
    path = None
    for name in LIVE_JSON_NAMES:
        for kwargs in ({"event_id": event}, {"pk": event}, {"event": event}):
            with contextlib.suppress(NoReverseMatch):
                path = reverse(name, kwargs=kwargs)
                break
        if path:
            break
    if path is None:
        bench.notes.append("No live JSON endpoint is routed yet (looked for " + ", ".join(LIVE_JSON_NAMES)
                           + "): not measured.")
        print("  live JSON: not routed yet, skipped", flush=True)
        return
    print("live JSON", flush=True)
    for redis in (True, False):
        _reset_events([event])
        if redis:
            import redis as redis_lib

            redis_lib.Redis.from_url(bench.args.redis_url).flushdb()
        server = Server("yunzhao.wsgi:application", interface="wsgi", env=bench.server_env(env, redis=redis),
                        workers=bench.args.workers, threads=bench.args.threads)
        try:
            server.wait("/t/?k=probe")
            sent = send_beacons(server.url, event, LIVE_BEACONS)
            cookie = log_in(server.url, world["staff_username"], world["staff_password"])
            time.sleep(1.2)  # the figures a process has read are reused for a second
            # The page's first poll goes through the session and brings a live pass; its next polls
            # send the pass with the cookies, as a browser does.
            first, live_pass = fetch_json_and_pass(server.url + path, cookie)
            views = first["views"]
            if views != sent:
                raise RuntimeError(f"live JSON shows {views} views of the {sent} beacons sent")
            if not live_pass:
                raise RuntimeError("the live JSON answered through the session gave no live pass")
            with_pass = [f"Cookie: {cookie}", f"X-Live-Pass: {live_pass}"]
            result = bench.measure("live-json", server, path=path, headers=with_pass)
            still = fetch_json(server.url + path, cookie, live_pass)  # the pass held through the load
            session_only = bench.measure("live-json-session", server, path=path, headers=[f"Cookie: {cookie}"])
            # The public counter of the event's published page: anonymous, no session at all.
            counter_path = reverse("live_counter", kwargs={"event_id": event})
            counted = fetch_json(server.url + counter_path, "")["views"]
            if counted != sent:
                raise RuntimeError(f"the public counter shows {counted} views of the {sent} beacons sent")
            counter = bench.measure("live-counter", server, path=counter_path)
        except Exception:
            print(Path(server.log.name).read_text()[-3000:], file=sys.stderr)
            raise
        finally:
            server.stop()
        backend = "Redis" if redis else "SQLite"
        # The same session on the hello view: what any logged-in page pays before its own work.
        hello_server = Server("beacon:hello_application", interface="wsgi", env=bench.server_env(env, redis=redis),
                              workers=bench.args.workers, threads=bench.args.threads, factory=True, workdir=BENCH_DIR)
        try:
            hello_server.wait("/hello/")
            session = log_in(hello_server.url, world["staff_username"], world["staff_password"])
            logged_in_hello = bench.measure("hello-logged-in", hello_server, path="/hello/",
                                            headers=[f"Cookie: {session}"])
        finally:
            hello_server.stop()
        hello_row = bench.row(f"Django hello, {backend}, logged in", logged_in_hello, None)
        row = bench.row(f"live JSON, {backend}, live pass ({path})", result, None)
        session_row = bench.row(f"live JSON, {backend}, session only (first poll)", session_only, None)
        for measured in (hello_row, row, session_row):
            if hello:
                measured["ratio_to_hello"] = round(measured["rps"] / hello["rps"], 3)
                if measured["per_app_cpu_s"] and hello["per_app_cpu_s"]:
                    measured["ratio_to_hello_cpu"] = round(measured["per_app_cpu_s"] / hello["per_app_cpu_s"], 3)
        row["check"] = {"views_sent": sent, "views_shown": views, "answered_after_load": still["views"] == sent}
        session_row["check"] = {"views_sent": sent, "views_shown": views}
        counter_row = bench.row(f"public live counter, {backend} ({counter_path})", counter, None)
        counter_row["check"] = {"views_sent": sent, "views_shown": counted}
        if hello:
            counter_row["ratio_to_hello"] = round(counter_row["rps"] / hello["rps"], 3)
            if counter_row["per_app_cpu_s"] and hello["per_app_cpu_s"]:
                counter_row["ratio_to_hello_cpu"] = round(counter_row["per_app_cpu_s"] / hello["per_app_cpu_s"], 3)
        print(f"    public live counter {counter_row.get('ratio_to_hello')} of Django hello", flush=True)
        print(f"    live JSON on its live pass {row.get('ratio_to_hello')} of Django hello; through the session "
              f"{session_row.get('ratio_to_hello')} ({session_row['rps'] / hello_row['rps']:.2f} of the logged-in "
              f"hello); shows {views} of {sent} views", flush=True)


LIVE_BEACONS = 300


def send_beacons(url: str, event: int, count: int) -> int:
    """``count`` page views of distinct viewers, one at a time; how many were acknowledged (204)."""
    import urllib.request

    acknowledged = 0
    for n in range(count):
        with urllib.request.urlopen(f"{url}/t/?e={event}&k=pv&v=live-viewer-{n:012d}") as answer:
            acknowledged += answer.status == 204
    return acknowledged


def log_in(url: str, username: str, password: str) -> str:
    """Log in by posting the login form; the ``Cookie`` header value of the new session.

    The form is posted with a CSRF secret of the bench's own in both the cookie and the form, as a
    browser would after reading the page (the page itself is not fetched: rendering it needs the
    collected static files, which the throwaway set-up does not have).
    """
    import secrets as secrets_lib
    import urllib.error
    import urllib.parse
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    csrf = secrets_lib.token_hex(16)  # 32 characters, as Django's own secret
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "username": username, "password": password})
    request = urllib.request.Request(f"{url}/login/", data=data.encode(), headers={"Cookie": f"csrftoken={csrf}"})
    try:
        urllib.request.build_opener(NoRedirect).open(request)
        raise RuntimeError("the login form did not redirect: the bench's staff member could not log in")
    except urllib.error.HTTPError as answer:  # the redirect after a successful login
        if answer.code != 302:
            raise
        session = re.search(r"sessionid=([^;]+)", " ".join(answer.headers.get_all("Set-Cookie") or []))
    if session is None:
        raise RuntimeError("the login gave no session")
    return f"sessionid={session.group(1)}"


def fetch_json(url: str, cookie: str, live_pass: str = "") -> dict:
    """GET a JSON page with the session (and a live pass); refuses anything but a 200 JSON answer."""
    return fetch_json_and_pass(url, cookie, live_pass)[0]


def fetch_json_and_pass(url: str, cookie: str, live_pass: str = "") -> tuple[dict, str]:
    """GET a JSON page as ``fetch_json`` does; the answer and the live pass it carries ('' if none)."""
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    headers = {"Cookie": cookie} if cookie else {}
    if live_pass:
        headers["X-Live-Pass"] = live_pass
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(urllib.request.Request(url, headers=headers)) as answer:
        if answer.status != 200:
            raise RuntimeError(f"{url} answered {answer.status}")
        return json.loads(answer.read()), answer.headers.get("X-Live-Pass") or ""


def report(bench: Bench, started: datetime) -> None:
    """Print the table and write the results."""
    header = ["scenario", "req/s", "p50 ms", "p99 ms", "× raw", "× raw per app CPU", "acknowledged",
              "stored (Redis / DB / roll-ups)", "count check", "HLL viewers vs exact",
              "CPU cores: client / app / Redis / rest"]
    rows = []
    for r in bench.rows:
        check = r.get("check") or {}
        stored = " / ".join(str(check[k]) for k in ("stored_redis", "stored_db", "rollups") if check.get(k) is not None)
        if "exact" in check:
            verdict = "stored = acknowledged" if check["exact"] else "MISMATCH"
        elif "no_loss" in check:
            verdict = (f"none lost; {check['in_flight_lost_answers']} stored whose answer the kill cut off"
                       if check["no_loss"] else "LOSS")
        elif "views_sent" in check:
            verdict = (f"shows {check['views_shown']} of {check['views_sent']} views"
                       + ("" if check.get("answered_after_load", True) else "; FAILED after the load"))
        else:
            verdict = ""
        if check.get("viewers_hll") is not None and check.get("viewers_exact"):
            error = (check["viewers_hll"] - check["viewers_exact"]) / check["viewers_exact"]
            hll = f"{check['viewers_hll']} vs {check['viewers_exact']} ({error:+.2%})"
        else:
            hll = str(check.get("viewers_exact", "")) if check else ""
        ratio = r["ratio"] if r["ratio"] is not None else (f"{r.get('ratio_to_hello')} of hello"
                                                              if r.get("ratio_to_hello") else "")
        ratio_cpu = f"{r['ratio_to_hello_cpu']} of hello" if r.get("ratio_to_hello_cpu") else r.get("ratio_cpu") or ""
        rows.append([r["scenario"], f"{r['rps']:.0f}", r["p50_ms"], r["p99_ms"], ratio, ratio_cpu,
                     check.get("acked", ""), stored, verdict, hll, cpu_shares(r.get("cpu"))])
    print()
    print(text_table(header, rows))
    drains = [r["check"] for r in bench.rows if r.get("check", {}).get("drain_rate")]
    notes = list(bench.notes)
    if drains:
        notes.append("Worker drain (stream → SQLite, roll-ups included), after the load: "
                     + ", ".join(f"{d['stored_db']} in {d['drain_s']} s ({d['drain_rate']}/s)" for d in drains))
    counted = [r for r in bench.rows if r.get("check", {}).get("waiting_at_end") is not None]
    if counted:
        notes.append("Without Redis the worker counted the stored beacons into the roll-ups during the load; "
                     "when the load ended: " + "; ".join(
                         f"{r['scenario']}: {r['check']['waiting_at_end']} waiting, all counted within "
                         f"{r['check']['counted_within_s']} s" for r in counted))
    for note in notes:
        print("note:", note)
    info = {"machine": machine(), "commit": git_commit(), "started": started.isoformat(timespec="seconds"),
            "client": bench.client, "options": vars(bench.args),
            "load_average": {"before": bench.load_before, "after": os.getloadavg()}}
    markdown = "\n\n".join([
        f"Beacon benchmark, {started:%Y-%m-%d %H:%M}, commit {info['commit']}, {info['machine']['cpu']} "
        f"× {info['machine']['cores']} cores, Python {info['machine']['python']}; load client {bench.client}, "
        f"{bench.args.connections} connections, {bench.args.duration:.0f} s per measurement, granian "
        f"{bench.args.workers} workers. Load average (1 min) before the run {bench.load_before[0]:.1f}, "
        f"after {info['load_average']['after'][0]:.1f}: the machine was "
        + ("shared with other work." if bench.load_before[0] > 1.5 else "otherwise idle."),
        markdown_table(header, rows),
        *[f"- {note}" for note in notes],
    ])
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%d-%H%M%S")
    for row in bench.rows:
        row.pop("raw", None)
    (RESULTS / f"beacon-{stamp}.json").write_text(json.dumps({**info, "rows": bench.rows, "notes": notes},
                                                              ensure_ascii=False, indent=2, default=str) + "\n")
    (RESULTS / f"beacon-{stamp}.md").write_text(markdown + "\n")
    print(f"\nwritten: bench/results/beacon-{stamp}.json and .md")


if __name__ == "__main__":
    main()
