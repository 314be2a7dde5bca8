"""Writing the output folder all at once: a lock, a staging folder beside it, and one atomic swap.

A failed, interrupted or killed build leaves the output folder exactly as it was;
two builds into the same folder take turns.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .errors import PublishError

STAGING_PREFIX = "building-"
_RENAME_EXCHANGE = 2
LOCK_TIMEOUT = 600.0


@contextmanager
def locked(out: Path, on_wait: Callable[[], None] = lambda: None, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Holds an exclusive lock on out for the duration; calls on_wait if another build holds it,
    and gives up with a PublishError after timeout seconds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    with open(lock_path, "a+b") as handle:
        if not _try_lock(handle):
            on_wait()
            deadline = time.monotonic() + timeout
            while not _try_lock(handle):
                if time.monotonic() > deadline:
                    raise PublishError(f"another build has been writing to this folder for over {timeout:.0f} s; "
                                       "wait for it to finish, or stop it, and build again", out)
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(handle) -> bool:  # type: ignore[no-untyped-def]
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh folder beside out, holding a (hard-linked) copy of out's present files; removed afterwards.

    Call it while holding locked(out). Staging folders left by a killed build are removed first.
    Ctrl-C waits while the folder is made and removed, so that it is never left behind.
    """
    folder: Path | None = None
    try:
        with _signals_held():
            for stale in out.parent.glob(f".{out.name}.{STAGING_PREFIX}*"):
                shutil.rmtree(stale, ignore_errors=True)
            folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.{STAGING_PREFIX}", dir=out.parent))
            umask = os.umask(0)
            os.umask(umask)
            folder.chmod(0o777 & ~umask)   # mkdtemp makes it private; the output folder should not be
        if out.is_dir():
            shutil.rmtree(folder)
            shutil.copytree(out, folder, copy_function=_link_or_copy, symlinks=True)
        yield folder
    finally:
        if folder is not None:
            with _signals_held():
                shutil.rmtree(folder, ignore_errors=True)


def publish(folder: Path, out: Path) -> None:
    """Puts the staged folder in out's place in one step; the old contents end up in folder."""
    with _signals_held():
        if not out.exists():
            os.rename(folder, out)
            folder.mkdir()
            return
        if not _exchange(folder, out):
            # No atomic exchange on this file system: two renames, the gap as short as it can be.
            old = folder.with_name(folder.name + "-old")
            os.rename(out, old)
            os.rename(folder, out)
            os.rename(old, folder)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Holds back Ctrl-C and SIGTERM for a few file operations that must not stop half-way;
    they are delivered as soon as the operations are done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _exchange(a: Path, b: Path) -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
