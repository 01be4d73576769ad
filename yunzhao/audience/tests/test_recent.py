"""Live figures kept for a moment in each process, and read by one thread at a time when they are due."""

import threading

from yunzhao.audience import selectors


def test_figures_are_read_once_per_moment(settings, monkeypatch):
    # given
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 60
    reads = []
    monkeypatch.setattr(selectors, "live_figures", lambda **scope: reads.append(scope) or {"views": len(reads)})
    # when
    first = selectors.recent_live_figures(event_id=1)
    second = selectors.recent_live_figures(event_id=1)
    other = selectors.recent_live_figures(campaign_id=1)
    # then
    assert first == second == {"views": 1} and other == {"views": 2}
    assert reads == [{"event_id": 1, "campaign_id": None}, {"event_id": None, "campaign_id": 1}]


def test_while_one_thread_reads_due_figures_the_others_answer_with_the_last_ones(settings, monkeypatch):
    # given figures read before, now due again (kept for no time at all)
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 60
    monkeypatch.setattr(selectors, "live_figures", lambda **scope: {"views": 1})
    selectors.recent_live_figures(event_id=7)
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 0
    reading, release = threading.Event(), threading.Event()

    def slow_read(**scope):
        reading.set()
        release.wait(5)
        return {"views": 2}

    monkeypatch.setattr(selectors, "live_figures", slow_read)
    answers = {}
    reader = threading.Thread(target=lambda: answers.setdefault("reader", selectors.recent_live_figures(event_id=7)))
    # when one thread is reading them and another one asks
    reader.start()
    assert reading.wait(5)
    answers["other"] = selectors.recent_live_figures(event_id=7)
    release.set()
    reader.join(5)
    # then the other one had the last figures at once, and the reader the new ones
    assert answers == {"other": {"views": 1}, "reader": {"views": 2}}
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 60
    assert selectors.recent_live_figures(event_id=7) == {"views": 2}
