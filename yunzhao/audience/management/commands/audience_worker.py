"""``yunzhao audience_worker``: move beacons from Redis into the database and keep the platform's reach.

Run one (or more) alongside the app servers. With ``REDIS_URL`` set it moves the beacons from the
Redis stream into the database; without Redis it counts the beacons the app processes stored into
the minute roll-ups (as the app processes do themselves). Either way it records the platform's own
counts in each event's reach. It may be killed at any moment.
"""

import signal
import time

from django.core.management.base import BaseCommand

from yunzhao.audience import worker
from yunzhao.audience.conf import config


def _stop(signum, frame):
    """SIGTERM stops the worker like Ctrl-C: a batch in flight is rolled back and stays pending."""
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Move live-audience beacons from Redis into the database and record the platform's reach."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Stop once the stream is drained (without Redis: once every stored beacon is counted).")
        parser.add_argument("--entries", type=int, default=50, help="Stream entries per database transaction.")
        parser.add_argument("--reach-every", type=float, default=60.0,
                            help="Seconds between records of the platform's reach.")
        parser.add_argument("--consumer", default=None, help="Consumer name in the group (default: host name).")

    def handle(self, *args, once, entries, reach_every, consumer, verbosity, **options):
        signal.signal(signal.SIGTERM, _stop)
        out = self.stdout.write if verbosity > 1 else None
        started = time.monotonic()
        try:
            total = worker.run(once=once, entries=entries, reach_every=reach_every, consumer=consumer, out=out)
        except KeyboardInterrupt:
            return
        seconds = time.monotonic() - started
        if not config().redis_url:
            self.stdout.write(f"counted {total.counted} stored beacons in {seconds:.1f} s")
        else:
            self.stdout.write(f"moved {total.entries} entries; {total.stored} of {total.beacons} beacons stored "
                              f"in {seconds:.1f} s")
