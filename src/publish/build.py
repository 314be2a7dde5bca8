"""The build: manuscript -> Book -> one pandoc parse -> editions in parallel -> checks -> dist/.

Reads top to bottom as the recipe it is. Output is staged beside the output folder
and swapped in whole (see atomic.py); editions whose inputs have not changed are kept.
"""
from __future__ import annotations

import json
import os
from collections import Counter
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from . import atomic, cache, pagination, typeset
from .book import Book, load_book
from .checks import check_file
from .checks.rules import rule
from .editions import EDITIONS, TOGETHER, build_together
from .errors import LimitExceeded, PublishError, ToolMissing
from .pagination import Spans
from .report import Finding, Severity

if TYPE_CHECKING:
    from .prepare import Prepared

EDITION_FAILED, PAGES_MISSING = rule("build-edition-failed"), rule("build-no-print-pages")
EDITION_SKIPPED = rule("build-edition-skipped")
MANUSCRIPT_ENTRY = "manuscript"     # the cache's entry for what preparing the AST found


@dataclass(frozen=True)
class EditionResult:
    name: str
    path: Path
    size: int
    findings: tuple[Finding, ...]
    cached: bool = False
    spans: Spans | None = None     # the large print's page layout, from the edition that makes it


@dataclass(frozen=True)
class BuildResult:
    book: Book
    out: Path
    manuscript_findings: tuple[Finding, ...]
    editions: tuple[EditionResult, ...] = field(default=())
    failures: tuple[Finding, ...] = ()       # editions that could not be made, and why

    @property
    def findings(self) -> list[Finding]:
        """Each fault once: an edition's finding of a rule that the manuscript's findings already report
        is that fault seen again in the edition (an image without alt text is one in every edition),
        so each edition's first findings of such a rule, as many as the manuscript has, are not repeated."""
        in_text = Counter(f.code for f in self.manuscript_findings)
        shown = [*self.manuscript_findings, *self.failures]
        for edition in self.editions:
            left = Counter(in_text)
            for finding in edition.findings:
                if left[finding.code] > 0:
                    left[finding.code] -= 1
                else:
                    shown.append(finding)
        return shown

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
          jobs: int | None = None, interrupted: Callable[[], bool] = lambda: False) -> BuildResult:
    names = select_editions(only)
    book = load_book(source)
    atomic.refuse_unsafe_out(out, source)     # before anything is written
    typeset.limits()                          # a mistyped PUBLISH_TYPST_* stops the build here, not one edition
    base = cache.inputs_digest(book)
    from concurrent.futures import BrokenExecutor   # a worker that crashed
    try:
        with atomic.locked(out, on_wait), atomic.staging(out) as stage:
            previous = cache.load(stage, out)
            # the files the text names are known from the last build's AST, when the text is the same
            remembered = previous.get(MANUSCRIPT_ENTRY, {})
            digest = cache.with_files(base, book.root, remembered["files"]) \
                if remembered.get("base") == base and isinstance(remembered.get("files"), list) else None
            keys = {n: cache.edition_key(digest, n, {}) for n in names} if digest else {}
            reused = {n: previous[n] for n in names
                      if digest and not force and _still_valid(stage, previous.get(n), keys[n])}
            for name in reused:
                progress(name, "cached")
            todo = [n for n in names if n not in reused]
            for name in todo:     # an edition made before under another file name (the title changed) goes
                old = previous.get(name, {}).get("file")
                if old and old != EDITIONS[name].filename(book):
                    (stage / old).unlink(missing_ok=True)
            results = {n: _from_cache(n, stage, reused[n]) for n in reused}
            failures: list[Finding] = []
            if todo:
                # --force makes everything again, the page layout too
                known = None if force or not digest else _known_spans(previous, digest, results)
                made, prepared, failures = _build_all(book, todo, stage, progress, jobs, known)
                results.update(made)
                digest = cache.with_files(base, book.root, prepared.files)
                keys = {n: cache.edition_key(digest, n, {}) for n in names}
                remembered = {"base": base, "files": list(prepared.files),
                              "findings": [_finding_row(f) for f in prepared.findings]}
            # faults in the text are findings: the editions are built all the same, and the exit status says
            # so; they are remembered, so that a build with nothing to make reads no AST and still reports them
            problems = tuple(_finding_of(row) for row in remembered.get("findings", []))
            entries = {**{n: e for n, e in previous.items() if n not in names},
                       **{n: _cache_entry(keys[n], results[n], stage) for n in names if n in results},
                       MANUSCRIPT_ENTRY: remembered}
            if entries != previous:
                cache.save(stage, entries)
            if interrupted():   # Ctrl-C whose KeyboardInterrupt Python lost (e.g. in a finaliser)
                raise KeyboardInterrupt
            atomic.publish(stage, out)
    except OSError as error:     # writing the staging folder, the cache, an edition (a full disk, ...)
        raise atomic.unwritable(error, out) from None
    except BrokenExecutor:
        raise PublishError(f"a worker process building the editions stopped abruptly (it crashed, or ran out "
                           f"of memory); nothing in {out} was changed: build the editions one by one with "
                           "--only to find which, and report it", book.sources[0]) from None
    editions = tuple(_moved(results[n], out) for n in names if n in results)
    return BuildResult(book, out, problems, editions, tuple(failures))


