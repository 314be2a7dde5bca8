"""The build: manuscript -> Book -> one pandoc parse -> editions in parallel -> checks -> dist/.

Reads top to bottom as the recipe it is. Output is staged beside the output folder
and swapped in whole (see atomic.py); editions whose inputs have not changed are kept.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from . import atomic, cache, pandoc
from .book import Book, load_book
from .checks import check_file
from .checks.manuscript import check_manuscript
from .editions import EDITIONS
from .errors import PublishError
from .report import Finding, Severity


@dataclass(frozen=True)
class EditionResult:
    name: str
    path: Path
    size: int
    findings: tuple[Finding, ...]
    cached: bool = False


@dataclass(frozen=True)
class BuildResult:
    book: Book
    out: Path
    manuscript_findings: tuple[Finding, ...]
    editions: tuple[EditionResult, ...] = field(default=())

    @property
    def findings(self) -> list[Finding]:
        return [*self.manuscript_findings, *(f for e in self.editions for f in e.findings)]

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


# A progress callback hears (edition, state) with state one of: waiting, building, checking, done, cached.
Progress = Callable[[str, str], None]


def select_editions(only: Iterable[str] | None) -> list[str]:
    """Edition names in build order; an unknown name is a PublishError listing the known ones."""
    if not only:
        return list(EDITIONS)
    names = [n.strip() for n in only if n.strip()]
    unknown = [n for n in names if n not in EDITIONS]
    if unknown:
        raise PublishError(f"unknown edition '{unknown[0]}' in --only; choose from: {', '.join(EDITIONS)}")
    return [n for n in EDITIONS if n in names]


def build(source: Path, out: Path, only: Iterable[str] | None = None, force: bool = False,
          progress: Progress = lambda name, state: None, on_wait: Callable[[], None] = lambda: None,
          jobs: int | None = None) -> BuildResult:
    names = select_editions(only)
    book = load_book(source)
    problems = tuple(check_manuscript(book))
    if any(f.severity is Severity.ERROR for f in problems):
        return BuildResult(book, out, problems)
    digest = cache.inputs_digest(book)
    with atomic.locked(out, on_wait), atomic.staging(out) as stage:
        previous = cache.load(stage)
        keys = {n: cache.edition_key(digest, n, {}) for n in names}
        reused = {n: previous[n] for n in names if not force and _still_valid(stage, previous.get(n), keys[n])}
        for name in reused:
            progress(name, "cached")
        todo = [n for n in names if n not in reused]
        results = {n: _from_cache(n, stage, reused[n]) for n in reused}
        if todo:
            with tempfile.TemporaryDirectory(prefix="publish-ast-") as scratch:
                # the AST travels to the workers as a file of JSON, not as a pickled tree in every process
                ast_file = Path(scratch) / "ast.json"
                ast_file.write_text(pandoc.read_ast_json(book), encoding="utf-8")
                results.update(_build_all(book, ast_file, todo, stage, progress, jobs))
        entries = {**previous, **{n: {"key": keys[n], "file": results[n].path.name,
                                      "sha256": cache.file_hash(stage / results[n].path.name),
                                      "findings": [_finding_row(f) for f in results[n].findings]}
                                  for n in names}}
        cache.save(stage, entries)
        atomic.publish(stage, out)
    editions = tuple(_moved(results[n], out) for n in names)
    return BuildResult(book, out, problems, editions)


def _build_all(book: Book, ast_file: Path, names: list[str], stage: Path, progress: Progress,
               jobs: int | None) -> dict[str, EditionResult]:
    for name in names:
        target = stage / EDITIONS[name].filename(book)
        target.unlink(missing_ok=True)   # staged files are hard links to out's: never write through them
        progress(name, "waiting")
    workers = min(len(names), jobs or os.cpu_count() or 1)
    if workers <= 1:
        return {n: _build_one(book, ast_file, n, stage, progress) for n in names}
    # Longest first, so the slowest edition is not left to run alone at the end; one edition per
    # worker process, so each one's memory is returned when it finishes.
    order = sorted(names, key=lambda n: -EDITIONS[n].weight)
    with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context(), max_tasks_per_child=1) as pool:
        futures = {pool.submit(_build_one, book, ast_file, n, stage): n for n in order}
        results: dict[str, EditionResult] = {}
        pending = set(futures)
        started: set[str] = set()
        while pending:
            done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in pending:
                if future.running() and futures[future] not in started:
                    started.add(futures[future])
                    progress(futures[future], "building")
            for future in done:
                results[futures[future]] = future.result()
                progress(futures[future], "done")
        return {n: results[n] for n in names}


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers come from a fork server, not from this process: they inherit neither the output
    folder's lock nor anything else open here, so a killed build cannot leave the lock held."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["publish.editions", "publish.checks"])
    return context


def _build_one(book: Book, ast_file: Path, name: str, stage: Path,
               progress: Progress | None = None) -> EditionResult:
    """Builds one edition and checks it; runs in a worker process."""
    if progress:
        progress(name, "building")
    path = EDITIONS[name].build(book, json.loads(ast_file.read_text(encoding="utf-8")), stage)
    if progress:
        progress(name, "checking")
    findings = tuple(check_file(path, path.name))
    if progress:
        progress(name, "done")
    return EditionResult(name, path, path.stat().st_size, findings)


def _still_valid(stage: Path, entry: dict[str, Any] | None, key: str) -> bool:
    if not entry or entry.get("key") != key:
        return False
    path = stage / entry.get("file", "")
    return path.is_file() and cache.file_hash(path) == entry.get("sha256")


def _from_cache(name: str, stage: Path, entry: dict[str, Any]) -> EditionResult:
    path = stage / entry["file"]
    findings = tuple(Finding(r["file"], r["line"], Severity(r["severity"]), r["code"], r["message"], r["help"])
                     for r in entry.get("findings", []))
    return EditionResult(name, path, path.stat().st_size, findings, cached=True)


def _finding_row(f: Finding) -> dict[str, Any]:
    return {"file": f.file, "line": f.line, "severity": f.severity.value, "code": f.code,
            "message": f.message, "help": f.help}


def _moved(result: EditionResult, out: Path) -> EditionResult:
    return EditionResult(result.name, out / result.path.name, result.size, result.findings, result.cached)
