"""Worker processes that read documents, each document under time and memory
limits.

A hostile file can crash a reader (a C library), loop in one (a pathological
line), or eat all memory (a decompression bomb). Reading happens in worker
processes so none of that reaches the process that writes the database:

* a worker that dies fails the files it had in hand; each is read again
  alone in a fresh process, so only the culprit fails;
* a worker caps its own address space (``memory_mib``): an allocation over
  it raises MemoryError, which fails that document;
* each document runs under an alarm (``timeout_s``); a worker stuck in C code
  the alarm cannot interrupt is killed by the parent a little later.
"""

from __future__ import annotations

import gc
import logging
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from .limits import Limits

log = logging.getLogger(__name__)

# Seconds the parent waits beyond the time limit before it kills a worker.
GRACE_S = 30.0


class DocumentTimeout(BaseException):
    """Raised inside a worker when a document runs over its time limit. A
    BaseException, so the readers' broad ``except Exception`` (a broken file)
    cannot turn it into a wrong reason."""


@contextmanager
def time_limit(seconds: float):
    """Raise :class:`DocumentTimeout` in this thread after ``seconds``
    (only in a main thread, where signals are delivered; elsewhere nothing)."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(_signum, _frame):
        raise DocumentTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _start_worker(memory_mib: int) -> None:
    """Worker initializer: Ctrl-C is for the parent (it stops the workers),
    and this process's address space is capped. What the worker inherited
    from the parent (modules, rules) lives as long as the worker: the cycle
    collector is told to leave it alone (``gc.freeze``), so a collection
    scans only what the documents made, and does not write to the shared
    pages of a forked worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    try:
        import resource

        limit = memory_mib * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError) as exc:  # not on this platform: no cap
        log.debug("no memory limit in the worker: %s", exc)


class Pool:
    """Runs ``work(path)`` (which reads the file itself) in worker processes,
    or ``local(path, data)`` on bytes already read when ``jobs`` is 0.
    ``failed(path, reason)`` builds the result of a file whose worker died or
    hung. ``work`` must be picklable (a module-level function or a partial)."""

    def __init__(self, jobs: int, limits: Limits, work: Callable, local: Callable, failed: Callable) -> None:
        self.jobs, self.limits = jobs, limits
        self.work, self.local, self.failed = work, local, failed
        self.executor = self._new() if jobs > 0 else None

    def _new(self, workers: int | None = None) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers or self.jobs, initializer=_start_worker, initargs=(self.limits.memory_mib,))

    def submit(self, path: str, data: bytes):
        """Start reading ``path``. A worker reads the file itself (cheaper than
        sending the bytes over); this process uses the bytes already read."""
        if self.executor is None:
            return data
        return self.executor, self.executor.submit(self.work, path)

    def result(self, path: str, handle):
        if self.executor is None:
            return self.local(path, handle)
        executor, future = handle
        try:
            return future.result(timeout=self._patience())
        except FutureTimeout:
            log.warning("%s: the worker did not answer in time; it is stopped", path)
            if executor is self.executor:
                self._kill()
            return self.failed(path, self._timeout_reason())
        except BrokenProcessPool:
            # a worker died: any file in flight may be the cause, so each one
            # whose work was lost is read again alone, in a fresh process
            if executor is self.executor:
                self.executor.shutdown(cancel_futures=True)
                self.executor = self._new()
            return self._alone(path)

    def _alone(self, path: str):
        alone = self._new(1)
        try:
            return alone.submit(self.work, path).result(timeout=self._patience())
        except FutureTimeout:
            _kill_processes(alone)
            return self.failed(path, self._timeout_reason())
        except BrokenProcessPool:
            return self.failed(path, "the reader process crashed on this file")
        finally:
            alone.shutdown(wait=False, cancel_futures=True)

    def _patience(self) -> float | None:
        return self.limits.timeout_s + GRACE_S if self.limits.timeout_s > 0 else None

    def _timeout_reason(self) -> str:
        return f"took over {self.limits.timeout_s:g} s, the time limit per document (--timeout)"

    def _kill(self) -> None:
        _kill_processes(self.executor)
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def shutdown(self, kill: bool = False) -> None:
        """Wait for the workers to finish, or with ``kill`` end them now."""
        if self.executor is not None:
            if kill:
                _kill_processes(self.executor)
            self.executor.shutdown(wait=not kill, cancel_futures=True)


def _kill_processes(executor: ProcessPoolExecutor) -> None:
    # concurrent.futures offers no way to stop a running task: end its process
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.kill()
