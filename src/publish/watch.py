"""`publish watch`: rebuild whenever the manuscript or styles/ change, and report each time."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from watchfiles import DefaultFilter, watch

from .build import BuildResult, build
from .errors import PublishError
from .styles import style_path


def watched_paths(manuscript: Path) -> list[Path]:
    """The manuscript's folder (its text and images) and styles/."""
    folder = manuscript if manuscript.is_dir() else manuscript.resolve().parent
    return [folder, style_path("__init__.py").parent]


def watch_and_build(manuscript: Path, out: Path, only: Iterable[str] | None,
                    report: Callable[[BuildResult | PublishError], None]) -> None:
    """Builds now, then after every change, until interrupted."""
    ignore = _ignore_output(out)
    report(_attempt(manuscript, out, only))
    for _changes in watch(*watched_paths(manuscript), watch_filter=ignore, debounce=300):
        report(_attempt(manuscript, out, only))


def _attempt(manuscript: Path, out: Path, only: Iterable[str] | None) -> BuildResult | PublishError:
    try:
        return build(manuscript, out, only=only)
    except PublishError as error:
        return error


def _ignore_output(out: Path) -> DefaultFilter:
    """Changes inside the output folder (and its staging folders beside it) are the build's own."""
    out = out.resolve()

    class IgnoreOutput(DefaultFilter):
        def __call__(self, change, path: str) -> bool:  # type: ignore[no-untyped-def]
            resolved = Path(path).resolve()
            ours = (resolved == out or out in resolved.parents     # its lock and staging folders too
                    or any(part.startswith(f".{out.name}.") for part in resolved.parts))
            return not ours and super().__call__(change, path)

    return IgnoreOutput()
