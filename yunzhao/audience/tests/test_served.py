"""The beacon as it is served on the embedded default: granian, two worker processes, a SQLite file,
group commit and counting in the background; one worker killed in the middle of the load. And the
live figures polled on a live pass under ASGI, as ``INTERFACE=asgi bin/serve`` serves them."""

import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
CLIENTS = 12
PAIRS = 60  # each client sends a page view and a play for this many viewers of its own

SETUP = """
import datetime as dt, json
from yunzhao.campaigns import actions
from yunzhao.orgs.choices import Role
from yunzhao.orgs.models import User
from yunzhao.orgs.reference import ensure_units
from yunzhao.reach import actions as reach_actions
units = ensure_units()
staff = User.objects.create(username="served-staff", role=Role.CITY_STAFF, unit=units["jnipb"])
staff.set_password("served-password-1234")
staff.save()
editor = User.objects.create(username="served-editor", role=Role.MEDIA_EDITOR, unit=units["jdng"])
campaign = actions.create_campaign(actor=staff, name_zh="服务测试", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
events = [actions.create_event(actor=staff, campaign=campaign, title_zh=f"服务测试 {n}", level="city",
                               owner_unit=units["jnipb"], starts_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).pk
          for n in (1, 2)]
reach_actions.create_channel(actor=editor, code="wechat", name_zh="微信", outlet_name_zh="媒体", level="city", kind="social")
print(json.dumps(events))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """A migrated SQLite file with two events, and granian serving the project on it under WSGI."""
    yield from _serve(tmp_path, ["--interface", "wsgi", "--blocking-threads", "32", "yunzhao.wsgi:application"])


@pytest.fixture
def served_asgi(tmp_path):
    """The same under ASGI, with persistent connections off as ``bin/serve`` sets them there."""
    yield from _serve(tmp_path, ["--interface", "asgi", "yunzhao.asgi:application"], CONN_MAX_AGE="0")


def _serve(tmp_path, interface: list[str], **settings: str):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "PYTEST_XDIST_WORKER",
                                                             "DJANGO_ALLOW_ASYNC_UNSAFE")}
    database = tmp_path / "served.sqlite3"
    env.update({"DATABASE_URL": f"sqlite:///{database}", "YUNZHAO_VAR_DIR": str(tmp_path / "var"),
                "DJANGO_SETTINGS_MODULE": "yunzhao.settings", "AUDIENCE_RATE_LIMIT": "1000000", "LOG_LEVEL": "ERROR",
                **settings})
    subprocess.run([str(BIN / "yunzhao"), "migrate", "--verbosity", "0"], env=env, check=True, timeout=300)
    made = subprocess.run([str(BIN / "yunzhao"), "shell", "--command", SETUP], env=env, check=True, timeout=120,
                          capture_output=True, text=True)
    events = json.loads(made.stdout.strip().splitlines()[-1])
    port = free_port()
    log = open(tmp_path / "granian.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen([str(BIN / "granian"), "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
                               "--no-ws", "--respawn-failed-workers", "--respawn-interval", "0.2",
                               "--working-dir", str(ROOT), *interface],
                              env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_up(port, server)
        yield {"port": port, "server": server, "database": database, "events": events}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)
        log.close()


def _wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "granian exited"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/t/?k=probe")
            if connection.getresponse().status == 400:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("granian did not answer")


def _workers(server: subprocess.Popen) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(server.pid)], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


def test_every_acknowledged_beacon_is_stored_and_counted_when_a_worker_is_killed(served):
    # given clients that each send a page view and a play for viewers of their own, over both events
    acknowledged: set[tuple[str, str]] = set()
    lock = threading.Lock()
    halfway = threading.Barrier(CLIENTS + 1)

    def client(number: int) -> None:
        connection = None
        for n in range(PAIRS):
            if n == PAIRS // 2:
                halfway.wait(30)
            viewer = f"served-viewer-{number:03d}-{n:05d}"
            event = served["events"][n % 2]
            for kind, source in (("pv", "wechat"), ("play", "")):
                try:
                    connection = connection or http.client.HTTPConnection("127.0.0.1", served["port"], timeout=10)
                    connection.request("GET", f"/t/?e={event}&src={source}&k={kind}&v={viewer}")
                    response = connection.getresponse()
                    response.read()
                    if response.status == 204:
                        with lock:
                            acknowledged.add((viewer, kind))
                except (OSError, http.client.HTTPException):
                    connection = None  # the worker serving it was killed: not acknowledged, go on

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    # when one app worker is killed halfway through
    halfway.wait(30)
    os.kill(_workers(served["server"])[0], signal.SIGKILL)
    for thread in threads:
        thread.join(60)
    # then every acknowledged beacon is stored (a killed request may be stored without its answer)
    database = sqlite3.connect(served["database"], timeout=20)
    stored = set(database.execute("SELECT viewer, kind FROM audience_audiencebeacon"))
    assert len(acknowledged) > CLIENTS * PAIRS
    assert acknowledged <= stored
    assert len(stored) - len(acknowledged) <= CLIENTS
    # and the app processes count them into the roll-ups by themselves (no worker runs), exactly
    deadline = time.monotonic() + 20
    while True:
        views, plays, viewers = database.execute(
            "SELECT SUM(views), SUM(plays), SUM(first_in_event) FROM audience_audienceminute").fetchone()
        if (views or 0) + (plays or 0) == len(stored) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert (views, plays) == (sum(1 for _, kind in stored if kind == "pv"), sum(1 for _, kind in stored if kind == "play"))
    distinct = database.execute("SELECT COUNT(*) FROM (SELECT DISTINCT event_id, viewer FROM audience_audiencebeacon)")
    assert viewers == distinct.fetchone()[0]
    wechat = database.execute("SELECT SUM(m.views) FROM audience_audienceminute m JOIN reach_channel c "
                              "ON c.id = m.channel_id WHERE c.code = 'wechat'").fetchone()[0]
    assert wechat == views
    assert database.execute("SELECT last_beacon FROM audience_audiencerollup").fetchone()[0] == database.execute(
        "SELECT MAX(id) FROM audience_audiencebeacon").fetchone()[0]


def _get(port: int, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def _log_in(port: int) -> str:
    """The session cookie of the staff member, logged in through the login form."""
    csrf = "c" * 32
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", "/login/", body="csrfmiddlewaretoken=" + csrf
                       + "&username=served-staff&password=served-password-1234",
                       headers={"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    assert response.status == 302, response.status
    cookie = next(c for c in response.headers.get_all("Set-Cookie") if c.startswith("sessionid="))
    return cookie.split(";", 1)[0]


def test_under_asgi_a_page_polls_the_live_figures_on_its_pass(served_asgi):
    # given beacons of three viewers, and a staff member logged in
    port, event = served_asgi["port"], served_asgi["events"][0]
    for viewer in ("a", "b", "c"):
        assert _get(port, f"/t/?e={event}&src=wechat&k=pv&v=asgi-viewer-{viewer}-000000", {}).status == 204
    session = _log_in(port)
    path = f"/audience/events/{event}/figures.json"
    # when the page polls first through its session, then with its cookies and the pass it was given
    deadline = time.monotonic() + 20
    while True:
        first = _get(port, path, {"Cookie": session})
        assert first.status == 200
        if json.loads(first.body)["views"] == 3 or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    live_pass = first.headers["X-Live-Pass"]
    again = _get(port, path, {"Cookie": session, "X-Live-Pass": live_pass})
    # then the pass is answered as the session was, and the session is left alone
    assert again.status == 200 and json.loads(again.body)["views"] == 3
    assert again.headers.get("Set-Cookie") is None and again.headers.get("X-Live-Pass") is None
    # an altered pass is refused, even with the session's cookie beside it
    refused = _get(port, path, {"Cookie": session, "X-Live-Pass": live_pass[:-2] + "xx"})
    assert refused.status == 403 and json.loads(refused.body)["error"] == "live-pass"
    # and without cookie or pass the figures are for staff only
    assert _get(port, path, {}).status == 302
