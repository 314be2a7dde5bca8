"""No build ever loses the last good editions: killed builds leave dist/ whole, and two builds take turns."""
from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import RICH


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def start_build(source: Path, out: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "publish.cli", "build", str(source), "--out", str(out), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def has_fresh_file(staged: Path) -> bool:
    """A file the build has written (not a hard link to the last build's); the build removes files
    from the folder while it is looked at, so a file may vanish between listing and stat."""
    try:
        return any(f.is_file() and f.stat().st_nlink == 1 for f in staged.iterdir())
    except FileNotFoundError:
        return False


def test_killed_build_leaves_previous_editions_whole(tmp_path):
    out = tmp_path / "dist"
    first = start_build(RICH, out)
    assert first.wait(timeout=300) in (0, 1), first.stderr.read()
    before = snapshot(out)
    assert len([n for n in before if not n.startswith(".")]) == 7     # five editions, and braille's BRF and PEF
    build = start_build(RICH, out, "--force")
    deadline = time.monotonic() + 60
    # kill it once it is part-way: its staging folder exists and holds a fresh file
    while time.monotonic() < deadline and build.poll() is None:
        if any(has_fresh_file(staged) for staged in tmp_path.glob(".dist.building-*")):
            break
        time.sleep(0.005)
    assert build.poll() is None, "the build finished before it could be killed"
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    assert snapshot(out) == before
    # the next build clears the leftovers and succeeds
    again = start_build(RICH, out, "--only", "html")
    assert again.wait(timeout=300) in (0, 1), again.stderr.read()
    assert not list(tmp_path.glob(".dist.building-*"))
    assert snapshot(out).keys() == before.keys()


def test_interrupted_build_leaves_previous_editions_whole(tmp_path):
    out = tmp_path / "dist"
    assert start_build(RICH, out, "--only", "html,docx").wait(timeout=300) in (0, 1)
    before = snapshot(out)
    build = start_build(RICH, out, "--force")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".dist.building-*")):
        time.sleep(0.005)
    build.send_signal(signal.SIGINT)
    out_text, err = build.communicate(timeout=60)
    assert build.returncode == 130, out_text + err
    assert "Traceback" not in err
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".dist.building-*"))


def test_two_builds_at_once_take_turns(tmp_path):
    out = tmp_path / "dist"
    builds = [start_build(RICH, out, "--force"), start_build(RICH, out, "--force")]
    results = [(b.wait(timeout=600), b.stdout.read(), b.stderr.read()) for b in builds]
    assert all(code in (0, 1) for code, _, _ in results), results
    assert any("waiting" in err for _, _, err in results), "neither build waited for the other"
    names = sorted(n for n in snapshot(out) if not n.startswith("."))
    assert names == sorted(["field-notes-on-common-places.epub", "field-notes-on-common-places.html",
                            "field-notes-on-common-places.docx", "field-notes-on-common-places-large-print.docx",
                            "field-notes-on-common-places-large-print.pdf", "field-notes-on-common-places.brf",
                            "field-notes-on-common-places.pef"])
    for name in names:
        assert (out / name).stat().st_size > 1000
