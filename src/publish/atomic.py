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
    lock_path = out.parent / f".{out.name}.lock"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        opened = open(lock_path, "a+b")
    except OSError as error:
        raise unwritable(error, out) from None
    with opened as handle:
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
        except OSError as error:
            raise unwritable(error, out) from None
        yield folder
    finally:
        if folder is not None:
            with _signals_held():
                shutil.rmtree(folder, ignore_errors=True)


def publish(folder: Path, out: Path) -> None:
    """Puts the staged folder in out's place in one step; the old contents end up in folder."""
    with _signals_held():
        try:
            if not out.exists():
                os.rename(folder, out)
                folder.mkdir()
                return
            if not _exchange(folder, out):
                # No atomic exchange on this file system: two renames, the gap as short as it can be.
                old = folder.with_name(folder.name + "-old")
                os.rename(out, old)
                try:
                    os.rename(folder, out)
                except OSError:
                    os.rename(old, out)      # the old editions back in their place
                    raise
                os.rename(old, folder)
        except OSError as error:
            raise unwritable(error, out) from None


_REASONS = {errno.ENOSPC: ("the disk is full", "make room on it, or give --out a folder on another disk"),
            errno.EDQUOT: ("your disk quota is used up", "make room, or give --out a folder on another disk"),
            errno.EACCES: ("you may not write there", "give --out a folder you may write to"),
            errno.EPERM: ("you may not write there", "give --out a folder you may write to"),
            errno.EROFS: ("the disk is read-only", "give --out a folder on a disk you can write to"),
            errno.ENOTDIR: ("part of the path is a file, not a folder", "give --out a folder"),
            errno.EEXIST: ("a file of that name is in the way", "give --out a folder"),
            errno.ENAMETOOLONG: ("the name is too long", "give --out a shorter path")}


def unwritable(error: OSError, out: Path) -> PublishError:
    """An OSError met while writing the output folder, as one line naming the path and what to do;
    the output folder itself is as it was (nothing is swapped in until everything is written)."""
    path: object = error.filename or out
    reason, advice = _REASONS.get(error.errno or 0, (error.strerror or "", "check the folder and build again"))
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list) and error.args[0]:
        src, path, why = error.args[0][0]     # copytree gathers (source, destination, reason) of each failure
        reason = str(why)
        reason, advice = next(((r, a) for code, (r, a) in _REASONS.items() if os.strerror(code) in reason),
                              (reason, "check the folder and build again"))
    reason = " ".join(str(reason or error).split())
    path = _as_out(Path(str(path)), out)
    if str(path) == ".":
        path = Path.cwd()
    writing = error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) or _within(Path(str(path)), out.parent)
    return PublishError(f"cannot be {'written' if writing else 'used'}: {reason}; {advice} "
                        f"(nothing in {out} was changed)", str(path))


def _as_out(path: Path, out: Path) -> Path:
    """A path in the staging folder (gone by the time anyone reads the message) as the output folder's."""
    parts = path.parts
    for index, part in enumerate(parts):
        if part.startswith(f".{out.name}.{STAGING_PREFIX}"):
            return out.joinpath(*parts[index + 1:])
    return path


def _within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve()) or \
            path.resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())
    except (OSError, ValueError):
        return False


def refuse_unsafe_out(out: Path, manuscript: Path) -> None:
    """Refuses, before anything is written, an output folder the swap into place would harm: a file, the
    working folder or one that holds it, the manuscript's own folder or one that holds it, or a folder
    inside a manuscript folder (the output folder is replaced whole at every build)."""
    target = out.resolve()
    source = manuscript.resolve()
    book_folder = source if source.is_dir() else source.parent
    here = Path.cwd().resolve()
    instead = f"e.g. --out {_suggested_out(source, here)}"
    if target == source and source.is_file():
        raise PublishError(f"--out {out} is the manuscript itself; give --out a folder for the editions, "
                           + instead)
    if out.exists() and not out.is_dir():
        raise PublishError(f"--out {out} is a file, not a folder; give --out a folder for the editions, "
                           + instead)
    if target == here or target in here.parents:
        raise PublishError(f"--out {out} is the folder you are working in (or holds it), and the editions "
                           "would take the place of everything in it; give --out a folder of their own, "
                           + instead)
    if target == source:
        raise PublishError(f"--out {out} is the manuscript folder, and the editions would take the place of "
                           "everything in it; give --out a folder of their own, " + instead)
    if target == book_folder or target in book_folder.parents:
        raise PublishError(f"--out {out} holds the manuscript, and the editions would take the place of "
                           "everything in it; give --out a folder of their own, " + instead)
    if source.is_dir() and source in target.parents:
        raise PublishError(f"--out {out} is inside the manuscript folder {manuscript}; keep the editions apart "
                           "from the manuscript: give --out a folder outside it, " + instead)


def _suggested_out(source: Path, here: Path) -> str:
    """An output folder to suggest: dist in the working folder, or beside the manuscript folder when
    the working folder is (inside) the manuscript folder."""
    suggestion = here / "dist"
    if source.is_dir() and (suggestion == source or source in suggestion.parents):
        suggestion = source.parent / "dist"
    return os.path.relpath(suggestion, here)


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
