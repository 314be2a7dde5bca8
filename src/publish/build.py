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

from . import atomic, cache, schedule, typeset
from .book import Book, load_book
from .checks.rules import rule
from .editions import AST, EDITIONS, LAYOUT, STEPS, Step, file_of, findings_of
from .errors import PublishError, ToolMissing
from .pagination import PageLayout
from .report import Finding, Severity

if TYPE_CHECKING:
    from .prepare import Prepared

EDITION_FAILED, PAGES_MISSING = rule("build-edition-failed"), rule("build-no-print-pages")
EDITION_SKIPPED = rule("build-edition-skipped")
MANUSCRIPT_ENTRY = "manuscript"     # the cache's entry for what preparing the AST found
TOGETHER_ENTRY = cache.TOGETHER     # and for the editions checked against each other


@dataclass(frozen=True)
class EditionResult:
    name: str
    path: Path
    size: int
    findings: tuple[Finding, ...]
    cached: bool = False
    layout: PageLayout | None = None     # the print pages, kept with the edition that makes them


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
                known = None if force or not digest else _known_layout(previous, digest, results)
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
            # the braille held to the large print and HTML beside it, which may have been made again while it was
            # not; kept apart from each edition's own findings, and made again only when one of them was
            results, entries[TOGETHER_ENTRY] = _checked_together(results, keys,
                                                                 None if force else previous.get(TOGETHER_ENTRY))
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


def _build_all(book: Book, names: list[str], stage: Path, progress: Progress, jobs: int | None,
               known_layout: PageLayout | None) -> tuple[dict[str, EditionResult], Prepared, list[Finding]]:
    """Makes and checks the editions in worker processes, by the steps each declares (editions/__init__.py):
    the EPUB, HTML and braille are drafted while the large print is laid out, and finished with its
    page layout, which comes from the large print's own build, from the cache, or, when the large
    print is not being built, from a layout made for that alone.

    Returns the editions made, what preparing the AST found (prepare.py), and one finding for each
    edition that could not be made: the others are made all the same, and when the large print
    cannot be laid out, the editions showing its pages are finished without print page numbers."""
    for name in names:
        (stage / EDITIONS[name].filename(book)).unlink(missing_ok=True)  # staged files are hard links to out's
        progress(name, "waiting")
    wanted = [value for n in names for value in (file_of(n), findings_of(n))]
    known: dict[str, Any] = {AST: None, **({LAYOUT: known_layout} if known_layout is not None else {})}
    steps = schedule.plan(STEPS, wanted, known)
    first = sum(all(n in known for n in step.needs) for step in steps)     # the steps that can start at once
    from . import workers   # multiprocessing: loaded only when there is something to build
    from .prepare import read_manuscript
    with workers.pool(min(first, jobs or os.cpu_count() or 1)) as pool, \
            tempfile.TemporaryDirectory(prefix="publish-build-") as scratch:
        warming = workers.warm_up(pool)     # the workers load their modules while pandoc reads
        # the AST travels to the workers as a file of JSON, not as a pickled tree in every process
        ast_file = Path(scratch) / "ast.json"
        prepared = read_manuscript(book)
        ast_file.write_bytes(_json_bytes(prepared.ast))
        del prepared.ast["blocks"]
        warming.join()
        known[AST] = AstFile(ast_file)
        outcome = schedule.run(
            steps, known, lambda step, needed: pool.submit(_run_step, book, step, needed, stage),
            meanwhile=lambda: prepared.findings,      # the text is checked while the workers make the editions
            **_progress_of(names, progress))
    return _results(names, steps, outcome), prepared, _failures(book, names, outcome)


def _progress_of(names: list[str], progress: Progress) -> dict[str, Callable[..., None]]:
    """Each edition's progress from its steps': building when its first starts, checking when its check
    starts, done when it is checked or cannot be made."""
    told: dict[str, str] = {}

    def tell(name: str, state: str) -> None:
        if told.get(name) != state:
            told[name] = state
            progress(name, state)

    def started(step: Step) -> None:
        for name in names:
            if findings_of(name) in step.makes:
                tell(name, "checking")
            elif step in EDITIONS[name].steps and name not in told:
                tell(name, "building")

    def ended(step: Step, outcome: schedule.Outcome) -> None:
        for name in names:
            if findings_of(name) in outcome.values or findings_of(name) in outcome.lost:
                tell(name, "done")

    return {"started": started, "ended": ended}


def _results(names: list[str], steps: list[Step], outcome: schedule.Outcome) -> dict[str, EditionResult]:
    """The editions made and checked; each keeps the page layout made with it, for the cache."""
    results: dict[str, EditionResult] = {}
    for name in names:
        if findings_of(name) not in outcome.values:
            continue
        path = outcome.values[file_of(name)]
        maker = next(s for s in steps if file_of(name) in s.makes)
        layout = outcome.values.get(LAYOUT) if LAYOUT in maker.makes else None
        results[name] = EditionResult(name, path, path.stat().st_size, outcome.values[findings_of(name)],
                                      layout=layout)
    return results


