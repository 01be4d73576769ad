"""The beacon under an ASGI server: answered in the event loop, written by the same group commit."""

import asyncio
import json
import time

import pytest

from yunzhao.audience import catalog as catalog_module
from yunzhao.audience import recorder
from yunzhao.audience.asgi import BeaconShortCircuitASGI
from yunzhao.audience.choices import Rejection
from yunzhao.audience.selectors import rejection_counts
from yunzhao.testing import aio


async def django_stand_in(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"django"})


async def call(app, path: str, query: str = "", method: str = "GET", body: bytes = b"", headers=()):
    """One request through the ASGI app: (status, headers, body)."""
    sent = []
    chunks = [body[i:i + 700] for i in range(0, len(body), 700)] or [b""]

    async def receive():
        chunk = chunks.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": query.encode(),
             "headers": [(k.encode(), v.encode()) for k, v in headers], "client": ("192.0.2.1", 5000)}
    await app(scope, receive, send)
    return sent[0]["status"], dict(sent[0]["headers"]), sent[1]["body"]


@pytest.fixture
def asgi(with_redis, settings, event, channels):
    """The ASGI beacon with group commit on (as in production) and the catalog already read."""
    settings.AUDIENCE_GROUP_COMMIT = True
    catalog_module.catalog._snapshot = catalog_module.Snapshot(
        {event.pk: event.campaign_id}, {c.code: c.pk for c in channels.values()}, time.monotonic())
    yield BeaconShortCircuitASGI(django_stand_in)
    recorder.reset()


@pytest.mark.redis
def test_concurrent_beacons_are_acknowledged_after_shared_writes(asgi, with_redis, event):
    # when 300 beacons arrive at once
    async def load():
        return await asyncio.gather(*(call(asgi, "/t/", f"e={event.pk}&src=wechat&v=asgi-viewer-{n:08d}")
                                      for n in range(300)))

    answers = aio.run(load())
    # then all are answered 204, counted in Redis, and written in fewer stream entries than beacons
    assert {status for status, _, _ in answers} == {204}
    client = recorder.redis_client()
    assert int(client.hget(with_redis.event(event.pk), "pv")) == 300
    assert 1 <= client.xlen(with_redis.stream) < 300


@pytest.mark.redis
def test_refusals_are_answered_and_counted_in_the_event_loop(asgi, event):
    async def requests():
        return [
            await call(asgi, "/t/", "e=abc"),
            await call(asgi, "/t/", method="POST", body=json.dumps({"e": event.pk, "pad": "x" * 3000}).encode()),
            await call(asgi, "/t/", method="POST", body=b"{}", headers=[("content-length", "99999")]),
            await call(asgi, "/t/", "e=987654321"),
            await call(asgi, "/t/", method="POST", body=json.dumps({"e": event.pk, "v": "viewer-json-0000001"}).encode(),
                       headers=[("content-type", "text/plain")]),
            await call(asgi, "/projects/"),
        ]

    answers = aio.run(requests())
    assert [status for status, _, _ in answers] == [400, 413, 413, 404, 204, 200]
    assert answers[-1][2] == b"django"
    time.sleep(1.2)  # refusals are counted with the next write, or within a second
    counts = rejection_counts()
    assert (counts[Rejection.MALFORMED], counts[Rejection.OVERSIZED], counts[Rejection.UNKNOWN_EVENT]) == (1, 2, 1)


@pytest.mark.redis
def test_a_new_viewer_gets_the_cookie_over_asgi(asgi, event):
    status, headers, _ = aio.run(call(asgi, "/t/", f"e={event.pk}&img=1"))
    assert status == 200
    assert headers[b"content-type"] == b"image/gif"
    assert headers[b"set-cookie"].startswith(b"yz_vid=")