Job = tuple[str, ...]               # the editions one worker builds, from one AST
PAGES_JOB: Job = ()                # lays out the large print only to learn its pages (no edition)


def plan_jobs(names: list[str]) -> list[Job]:
    """One job per edition, except editions made together from one pandoc run (both DOCX)."""
    jobs: list[Job] = []
    left = list(names)
    for group in TOGETHER:
        if all(n in left for n in group):
            jobs.append(group)
            left = [n for n in left if n not in group]
    return jobs + [(n,) for n in left]


def _build_all(book: Book, names: list[str], stage: Path, progress: Progress, jobs: int | None,
               known_spans: Spans | None) -> tuple[dict[str, EditionResult], Prepared, list[Finding]]:
    """Builds the editions in worker processes, the heaviest first so that none is left to run
    alone at the end. Editions that show the print page numbers (EPUB, HTML) are drafted
    meanwhile and finished once the large print's page layout is known: from its own build,
    which reports it before writing the PDF, from the cache, or, when the large print is not
    being built, from a layout made for that alone.

    Returns the editions made, what preparing the AST found (prepare.py), and one finding
    for each edition that could not be made: the others are made all the same, and when the
    large print cannot be typeset, the EPUB and HTML are finished without print page numbers."""
    for name in names:
        (stage / EDITIONS[name].filename(book)).unlink(missing_ok=True)  # staged files are hard links to out's
        progress(name, "waiting")
    planned = sorted(plan_jobs(names), key=lambda job: -sum(EDITIONS[n].weight for n in job))
    showing_pages = any(EDITIONS[n].shows_print_pages for n in names)
    spans = known_spans if showing_pages else None
    if showing_pages and spans is None and not any(EDITIONS[n].paginator for n in names):
        planned.insert(0, PAGES_JOB)
    from . import workers   # multiprocessing: loaded only when there is something to build
    from .prepare import read_manuscript
    results: dict[str, EditionResult] = {}
    failures: list[Finding] = []
    skipped: dict[str, list[str]] = {}    # editions whose program is missing, by the message that says so
    drafts: dict[str, Any] = {}           # drafted editions waiting for the page layout
    with workers.pool(min(len(planned), jobs or os.cpu_count() or 1)) as pool, \
            tempfile.TemporaryDirectory(prefix="publish-build-") as scratch:
        warming = workers.warm_up(pool)     # the workers load their modules while pandoc reads
        # the AST travels to the workers as a file of JSON, not as a pickled tree in every process
        ast_file, layout_file = Path(scratch) / "ast.json", Path(scratch) / "layout.json"
        prepared = read_manuscript(book)
        ast_file.write_bytes(_json_bytes(prepared.ast))
        del prepared.ast["blocks"]
        warming.join()
        futures = {pool.submit(_run_job, book, ast_file, job, stage, spans, layout_file): job for job in planned}
        prepared.findings       # the text is checked here while the workers make the editions

        def finish_drafts() -> None:
            points = pagination.break_points(spans or {})
            for name in list(drafts):
                futures[pool.submit(_finish_job, book, name, drafts.pop(name), points, stage)] = (name,)

        started: set[Job] = set()
        while futures:
            done = workers.finished(futures)
            for future, job in futures.items():
                if future.running() and job not in started and job != PAGES_JOB:
                    started.add(job)
                    for name in job:
                        progress(name, "building")
            for future in done:
                job = futures.pop(future)
                try:
                    outcome = future.result()
                except LimitExceeded:
                    raise       # the pool stops every other edition at once, and the output folder stays
                except PublishError as error:
                    lays_out = job == PAGES_JOB or any(EDITIONS[n].paginator for n in job)
                    if lays_out and spans is None:
                        # the layout, when Typst reported it before failing (writing the PDF), else none:
                        # the drafts are finished with what was known, whichever came first
                        spans = _spans_of(json.loads(layout_file.read_text(encoding="utf-8"))) \
                            if layout_file.exists() else {}
                    if isinstance(error, ToolMissing):      # skipped, said once per missing program
                        skipped.setdefault(error.message, []).extend(job)
                    else:
                        failures += _failed(book, job, error, lays_out and not spans and showing_pages)
                    for name in job:
                        progress(name, "done")
                    continue
                if job == PAGES_JOB:
                    spans = outcome
                    continue
                for result in outcome:
                    if isinstance(result, Drafted):
                        drafts[result.name] = result.draft
                        continue
                    results[result.name] = result
                    spans = spans if result.spans is None else result.spans
                    progress(result.name, "done")
            if spans is None and drafts and layout_file.exists():
                spans = _spans_of(json.loads(layout_file.read_text(encoding="utf-8")))
            if spans is not None and drafts:
                finish_drafts()
    failures += [EDITION_SKIPPED.finding(str(book.sources[0]), None, f"The {', '.join(n for n in EDITIONS if n in job)} "
                 f"edition{'s were' if len(job) > 1 else ' was'} not made: {reason}") for reason, job in skipped.items()]
    return {n: results[n] for n in names if n in results}, prepared, failures


