"""Faults around the build (issue 18, items 4 to 6): an unusable output folder, a disk that will not take
the editions, SIGTERM, a damaged cache, a text nested thousands deep, and our own big DOCX passing our
own check. Each ends in one plain line and its exit status, never a traceback, with the previous
editions byte for byte as they were and nothing left behind."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from edition_text import pdf_text

GOOD = "---\ntitle: A good book\nlang: en\n---\n\n# One\n\nText with a note.[^1]\n\n[^1]: The note.\n"
ONLY = ("--only", "html,docx")     # quick, and none of the editions still being written elsewhere


def run_build(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "publish.cli", "build", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300, env=env)


def run_patched(patch: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The CLI in a process of its own, with patch (Python) run first: a fault no file system here makes."""
    code = f"import sys\n{patch}\nfrom publish.cli import main\nmain(['build', *sys.argv[1:]])\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def make_previous(work: Path) -> dict[str, str]:
    (work / "good.md").write_text(GOOD, encoding="utf-8")
    result = run_build("good.md", "--out", "dist", *ONLY, cwd=work)
    assert result.returncode == 0, result.stderr
    return snapshot(work / "dist")


@pytest.fixture
def previous(tmp_path) -> tuple[Path, dict[str, str]]:
    """A working folder with good.md, a folder manuscript ms/, a file, and dist/ holding good editions."""
    before = make_previous(tmp_path)
    (tmp_path / "ms").mkdir()
    (tmp_path / "ms" / "text.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "book.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    return tmp_path, before


def assert_refused(result: subprocess.CompletedProcess, message: str, status: int = 2) -> None:
    assert result.returncode == status, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == f"error: {message}\n", result.stderr


def assert_untouched(work: Path, before: dict[str, str], out: Path | None = None) -> None:
    out = out or work / "dist"
    assert snapshot(out) == before, "the previous editions changed"
    assert not list(out.parent.glob(f".{out.name}.building-*")), "a staging folder was left behind"


OUT_CASES = {
    "an existing file": ("good.md", "notes.txt", "--out notes.txt is a file, not a folder; give --out a folder "
                         "for the editions, e.g. --out dist"),
    "the manuscript file": ("good.md", "good.md", "--out good.md is the manuscript itself; give --out a folder "
                            "for the editions, e.g. --out dist"),
    "the working folder": ("good.md", ".", "--out . is the folder you are working in (or holds it), and the "
                           "editions would take the place of everything in it; give --out a folder of their "
                           "own, e.g. --out dist"),
    "a folder holding the working folder": ("good.md", "..", "--out .. is the folder you are working in (or "
                                            "holds it), and the editions would take the place of everything "
                                            "in it; give --out a folder of their own, e.g. --out dist"),
    "the folder holding the manuscript": ("texts/book.md", "texts", "--out texts holds the manuscript, and the "
                                          "editions would take the place of everything in it; give --out a "
                                          "folder of their own, e.g. --out dist"),
    "the manuscript folder": ("ms", "ms", "--out ms is the manuscript folder, and the editions would take the "
                              "place of everything in it; give --out a folder of their own, e.g. --out dist"),
    "inside the manuscript folder": ("ms", "ms/dist", "--out ms/dist is inside the manuscript folder ms; keep "
                                     "the editions apart from the manuscript: give --out a folder outside it, "
                                     "e.g. --out dist"),
}


@pytest.mark.parametrize("case", list(OUT_CASES))
def test_unusable_output_folder_is_refused_before_anything_is_written(previous, case):
    work, before = previous
    manuscript, out, message = OUT_CASES[case]
    everything = snapshot(work)
    result = run_build(manuscript, "--out", out, *ONLY, cwd=work)
    assert_refused(result, message)
    assert snapshot(work) == everything, "something was written"
    assert_untouched(work, before)


@pytest.mark.parametrize("out", ["dist", "."])
def test_working_in_the_manuscript_folder_the_suggested_folder_is_beside_it(previous, out):
    """In ms/, `publish build . --out dist` would put the editions inside the manuscript: the message
    suggests ../dist, which is outside it, not dist again."""
    work, _ = previous
    everything = snapshot(work)
    result = run_build(".", "--out", out, *ONLY, cwd=work / "ms")
    refused = {"dist": "--out dist is inside the manuscript folder .; keep the editions apart from the "
                       "manuscript: give --out a folder outside it, e.g. --out ../dist",
               ".": "--out . is the folder you are working in (or holds it), and the editions would take the "
                    "place of everything in it; give --out a folder of their own, e.g. --out ../dist"}
    assert_refused(result, refused[out])
    assert snapshot(work) == everything, "something was written"


@pytest.fixture
def disk(tmp_path):
    """A tmpfs of 8 MB of our own (root only), unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root?); the in-process tests below stand in")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_read_only_output_disk_is_one_line_and_the_editions_stay(disk):
    before = make_previous(disk)
    assert subprocess.run(["mount", "-o", "remount,ro", str(disk)]).returncode == 0
    result = run_build("good.md", "--out", "dist", "--force", *ONLY, cwd=disk)
    assert_refused(result, ".dist.lock: cannot be written: the disk is read-only; give --out a folder on a disk "
                           "you can write to (nothing in dist was changed)")
    assert_untouched(disk, before)


def test_full_disk_is_one_line_and_the_editions_stay(disk):
    before = make_previous(disk)
    with open(disk / "filler", "wb") as filler:      # fill the disk to the last byte
        try:
            while True:
                filler.write(bytes(64 * 1024))
                filler.flush()
        except OSError:
            pass
    result = run_build("good.md", "--out", "dist", "--force", *ONLY, cwd=disk)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [result.stderr.splitlines()[-1]]      # after the progress lines, one error
    assert errors[0].startswith("error: dist") and errors[0].endswith(
        ": cannot be written: the disk is full; make room on it, or give --out a folder on another disk "
        "(nothing in dist was changed)"), result.stderr
    assert_untouched(disk, before)
    assert sorted(p.name for p in disk.iterdir()) == [".dist.lock", "dist", "filler", "good.md"]


FAULTS = {
    "no permission": ("PermissionError(errno.EACCES, 'Permission denied', str(dir))",
                      "cannot be written: you may not write there; give --out a folder you may write to "
                      "(nothing in dist was changed)"),
    "a full disk": ("OSError(errno.ENOSPC, 'No space left on device', str(dir))",
                    "cannot be written: the disk is full; make room on it, or give --out a folder on another "
                    "disk (nothing in dist was changed)"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_os_error_while_staging_is_one_line_and_the_editions_stay(previous, fault):
    """As root no folder is closed to us, and a test cannot always mount a disk: the staging folder's
    creation is made to fail instead, in the building process."""
    work, before = previous
    error, message = FAULTS[fault]
    patch = ("import errno, tempfile\nfrom publish import atomic\n"
             f"def refuse(prefix=None, dir=None, **kw):\n    raise {error}\n"
             "atomic.tempfile = type('T', (), {'mkdtemp': staticmethod(refuse), "
             "'gettempdir': staticmethod(tempfile.gettempdir)})\n")
    result = run_patched(patch, "good.md", "--out", "dist", "--force", *ONLY, cwd=work)
    assert_refused(result, f"{work}: {message}")
    assert_untouched(work, before)


def test_os_error_writing_an_edition_is_one_line_and_the_editions_stay(previous):
    """A write failing in the middle of the build (the cache, here): exit 2, dist/ as it was."""
    work, before = previous
    patch = ("import errno\nfrom publish import cache\n"
             "def full(folder, entries):\n"
             "    raise OSError(errno.ENOSPC, 'No space left on device', str(folder / cache.CACHE_FILE))\n"
             "cache.save = full\n")
    result = run_patched(patch, "good.md", "--out", "dist", "--force", *ONLY, cwd=work)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1] == ("error: dist/.publish-cache.json: cannot be written: the disk is full; "
                                              "make room on it, or give --out a folder on another disk (nothing in "
                                              "dist was changed)")
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == \
        [result.stderr.splitlines()[-1]]
    assert_untouched(work, before)


def _descendants(pid: int) -> dict[int, str]:
    """Every process below pid, each with its start time (so that a reused pid is not taken for it)."""
    children: dict[int, list[int]] = {}
    starts: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        starts[int(entry.name)] = fields[19]
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found[child] = starts[child]
            todo.append(child)
    return found


def _alive(pid: int, start: str) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[19] == start and fields[0] != "Z"


def test_sigterm_stops_the_workers_and_leaves_the_editions_whole(tmp_path):
    paragraph = ("Words of a long chapter, one after another, with *some* emphasis and **strong** "
                 "words to keep the editions busy. ") * 6
    chapters = "".join(f"# Chapter {n}\n\n" + f"{paragraph}\n\n" * 120 for n in range(1, 41))
    (tmp_path / "big.md").write_text("---\ntitle: A big book\nlang: en\n---\n\n" + chapters, encoding="utf-8")
    first = run_build("big.md", "--out", "dist", "--only", "html", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = snapshot(tmp_path / "dist")
    private = tmp_path / "tmp"
    private.mkdir()
    build = subprocess.Popen([sys.executable, "-m", "publish.cli", "build", "big.md", "--out", "dist", "--force",
                              "--only", "html,epub,docx"], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(private)},
                             start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".dist.building-*")):
        time.sleep(0.01)
    time.sleep(1.0)
    workers = _descendants(build.pid)
    assert build.poll() is None, "the build finished before it could be stopped"
    build.send_signal(signal.SIGTERM)
    out, err = build.communicate(timeout=60)
    assert build.returncode == 143, out + err
    assert "Traceback" not in out + err
    assert err.splitlines()[-1] == "Build stopped; dist/ is as it was."
    assert snapshot(tmp_path / "dist") == before
    assert not list(tmp_path.glob(".dist.building-*"))
    assert not [p.name for p in private.iterdir() if p.name.startswith("publish-")], list(private.iterdir())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(p, s) for p, s in workers.items()):
        time.sleep(0.05)
    assert not [p for p, s in workers.items() if _alive(p, s)], "worker processes were left running"


CACHES = {
    "a list": ([1, 2, 3], "is not a table of editions"),
    "a string for an entry": ({"html": "x"}, "has an entry 'html' that is not a table"),
    "missing keys": ({"html": {"key": "k"}}, "has an entry 'html' of the wrong shape"),
    "wrong types": ({"html": {"key": 1, "file": "x.html", "sha256": "s"}}, "has an entry 'html' of the wrong shape"),
    "a finding of the wrong shape": ({"html": {"key": "k", "file": "x.html", "sha256": "s", "findings": [3]}},
                                     "has a finding in 'html' of the wrong shape"),
    "a file outside the folder": ({"html": {"key": "k", "file": "../good.md", "sha256": "s"}},
                                  "has an entry 'html' of the wrong shape"),
    "the manuscript's entry": ({"manuscript": {"files": "good.md"}}, "has a 'manuscript' entry of the wrong shape"),
    "not JSON": ("{", "is not JSON"),
}


@pytest.mark.parametrize("case", list(CACHES))
def test_cache_of_another_shape_is_ignored_with_a_note(tmp_path, case):
    make_previous(tmp_path)
    content, why = CACHES[case]
    (tmp_path / "dist" / ".publish-cache.json").write_text(content if isinstance(content, str)
                                                           else json.dumps(content), encoding="utf-8")
    result = run_build("good.md", "--out", "dist", *ONLY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert notes == [f"note: dist/.publish-cache.json {why}, so it is ignored and every edition is made again"]
    assert "(unchanged)" not in result.stdout
    cached = json.loads((tmp_path / "dist" / ".publish-cache.json").read_text(encoding="utf-8"))
    assert {"html", "docx", "manuscript"} <= set(cached)
    again = run_build("good.md", "--out", "dist", *ONLY, cwd=tmp_path)
    assert again.stdout.count("(unchanged)") == 2 and "note:" not in again.stderr


def test_edition_whose_hash_does_not_match_is_rebuilt(tmp_path):
    make_previous(tmp_path)
    page = next((tmp_path / "dist").glob("*.html"))
    made = page.read_bytes()
    page.write_bytes(made.replace(b"Text with a note", b"Text with a nose"))
    result = run_build("good.md", "--out", "dist", *ONLY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{page.name} " in result.stdout and f"{page.name.replace('.html', '.docx')} " in result.stdout
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.startswith("dist/")}
    assert "(unchanged)" not in lines[f"dist/{page.name}"]
    assert "(unchanged)" in lines[f"dist/{page.name.replace('.html', '.docx')}"]
    assert page.read_bytes() == made


def test_text_nested_5000_deep_is_one_line(previous):
    work, before = previous
    (work / "deep.md").write_text("---\ntitle: Deep\nlang: en\n---\n\n# One\n\n" + "> " * 5000 + "deep\n",
                                  encoding="utf-8")
    result = run_build("deep.md", "--out", "dist", *ONLY, cwd=work)
    assert_refused(result, f"{work / 'deep.md'}: the text is nested 5002 levels deep (block quotes, lists, notes "
                           "or tables inside one another); publish handles at most 64: take some of the nesting out")
    assert_untouched(work, before)


def test_nested_lists_500_deep_are_one_line(previous):
    work, before = previous
    lists = "\n".join("  " * i + "- item" for i in range(500))
    (work / "lists.md").write_text("---\ntitle: Lists\nlang: en\n---\n\n# One\n\n" + lists + "\n", encoding="utf-8")
    result = run_build("lists.md", "--out", "dist", *ONLY, cwd=work)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(f"error: {work / 'lists.md'}: the text is nested ")
    assert result.stderr.endswith(" levels deep (block quotes, lists, notes or tables inside one another); "
                                  "publish handles at most 64: take some of the nesting out\n")
    assert_untouched(work, before)


def test_a_worker_given_a_deep_ast_raises_one_line(tmp_path):
    """The worker's own net, for an AST the building process let through."""
    from publish.book import load_book
    from publish.build import AstFile, _run_step
    from publish.editions import EDITIONS
    from publish.errors import PublishError
    (tmp_path / "book.md").write_text(GOOD, encoding="utf-8")
    # json.dumps would itself recurse too deep: the file is written as text
    text = '{"pandoc-api-version":[1,23],"meta":{},"blocks":[' + '{"t":"BlockQuote","c":[' * 5000 + \
        '{"t":"Para","c":[{"t":"Str","c":"deep"}]}' + "]}" * 5000 + "]}"
    (tmp_path / "ast.json").write_text(text, encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        draft = EDITIONS["html"].steps[0]
        _run_step(load_book(tmp_path / "book.md"), draft, (AstFile(tmp_path / "ast.json"),), tmp_path)
    assert caught.value.message == ("the text is nested 5002 levels deep (block quotes, lists, notes or tables "
                                    "inside one another); publish handles at most 64: take some of the nesting out")


@pytest.mark.parametrize("rows", [3000, 20000])
def test_our_docx_of_a_long_table_passes_our_check(tmp_path, rows):
    body = "\n".join(f"| {i} | Same words in every row | more |" for i in range(rows))
    (tmp_path / "table.md").write_text("---\ntitle: A long table\nlang: en\n---\n\n# One\n\n| A | B | C |\n"
                                       "|---|---|---|\n" + body + "\n", encoding="utf-8")
    result = run_build("table.md", "--out", "dist", "--only", "docx", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    docx = tmp_path / "dist" / "a-long-table.docx"
    with zipfile.ZipFile(docx) as archive:
        info = archive.getinfo("word/document.xml")
    assert info.file_size > 100 * info.compress_size       # what the old 100 to 1 limit refused
    check = subprocess.run([sys.executable, "-m", "publish.cli", "check", str(docx)], capture_output=True,
                           text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr


def _zeros(path: Path, megabytes: int) -> Path:
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            for _ in range(megabytes):
                stream.write(zeros)
    return path


def test_a_real_bomb_is_still_refused(tmp_path):
    """1 GB of zeros (about 1 MB packed): refused by its declared size, at once; 20 MB of zeros, under the
    size limits, by its ratio of more than 1,000 to 1."""
    from publish.checks import check_file
    from publish.errors import PublishError
    with pytest.raises(PublishError, match="1024 MB once unpacked, more than the 50 MB allowed"):
        check_file(_zeros(tmp_path / "gigabyte.docx", 1024), "gigabyte.docx")
    with pytest.raises(PublishError, match="compressed more than 1000 to 1"):
        check_file(_zeros(tmp_path / "dense.docx", 20), "dense.docx")


# --- Typst in a process of its own, with a memory and a time limit (src/publish/typeset.py) ---------------
LOWERED = "the limits were lowered with PUBLISH_TYPST_MEMORY_MB or PUBLISH_TYPST_SECONDS"


def _with(**variables: str) -> dict[str, str]:
    return {**os.environ, **variables}


def assert_stopped(result: subprocess.CompletedProcess, message: str) -> None:
    """Refused during the build: after the progress lines (no terminal), one error line, exit 2."""
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [f"error: {message}"]
    assert result.stderr.splitlines()[-1] == f"error: {message}"


def _typst_folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("publish-large-print-*"))


def test_typst_past_its_memory_stops_the_build_in_one_line_and_the_editions_stay(previous):
    work, before = previous
    folders = _typst_folders()
    result = run_build("good.md", "--out", "dist", cwd=work, env=_with(PUBLISH_TYPST_MEMORY_MB="50"))
    assert_stopped(result, f"{work / 'good.md'}: Typst needed more than the 50 MB of memory a build gives it to "
                           f"typeset the large print, and was stopped; {LOWERED}")
    assert_untouched(work, before)
    assert _typst_folders() <= folders, "Typst's working folder was left behind"


def test_typst_past_its_time_stops_the_build_in_one_line_and_the_editions_stay(previous):
    work, before = previous
    result = run_build("good.md", "--out", "dist", cwd=work, env=_with(PUBLISH_TYPST_SECONDS="0.01"))
    assert_stopped(result, f"{work / 'good.md'}: Typst took longer than the 0.01 seconds a build gives it to "
                           f"typeset the large print, and was stopped; {LOWERED}")
    assert_untouched(work, before)


@pytest.mark.parametrize("variable,value", [("PUBLISH_TYPST_SECONDS", "soon"), ("PUBLISH_TYPST_MEMORY_MB", "-5")])
def test_a_limit_that_is_not_a_positive_number_is_refused_before_anything_is_written(previous, variable, value):
    work, before = previous
    everything = snapshot(work)
    result = run_build("good.md", "--out", "dist", *ONLY, cwd=work, env=_with(**{variable: value}))
    assert_refused(result, f"the environment variable {variable} is '{value}'; give a number greater than 0, "
                           "or unset it for the default")
    assert snapshot(work) == everything, "something was written"


def test_a_raised_limit_builds_the_large_print(previous):
    work, _ = previous
    result = run_build("good.md", "--out", "dist", "--only", "large-print", cwd=work,
                       env=_with(PUBLISH_TYPST_MEMORY_MB="2048", PUBLISH_TYPST_SECONDS="300"))
    assert result.returncode == 0, result.stderr
    assert "The note." in pdf_text(work / "dist" / "a-good-book-large-print.pdf")


def test_quotes_40_deep_keep_every_word_in_the_large_print(tmp_path):
    """Typst stops at about 12 quotations inside one another; past 8 they are set at the eighth's indent."""
    words = [f"level{n}" for n in range(1, 41)]
    text = "\n".join("> " * n + word + "\n" + "> " * n for n, word in enumerate(words, 1))
    (tmp_path / "deep.md").write_text(f"---\ntitle: Deep quotes\nlang: en\n---\n\n# One\n\n{text}\n", encoding="utf-8")
    result = run_build("deep.md", "--out", "dist", "--only", "large-print,html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = pdf_text(tmp_path / "dist" / "deep-quotes-large-print.pdf").split()
    assert [w for w in shown if w.startswith("level")] == words
    page = (tmp_path / "dist" / "deep-quotes.html").read_text(encoding="utf-8")
    assert page.count("<blockquote>") == 40        # the HTML keeps every level


def _lists(depth: int, indent: str = "") -> list[str]:
    return [indent + "  " * i + f"- item{i}" for i in range(depth)]


NESTED = {   # Typst alone stops on each of these with "maximum show rule depth exceeded"; (text, list items)
    "lists 60 deep": ("\n".join(_lists(60)), 60),
    "lists 40 deep in 20 quotations": ("\n".join(_lists(40, "> " * 20)), 40),
    "quotations 7 deep in lists 24 deep": ("\n".join(_lists(24)) + "\n\n" + "  " * 24 + "> " * 7 + "item24", 24),
}


@pytest.mark.parametrize("case", list(NESTED))
def test_lists_and_quotations_nested_deep_keep_every_word_in_the_large_print(tmp_path, case):
    text, marked = NESTED[case]
    (tmp_path / "deep.md").write_text(f"---\ntitle: Deep lists\nlang: en\n---\n\n# One\n\n{text}\n", encoding="utf-8")
    result = run_build("deep.md", "--out", "dist", "--only", "large-print", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = pdf_text(tmp_path / "dist" / "deep-lists-large-print.pdf").split()
    items = [w for w in shown if w.startswith("item")]
    assert items == [f"item{n}" for n in range(len(items))] and len(items) in (25, 40, 60)
    # every item keeps a mark: Typst's bullets and dashes, then the bullets written before flattened items
    assert shown.count("\u2022") + shown.count("\u2013") == marked
