"""Group commit: many request threads, one writer, one write per batch.

A request thread hands its item to the process's writer and waits. The writer takes everything that
arrived while it was writing the previous batch and writes it in one go (one Redis round trip, or one
database transaction); then it wakes all the threads of that batch at once. Each request is answered
only after the batch that holds its item is written, so an acknowledged item is never lost, and the
cost of a write is shared by every request of the batch.

``GroupCommitter`` writes from a thread of its own (for WSGI's request threads, and for stores that
block, such as the database); ``LoopCommitter`` writes from inside one event loop with an async
client, so that a batch costs no thread hand-over and no contention for the GIL at all.
"""

import asyncio
import contextlib
import logging
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class WriteFailed(Exception):
    """The item was not written (the write failed or took too long); the request must not be acknowledged."""


class _Batch(Generic[T]):
    __slots__ = ("error", "futures", "items", "settled", "waiters")

    def __init__(self) -> None:
        self.items: list[T] = []
        self.error: BaseException | None = None
        self.settled = False
        # Request threads waiting: each on a lock of its own, held until the batch is written. (An
        # Event would make every woken thread take the Event's own lock again, all at once.)
        self.waiters: list[threading.Lock] = []
        # Requests waiting in event loops: their futures, by loop (each loop is woken once a batch).
        self.futures: dict[asyncio.AbstractEventLoop, list[asyncio.Future]] = {}

    def settle(self) -> None:
        """Wake every request of the batch, in threads and in event loops."""
        self.settled = True
        for waiter in self.waiters:
            waiter.release()
        for loop, futures in self.futures.items():
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(_settle, futures, self.error)


def _settle(futures: list[asyncio.Future], error: BaseException | None) -> None:
    """Answer the futures still waiting (called in their loop)."""
    for future in futures:
        if not future.done():
            if error is None:
                future.set_result(None)
            else:
                future.set_exception(error if isinstance(error, WriteFailed) else WriteFailed(str(error)))


class GroupCommitter(Generic[T]):
    """Collects items from many threads and writes them in batches from one background thread.

    ``write(items)`` is called from the writer thread with the items of one batch (an empty list
    every ``idle`` seconds when nothing arrives, so that the writer can flush what it keeps aside).
    """

    def __init__(self, write: Callable[[list[T]], None], *, name: str = "group-commit", timeout: float = 5.0,
                 idle: float = 1.0, max_batch: int = 5000) -> None:
        self._write = write
        self._timeout = timeout
        self._idle = idle
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._open: _Batch[T] = _Batch()
        self._full: deque[_Batch[T]] = deque()
        self._stopped = False
        self.batches = 0
        self.items = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, item: T) -> None:
        """Hand ``item`` to the writer and return once it is written; raises ``WriteFailed`` otherwise."""
        with self._lock:
            if self._stopped:
                raise WriteFailed("the writer has stopped")
            batch = self._full_or_open()
            batch.items.append(item)
            waiter = threading.Lock()
            waiter.acquire()
            batch.waiters.append(waiter)
            if len(batch.items) == 1:
                self._wake.set()
        if not waiter.acquire(timeout=self._timeout):
            raise WriteFailed("the write took too long")
        if batch.error is not None:
            raise WriteFailed(str(batch.error)) from batch.error

    async def submit_async(self, item: T) -> None:
        """``submit`` for an event loop: awaits the write without holding a thread."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._lock:
            if self._stopped:
                raise WriteFailed("the writer has stopped")
            batch = self._full_or_open()
            batch.items.append(item)
            futures = batch.futures.get(loop)
            if futures is None:
                futures = batch.futures[loop] = []
                # One timer per batch and loop, not one per request.
                loop.call_later(self._timeout, _settle, futures, WriteFailed("the write took too long"))
            futures.append(future)
            if len(batch.items) == 1:
                self._wake.set()
        await future

    def _full_or_open(self) -> _Batch[T]:
        """The open batch, after closing it if it is full (call with the lock held)."""
        if len(self._open.items) >= self._max_batch:
            self._full.append(self._open)
            self._open = _Batch()
        return self._open

    def stop(self) -> None:
        """Write what is pending and stop the writer."""
        with self._lock:
            self._stopped = True
        self._wake.set()
        self._thread.join(self._timeout)

    def _take(self) -> _Batch[T]:
        """The oldest full batch, or else the open one (a new open batch takes its place)."""
        with self._lock:
            if self._full:
                return self._full.popleft()
            batch = self._open
            self._open = _Batch()
            self._wake.clear()
            return batch

    def _run(self) -> None:
        while True:
            self._wake.wait(self._idle)
            batch = self._take()
            try:
                self._write(batch.items)
                self.batches += 1
                self.items += len(batch.items)
            except BaseException as error:  # every failure must reach the waiting requests
                log.exception("audience: a batch of %d could not be written", len(batch.items))
                batch.error = error
            batch.settle()
            if self._stopped and not self._open.items and not self._full:
                return


class LoopCommitter(Generic[T]):
    """Group commit inside one event loop: requests await their batch; one write at a time runs in the loop.

    The first item that finds no write running starts one at the loop's next turn, so every request
    that arrived meanwhile shares it; items arriving while a write is awaited form the next batch,
    written as soon as it returns. Use one per event loop; ``write(items)`` is a coroutine.
    """

    def __init__(self, write: Callable[[list[T]], Awaitable[None]], *, timeout: float = 5.0,
                 max_batch: int = 5000) -> None:
        self._write = write
        self._timeout = timeout
        self._max_batch = max_batch
        self._items: list[T] = []
        self._futures: list[asyncio.Future] = []
        self._writing = False
        self.batches = 0
        self.items = 0

    async def submit(self, item: T) -> None:
        """Return once ``item`` is written; raises ``WriteFailed`` otherwise."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._items.append(item)
        self._futures.append(future)
        if not self._writing:
            self._writing = True
            loop.create_task(self._run())
        await future

    async def _run(self) -> None:
        try:
            while self._items:
                items, futures = self._items[:self._max_batch], self._futures[:self._max_batch]
                del self._items[:self._max_batch], self._futures[:self._max_batch]
                error: BaseException | None = None
                try:
                    await asyncio.wait_for(self._write(items), self._timeout)
                    self.batches += 1
                    self.items += len(items)
                except TimeoutError:
                    error = WriteFailed("the write took too long")
                except Exception as failure:  # every failure must reach the waiting requests
                    log.exception("audience: a batch of %d could not be written", len(items))
                    error = WriteFailed(str(failure))
                except BaseException:  # cancelled (the loop is closing): not known to be written
                    _settle(futures, WriteFailed("the writer has stopped"))
                    raise
                _settle(futures, error)
        finally:
            self._writing = False
            if self._items:  # cancelled with requests still waiting: they must not hang
                futures, self._futures, self._items = self._futures, [], []
                _settle(futures, WriteFailed("the writer has stopped"))
