"""The worker processes editions are built in (imported only when there is something to build)."""
from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from typing import Iterable

from .checks import CONCERN_NAMES
from .editions import MODULES


def pool(workers: int) -> Executor:
    """One edition per worker process, so that each one's memory is returned when it finishes;
    with one worker, the jobs run here instead."""
    if workers <= 1:
        return _InlineExecutor()
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), max_tasks_per_child=1)


def warm_up(pool: Executor) -> threading.Thread:
    """Starts the pool's first worker in the background: the fork server loads the editions'
    modules first (about 0.3 s), which submit() would otherwise wait for."""
    thread = threading.Thread(target=pool.submit, args=(int,), daemon=True)
    thread.start()
    return thread


def finished(futures: Iterable[Future], timeout: float = 0.02) -> set[Future]:
    """The futures done within timeout (at least one, unless it runs out)."""
    return wait(futures, timeout=timeout, return_when=FIRST_COMPLETED).done


def _context() -> multiprocessing.context.BaseContext:
    """Workers come from a fork server, not from the building process: they inherit neither the
    output folder's lock nor anything else open there, so a killed build cannot leave the lock held.
    The server loads the editions once, ahead."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*(f"publish.editions.{m}" for m in MODULES), "publish.readers",
                                    *(f"publish.checks.{name}" for name in CONCERN_NAMES)])
    return context


class _InlineExecutor(Executor):
    """Runs each job at once in this process: the pool's stand-in for one worker."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed on to whoever reads the future, as a pool would
            future.set_exception(error)
        return future
