"""Run a coroutine to completion from a sync test, whatever loop the thread already has.

Playwright's sync API leaves an event loop running in the pytest worker's main thread once a browser
test has run there, and ``asyncio.run`` refuses to start inside it; a short-lived thread has none.
"""

import asyncio
import threading


def run(coroutine):
    """Run ``coroutine`` on a new event loop in its own thread and return its result (or raise)."""
    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # handed back to the caller below
            outcome["error"] = error

    thread = threading.Thread(target=target, name="test-event-loop")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