def _failed(book: Book, job: Job, error: PublishError, without_pages: bool) -> list[Finding]:
    """One finding for each edition of the job that could not be made, saying why."""
    where = error.file or str(book.sources[0])
    found = [EDITION_FAILED.finding(where, error.line, f"The {n} edition could not be made: {error.message}")
             for n in job]
    if without_pages:
        found.append(PAGES_MISSING.finding(where, error.line, "The EPUB and HTML have no print page numbers: "
                                           f"the large print could not be typeset ({error.message})"))
    return found


def _json_bytes(ast: dict[str, Any]) -> bytes:
    import orjson      # about five times faster than json for a book's AST
    return orjson.dumps(ast)


@dataclass(frozen=True)
class Drafted:
    """An edition drafted before the page layout was known, to be finished with it."""
    name: str
    draft: Any


def _run_job(book: Book, ast_file: Path, job: Job, stage: Path, spans: Spans | None,
             layout_file: Path) -> Any:
    """Builds the job's editions and checks them (or drafts them, or only lays out the pages);
    runs in a worker process. The print edition writes its page layout to layout_file as soon
    as it has it.

    An AST nested too deeply for json.loads or an edition's walks is a PublishError saying how deep
    (the text was measured before the AST was written, in the building process; this is the net).
    An edition that fails on a full disk is the OSError it is, which ends the build (exit 2) with
    the output folder as it was, instead of a finding and an edition missing from it."""
    from .readers.safe import nesting, nesting_error
    text = ast_file.read_text(encoding="utf-8")
    try:
        ast = json.loads(text)
    except RecursionError:
        raise nesting_error(nesting(text)[0], book.sources[0]) from None
    del text
    try:
        if job == PAGES_JOB:
            from .editions.large_print import page_spans   # Typst's bindings, only when needed
            return page_spans(book, ast)
        if len(job) > 1:
            paths = build_together(job, book, ast, stage)
            return tuple(_checked(name, path) for name, path in zip(job, paths, strict=True))
        edition = EDITIONS[job[0]]
        if edition.shows_print_pages:
            draft = edition.draft(book, ast)
            if spans is None:
                return (Drafted(edition.name, draft),)
            return (_checked(edition.name, edition.finish(book, draft, pagination.break_points(spans), stage)),)
        if edition.paginator:
            path, made = edition.build_paginated(book, ast, stage, lambda layout: _save_layout(layout, layout_file))
            return (_checked(edition.name, path, made),)
        return (_checked(edition.name, edition.build(book, ast, stage)),)
    except RecursionError:
        raise nesting_error(None, book.sources[0]) from None
    except (PublishError, OSError):
        import errno
        import shutil
        full = [folder for folder in (stage, Path(tempfile.gettempdir()))
                if shutil.disk_usage(folder).free < 1024 * 1024]
        if full:     # pandoc and Typst say so in words of their own: the disk is what to fix
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(full[0])) from None
        raise


