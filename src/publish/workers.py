"""The worker processes editions are built in (imported only when there is something to build)."""
from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from typing import Any, Iterable

from .checks import CONCERN_NAMES
from .editions import MODULES


def pool(workers: int) -> Executor:
    """One edition per worker process, so that each one's memory is returned when it finishes;
    with one worker, the jobs run here instead."""
    if workers <= 1:
        return _InlineExecutor()
    return _Pool(workers)


STOP_GRACE = 2.0       # seconds a stopped worker has to clean up before it is killed


class _Pool(ProcessPoolExecutor):
    """The process pool, stopped at once when the build fails or is interrupted: a plain pool would wait
    for every running edition to finish (minutes, for a large book), and a build killed with SIGTERM
    would leave them running, writing into a staging folder that is gone.

    Each worker leads a process group of its own, so that stopping it stops the pandoc it runs too,
    and keeps its temporary files in a folder of the pool's, removed with the pool whatever happened
    to the workers."""

    def __init__(self, workers: int) -> None:
        self.scratch = tempfile.mkdtemp(prefix="publish-workers-")
        super().__init__(max_workers=workers, mp_context=_context(), max_tasks_per_child=1,
                         initializer=_start_worker, initargs=(self.scratch,))

    def __exit__(self, kind: Any, error: Any, trace: Any) -> bool:
        try:
            if kind is not None:
                self.stop()
            else:
                self.shutdown(wait=True)
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
        return False

    def stop(self) -> None:
        """Cancels what has not started and ends every worker (and what it runs) now: SIGTERM, which lets
        Python remove its temporary files, then SIGKILL for one still there after STOP_GRACE seconds."""
        with self._shutdown_lock:
            # what shutdown(cancel_futures=True) does first; shutdown itself, which lets go of the
            # processes the manager thread still looks at, comes once they are gone
            self._cancel_pending_futures = True
            self._shutdown_thread = True
            if self._executor_manager_thread_wakeup is not None:
                self._executor_manager_thread_wakeup.wakeup()
            manager, processes = self._executor_manager_thread, self._processes
        try:
            self._end(manager, processes)
        finally:
            self.shutdown(wait=True)

    def _end(self, manager: threading.Thread | None, processes: dict[int, Any] | None) -> None:
        if processes is None:
            return
        deadline = time.monotonic() + STOP_GRACE
        signum = signal.SIGTERM
        while True:
            # a worker that has just finished a job may be replaced by a new one: look again each time
            living = [p for p in list(processes.values()) if p.is_alive()]
            if not living and (manager is None or not manager.is_alive()):
                break
            for process in living:
                _signal_group(process.pid, signum)
            if time.monotonic() > deadline:
                signum = signal.SIGKILL
                if time.monotonic() > deadline + STOP_GRACE:
                    break   # nothing more can be done; the workers are killed
            if manager is not None and manager.is_alive():
                manager.join(0.05)     # it reaps the workers (joining them here too would race it)
            else:
                time.sleep(0.05)


def _signal_group(pid: int | None, signum: int) -> None:
    if pid is None:
        return
    try:
        os.killpg(pid, signum)         # the worker and the pandoc it runs
    except OSError:
        try:
            os.kill(pid, signum)       # not (yet) leading a group of its own
        except OSError:
            pass


def _start_worker(scratch: str) -> None:
    """Runs first in each worker: a process group of its own, temporary files in the pool's folder, and
    SIGTERM as SystemExit, so that the job's clean-up (temporary folders) runs before it ends."""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    os.environ["TMPDIR"] = scratch         # for pandoc and the other programs it runs
    tempfile.tempdir = scratch
    signal.signal(signal.SIGTERM, _exit_worker)    # (Ctrl-C reaches only the building process's group now)


def _exit_worker(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise SystemExit(128 + signum)


def warm_up(pool: Executor) -> threading.Thread:
    """Starts the pool's first worker in the background: the fork server loads the editions'
    modules first (about 0.3 s), which submit() would otherwise wait for."""
    thread = threading.Thread(target=_submit_quietly, args=(pool,), daemon=True)
    thread.start()
    return thread


def _submit_quietly(pool: Executor) -> None:
    try:
        pool.submit(int)
    except RuntimeError:    # the pool was stopped meanwhile (the build failed or was interrupted)
        pass


def finished(futures: Iterable[Future], timeout: float = 0.02) -> set[Future]:
    """The futures done within timeout (at least one, unless it runs out)."""
    return wait(futures, timeout=timeout, return_when=FIRST_COMPLETED).done


def _context() -> multiprocessing.context.BaseContext:
    """Workers come from a fork server, not from the building process: they inherit neither the
    output folder's lock nor anything else open there, so a killed build cannot leave the lock held.
    The server loads the editions once, ahead."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*MODULES, "publish.readers",
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
