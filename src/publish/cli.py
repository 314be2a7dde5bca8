"""The command line: parses options, calls in, prints, sets the exit code. Nothing else lives here.

Exit codes: 0 all good; 1 checks found errors; 2 unusable input or options.
"""
from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from . import __version__
from .build import BuildResult, build
from .checks import all_rules, check_paths
from .errors import PublishError
from .progress import progress_display
from .report import count, to_json, to_text

DEFAULT_MANUSCRIPT = Path("manuscript")
DEFAULT_OUT = Path("dist")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="publish")
def main() -> None:
    """Publish one Markdown manuscript as accessible EPUB, HTML, DOCX and large-print editions."""


@main.command("build")
@click.argument("manuscript", required=False, type=click.Path(path_type=Path), default=DEFAULT_MANUSCRIPT)
@click.option("--out", "out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder to write the editions to.")
@click.option("--only", help="Comma-separated editions to build, e.g. epub,html.")
@click.option("--force", is_flag=True, help="Rebuild every edition even if nothing changed.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Editions built at once (default: one per processor). -j 1 needs the least memory.")
def build_command(manuscript: Path, out: Path, only: str | None, force: bool, quiet: bool,
                  jobs: int | None) -> None:
    """Build every edition of MANUSCRIPT (a folder or a Markdown file; default: manuscript/)."""
    interrupted = _InterruptFlag()
    try:
        with progress_display(sys.stderr, quiet) as progress:
            result = build(manuscript, out, only=only.split(",") if only is not None else None, force=force,
                           jobs=jobs, progress=progress, interrupted=interrupted, on_wait=lambda: click.echo(
                               f"Another build is writing to {out}/; waiting for it to finish…", err=True))
    except PublishError as error:
        _fail(error)
    except KeyboardInterrupt:
        click.echo(f"Build {'stopped' if interrupted.signum == signal.SIGTERM else 'interrupted'}; "
                   f"{out}/ is as it was.", err=True)
        sys.exit(128 + interrupted.signum)     # 130 for Ctrl-C (SIGINT), 143 for SIGTERM
    _print_build(result, quiet)
    sys.exit(1 if result.has_errors else 0)


@main.command("watch")
@click.argument("manuscript", required=False, type=click.Path(path_type=Path), default=DEFAULT_MANUSCRIPT)
@click.option("--out", "out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder to write the editions to.")
@click.option("--only", help="Comma-separated editions to build, e.g. epub,html.")
def watch_command(manuscript: Path, out: Path, only: str | None) -> None:
    """Rebuild MANUSCRIPT whenever it or styles/ change, printing the findings each time (Ctrl-C stops)."""
    from .watch import watch_and_build   # watchfiles is only needed here

    def report(outcome: BuildResult | PublishError) -> None:
        if isinstance(outcome, PublishError):
            click.echo(f"error: {outcome}", err=True)
        else:
            _print_build(outcome, quiet=False)
        click.echo(f"Watching {manuscript} and styles/ for changes…", err=True)

    if not manuscript.exists():
        _fail(PublishError("no such file or folder; give the path of a manuscript folder or a Markdown file",
                           manuscript))
    try:
        watch_and_build(manuscript, out, only.split(",") if only is not None else None, report)
    except KeyboardInterrupt:
        click.echo("Stopped watching.", err=True)


class _InterruptFlag:
    """Remembers Ctrl-C (and SIGTERM, which `kill` and service managers send) as well as raising
    KeyboardInterrupt, so that the build can make sure, just before it replaces the output folder,
    that no interrupt was swallowed on the way. Raising it unwinds the build: the workers are
    stopped (workers.py), the staging folder and temporary files removed, dist/ left as it was."""

    def __init__(self) -> None:
        self.raised = False
        self.signum = int(signal.SIGINT)
        signal.signal(signal.SIGINT, self._handle)
        signal.signal(signal.SIGTERM, self._handle)

    def _handle(self, signum: int, frame: object) -> None:
        if self.raised:     # already unwinding: a second signal must not break the clean-up
            return
        self.raised = True
        self.signum = signum
        raise KeyboardInterrupt

    def __call__(self) -> bool:
        return self.raised


def _print_build(result: BuildResult, quiet: bool) -> None:
    if result.findings:
        click.echo(to_text(result.findings))
    if quiet:
        return
    for edition in result.editions:
        tally = count(edition.findings)
        note = " (unchanged)" if edition.cached else ""
        click.echo(f"{edition.path}  {_size(edition.size)}  "
                   f"{tally['errors']} errors, {tally['warnings']} warnings{note}")


@main.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for machines.")
def check_command(paths: tuple[Path, ...], fmt: str) -> None:
    """Check EPUB, HTML, DOCX and PDF files, a folder of them, or a manuscript folder or .md file.

    Prints one line per finding, FILE:LINE: SEVERITY CODE MESSAGE, where a part of an EPUB or
    DOCX is named like book.epub!/EPUB/text/ch002.xhtml and a PDF's LINE is its page. `publish
    rules` explains every CODE. Exit status: 0 no errors, 1 errors found, 2 a file cannot be read.
    """
    try:
        findings = check_paths(paths)
    except PublishError as error:
        _fail(error)
    if fmt == "json":
        click.echo(to_json(findings, [str(p) for p in paths]))
    else:
        if findings:
            click.echo(to_text(findings))
        tally = count(findings)
        click.echo(f"{len(paths)} checked: {tally['errors']} errors, {tally['warnings']} warnings", err=True)
    sys.exit(1 if count(findings)["errors"] else 0)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for machines.")
def rules_command(fmt: str) -> None:
    """List every check rule: code, severity, what it finds, how to fix it."""
    rules = all_rules()
    if fmt == "json":
        import json   # only this command's JSON needs it; the module's imports are not this command's to change
        click.echo(json.dumps([{"code": r.code, "concern": r.concern, "severity": r.severity.value,
                                "message": r.message, "help": r.help, "markdown": r.markdown or None,
                                "reference": r.reference} for r in rules], indent=2, ensure_ascii=False))
        return
    width = max(len(r.code) for r in rules) + 2
    for rule in rules:
        click.echo(f"{rule.code:{width}}{rule.severity.value:9}{rule.message}")
        click.echo(f"{'':{width + 9}}{rule.help}")
        if rule.markdown:
            click.echo(f"{'':{width + 9}}In the manuscript: {rule.markdown}")
        if rule.reference:
            click.echo(f"{'':{width + 9}}See: {rule.reference}")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _fail(error: PublishError) -> None:
    click.echo(f"error: {error}", err=True)
    sys.exit(error.exit_code)


if __name__ == "__main__":
    main()
