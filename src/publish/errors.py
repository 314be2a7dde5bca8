"""The one exception type for problems a user can fix: shown as one line, never a traceback."""
from __future__ import annotations

from pathlib import Path
from typing import Any


class PublishError(Exception):
    """Something the user can act on, with the file and line to look at where there is one.

    exit_code 2 means unusable input or options; the CLI prints str(error) and exits.
    """

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None,
                 exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.exit_code = exit_code

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # keeps file and line when the error crosses from a worker process
        return (type(self), (self.message, self.file, self.line, self.exit_code))

    def __str__(self) -> str:
        where = self.file or ""
        if where and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ToolMissing(PublishError):
    """A program an edition needs is not installed (liblouis for braille): the edition is skipped, with
    a warning that says how to install it, and the others are built."""


class LimitExceeded(PublishError):
    """A tool ran past the memory or time a build gives it: the book is past what a build takes, as with
    the limits checked before it starts, so the build stops at once, every edition with it (exit 2, the
    output folder as it was), instead of a finding once the other editions have run their course."""


class PartlyMade(PublishError):
    """A build step that failed after making some of what it makes (the large print's page layout, when
    Typst then could not write the PDF): the steps waiting on those values go on with them."""

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None,
                 exit_code: int = 2, made: dict[str, Any] | None = None) -> None:
        super().__init__(message, file, line, exit_code)
        self.made = made or {}

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.message, self.file, self.line, self.exit_code, self.made))