def _failures(book: Book, names: list[str], outcome: schedule.Outcome) -> list[Finding]:
    """A finding for each edition that could not be made, saying why; one for the editions that lack
    the print page numbers; and one for each program missing, naming the editions skipped for it."""
    found: list[Finding] = []
    skipped: dict[str, list[str]] = {}      # editions whose program is missing, by the message that says so
    for name in names:
        error = outcome.lost.get(file_of(name))
        if isinstance(error, ToolMissing):
            skipped.setdefault(error.message, []).append(name)
        elif error is not None:
            found.append(EDITION_FAILED.finding(error.file or str(book.sources[0]), error.line,
                                                f"The {name} edition could not be made: {error.message}"))
    if LAYOUT in outcome.went_without:
        error = outcome.lost[LAYOUT]
        without = [n for n in names if any(s in EDITIONS[n].steps for s in outcome.went_without[LAYOUT])]
        found.append(PAGES_MISSING.finding(error.file or str(book.sources[0]), error.line,
                                           f"The {_listed(without)} {_editions(without)} no print page numbers: "
                                           f"the large print could not be typeset ({error.message})"))
    found += [EDITION_SKIPPED.finding(str(book.sources[0]), None, f"The {', '.join(job)} "
              f"edition{'s were' if len(job) > 1 else ' was'} not made: {reason}") for reason, job in skipped.items()]
    return found


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _editions(names: list[str]) -> str:
    return "edition has" if len(names) == 1 else "editions have"


def _json_bytes(ast: dict[str, Any]) -> bytes:
    import orjson      # about five times faster than json for a book's AST
    return orjson.dumps(ast)


@dataclass(frozen=True)
class AstFile:
    """The AST as a file of JSON, which a step's worker reads for itself."""
    path: Path

    def load(self, book: Book) -> dict[str, Any]:
        """An AST nested too deeply for json.loads is a PublishError saying how deep (the text was
        measured before the AST was written, in the building process; this is the net)."""
        from .readers.safe import nesting, nesting_error
        text = self.path.read_text(encoding="utf-8")
        try:
            return json.loads(text)
        except RecursionError:
            raise nesting_error(nesting(text)[0], book.sources[0]) from None


def _run_step(book: Book, step: Step, needed: tuple[Any, ...], stage: Path) -> tuple[Any, ...]:
    """Runs a step in a worker process: its function with the values it needs, the AST read from its
    file, and the output folder when it writes files there. Returns what it makes, in order.

    An AST nested too deeply for an edition's walks is a PublishError saying so. A step that fails on
    a full disk is the OSError it is, which ends the build (exit 2) with the output folder as it was,
    instead of a finding once the other editions have run their course."""
    from .readers.safe import nesting_error
    values = [value.load(book) if isinstance(value, AstFile) else value for value in needed]
    try:
        made = step.function()(book, *values, *([stage] if step.writes else []))
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
    return tuple(made) if len(step.makes) > 1 else (made,)


def _known_layout(previous: dict[str, Any], digest: str, results: dict[str, EditionResult]) -> PageLayout | None:
    """The print edition's page layout when it need not be made again: from an edition kept from
    the last build, or from the last build's entry of the edition that makes it, if its inputs are
    the same (under --only)."""
    for result in results.values():
        if result.layout is not None:
            return result.layout
    for name, edition in EDITIONS.items():
        if any(LAYOUT in step.makes and step.writes for step in edition.steps):
            entry = previous.get(name, {})
            if "spans" in entry and entry.get("key") == cache.edition_key(digest, name, {}):
                return PageLayout.of_row(entry)
    return None


def _still_valid(stage: Path, entry: dict[str, Any] | None, key: str) -> bool:
    if not entry or entry.get("key") != key:
        return False
    path = stage / entry.get("file", "")
    return path.is_file() and cache.file_hash(path) == entry.get("sha256")


def _from_cache(name: str, stage: Path, entry: dict[str, Any]) -> EditionResult:
    path = stage / entry["file"]
    findings = tuple(_finding_of(r) for r in entry.get("findings", []))
    layout = PageLayout.of_row(entry) if "spans" in entry else None
    return EditionResult(name, path, path.stat().st_size, findings, cached=True, layout=layout)


def _cache_entry(key: str, result: EditionResult, stage: Path) -> dict[str, Any]:
    entry = {"key": key, "file": result.path.name, "sha256": cache.file_hash(stage / result.path.name),
             "findings": [_finding_row(f) for f in result.findings]}
    if result.layout is not None:
        entry.update(result.layout.row())
    return entry


def _finding_row(f: Finding) -> dict[str, Any]:
    return {"file": f.file, "line": f.line, "severity": f.severity.value, "code": f.code,
            "message": f.message, "help": f.help, "column": f.column}


def _finding_of(row: dict[str, Any]) -> Finding:
    return Finding(row["file"], row["line"], Severity(row["severity"]), row["code"], row["message"], row["help"],
                   row.get("column"))


def _checked_together(results: dict[str, EditionResult], keys: dict[str, str],
                      remembered: Any) -> tuple[dict[str, EditionResult], dict[str, Any]]:
    """The braille's findings with those of publish check on the folder (checks/together.py): its print
    page indicators against the large print's pages, its words against the HTML's or EPUB's; and the
    cache's entry for them, which spares a build that made nothing the check (0.2 s)."""
    made_with = {name: keys.get(name, "") for name in sorted(results)}
    if isinstance(remembered, dict) and remembered.get("made_with") == made_with:
        rows = remembered.get("findings", [])
    else:
        rows = [{"edition": name, **_finding_row(finding)} for name, finding in _together(results)]
    found: dict[str, list[Finding]] = {}
    for row in rows:
        found.setdefault(row["edition"], []).append(_finding_of(row))
    results = {name: replace(result, findings=result.findings + tuple(found.get(name, ())))
               for name, result in results.items()}
    return results, {"made_with": made_with, "findings": rows}


def _together(results: dict[str, EditionResult]) -> list[tuple[str, Finding]]:
    by_file = {result.path.name: name for name, result in results.items()}
    if not any(name.endswith((".brf", ".pef")) for name in by_file):
        return []
    from .checks.together import check_folder
    try:
        return [(by_file[f.file], f) for f in check_folder([result.path for result in results.values()])]
    except PublishError:       # an edition it cannot read: that edition's own check has said so
        return []


def _moved(result: EditionResult, out: Path) -> EditionResult:
    return replace(result, path=out / result.path.name)
