"""How a build shows its progress: a live table on a terminal, plain lines elsewhere, nothing with --quiet.

rich honours NO_COLOR by itself; the plain form is used whenever the output is not a terminal (CI, logs).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator, TextIO

if TYPE_CHECKING:
    from rich.table import Table

Progress = Callable[[str, str], None]
LABELS = {"waiting": "waiting", "building": "building…", "checking": "checking…", "done": "done",
          "cached": "unchanged"}


@contextmanager
def progress_display(stream: TextIO, quiet: bool) -> Iterator[Progress]:
    """Yields the callback the build calls with (edition, state)."""
    if quiet:
        yield lambda name, state: None
        return
    if not stream.isatty():
        yield _plain_lines(stream)
        return
    from rich.console import Console   # only for a terminal: rich takes a tenth of a second to load
    from rich.live import Live
    console = Console(file=stream)
    states: dict[str, str] = {}
    with Live(_table(states), console=console, transient=True, refresh_per_second=8) as live:
        def update(name: str, state: str) -> None:
            states[name] = state
            live.update(_table(states))
        yield update


def _plain_lines(stream: TextIO) -> Progress:
    def report(name: str, state: str) -> None:
        if state in ("building", "done", "cached"):
            print(f"{name}: {LABELS[state]}", file=stream, flush=True)
    return report


def _table(states: dict[str, str]) -> "Table":
    from rich.table import Table
    table = Table(show_header=False, box=None, padding=(0, 2))
    for name, state in states.items():
        table.add_row(name, LABELS.get(state, state))
    return table
