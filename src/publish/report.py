"""The report model: findings and their summary, kept apart from how they are printed."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One thing wrong: where (file inside a package as 'book.epub!/EPUB/x.xhtml'), what, and how to fix it."""

    file: str
    line: int | None
    severity: Severity
    code: str
    message: str
    help: str = ""
    column: int | None = None     # where on the line, from 1, when it helps find the place

    def as_text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.line and self.column:
            where += f":{self.column}"
        return f"{where}: {self.severity.value} {self.code} {self.message}"


def count(findings: Iterable[Finding]) -> dict[str, int]:
    findings = list(findings)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    return {"errors": errors, "warnings": len(findings) - errors}


def to_text(findings: Iterable[Finding]) -> str:
    return "\n".join(f.as_text() for f in sorted(findings, key=_order))


def to_json(findings: Iterable[Finding], files: Iterable[str] = ()) -> str:
    ordered = sorted(findings, key=_order)
    rows = [{"code": f.code, "severity": f.severity.value, "message": f.message, "file": f.file,
             "line": f.line, "column": f.column, "help": f.help} for f in ordered]
    summary = {**count(ordered), "files": sorted(set(files) | {f.file.split("!/")[0] for f in ordered})}
    return json.dumps({"findings": rows, "summary": summary}, indent=2, ensure_ascii=False)


def _order(f: Finding) -> tuple:
    return (f.file, f.line or 0, f.column or 0, f.code, f.message)


__all__ = ["Finding", "Severity", "count", "to_text", "to_json", "asdict"]
