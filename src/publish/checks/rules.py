"""A rule: a stable code that starts with its concern, a severity, what it finds, how to fix it."""
from __future__ import annotations

from dataclasses import dataclass

from ..report import Finding, Severity


@dataclass(frozen=True)
class Rule:
    code: str            # e.g. note-unreferenced: the concern first, stable once published
    severity: Severity
    message: str         # one sentence: what is wrong
    help: str            # how to fix it

    def finding(self, file: str, line: int | None, message: str | None = None) -> Finding:
        """A finding of this rule; message, when given, says it more precisely for this place."""
        return Finding(file, line, self.severity, self.code, message or self.message, self.help)