def _finish_job(book: Book, name: str, draft: Any, points: pagination.PagePoints, stage: Path) -> Any:
    """Finishes a drafted edition with the print page numbers, and checks it; runs in a worker process."""
    return (_checked(name, EDITIONS[name].finish(book, draft, points, stage)),)


def _checked(name: str, path: Path, spans: Spans | None = None) -> EditionResult:
    return EditionResult(name, path, path.stat().st_size, tuple(check_file(path, path.name)), spans=spans)


def _save_layout(spans: Spans, path: Path) -> None:
    """Written whole, then renamed into place: the building process never reads half of it."""
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(_spans_row(spans)), encoding="utf-8")
    partial.replace(path)


def _known_spans(previous: dict[str, Any], digest: str, results: dict[str, EditionResult]) -> Spans | None:
    """The print edition's page layout when it need not be made again: from an edition kept from
    the last build, or from the last build's large print if its inputs are the same (under --only)."""
    for result in results.values():
        if result.spans is not None:
            return result.spans
    name = next(n for n, e in EDITIONS.items() if e.paginator)
    entry = previous.get(name, {})
    if "spans" in entry and entry.get("key") == cache.edition_key(digest, name, {}):
        return _spans_of(entry)
    return None


def _spans_of(entry: dict[str, Any]) -> Spans:
    return {n: (start, end) for n, start, end in entry["spans"]}


def _still_valid(stage: Path, entry: dict[str, Any] | None, key: str) -> bool:
    if not entry or entry.get("key") != key:
        return False
    path = stage / entry.get("file", "")
    return path.is_file() and cache.file_hash(path) == entry.get("sha256")


def _from_cache(name: str, stage: Path, entry: dict[str, Any]) -> EditionResult:
    path = stage / entry["file"]
    findings = tuple(_finding_of(r) for r in entry.get("findings", []))
    spans = _spans_of(entry) if "spans" in entry else None
    return EditionResult(name, path, path.stat().st_size, findings, cached=True, spans=spans)


def _cache_entry(key: str, result: EditionResult, stage: Path) -> dict[str, Any]:
    entry = {"key": key, "file": result.path.name, "sha256": cache.file_hash(stage / result.path.name),
             "findings": [_finding_row(f) for f in result.findings]}
    if result.spans is not None:
        entry.update(_spans_row(result.spans))
    return entry


def _spans_row(spans: Spans) -> dict[str, Any]:
    return {"spans": [[n, start, end] for n, (start, end) in sorted(spans.items())]}


def _finding_row(f: Finding) -> dict[str, Any]:
    return {"file": f.file, "line": f.line, "severity": f.severity.value, "code": f.code,
            "message": f.message, "help": f.help, "column": f.column}


def _finding_of(row: dict[str, Any]) -> Finding:
    return Finding(row["file"], row["line"], Severity(row["severity"]), row["code"], row["message"], row["help"],
                   row.get("column"))


def _moved(result: EditionResult, out: Path) -> EditionResult:
    return replace(result, path=out / result.path.name)
