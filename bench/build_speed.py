"""Build speed and memory: `publish build` (with its checks) against bare pandoc, measured in one run.

    python bench/build_speed.py [--scales 1,4,10] [--repeat 3]

Bare pandoc makes the same editions one command at a time, as a script would:
`pandoc book.md -s -o book.epub`, `-o book.html`, `-o book.docx`, `-t typst -o book.typ`, then the
Typst compiler (the same `typst` package publish uses). Prints times (best of --repeat, taken in
turns, at every size), the ratios the project targets, and the peak memory of each build's whole
process tree (PSS).
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pypandoc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book import make_book  # noqa: E402

PANDOC = pypandoc.get_pandoc_path()


def tree_memory(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes: the sum of their proportional set
    sizes (PSS, from /proc/*/smaps_rollup), which counts a page shared by n processes (the worker
    processes share their loaded modules) once, as n shares of 1/n, where summing resident sizes
    would count it n times."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _pss(current)
        stack += children.get(current, [])
    return total


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def timed(commands: list[list[str]], cwd: Path) -> float:
    """Runs the commands one after another; returns seconds (nothing else runs meanwhile)."""
    start = time.perf_counter()
    for command in commands:
        _finish(subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), command)
    return time.perf_counter() - start


def peak_memory(commands: list[list[str]], cwd: Path) -> int:
    """Runs the commands one after another; returns the highest memory of any one's process tree.
    Measured in runs of their own: reading every process's memory map costs the kernel time that
    would slow a timed run (a build of several processes more than one command)."""
    return max(_peak_of(command, cwd) for command in commands)


def _peak_of(command: list[str], cwd: Path) -> int:
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()
    peak = 0

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_memory(process.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _finish(process, command)
    stop.set()
    sampler.join()
    return peak


def _finish(process: subprocess.Popen, command: list[str]) -> None:
    _, err = process.communicate()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {err.decode()[-2000:]}")


def bare_pandoc(book: Path) -> list[list[str]]:
    typst = [sys.executable, "-c", "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])",
             "book.typ", "book.pdf"]
    return [[PANDOC, book.name, "-s", "-o", "book.epub"], [PANDOC, book.name, "-s", "-o", "book.html"],
            [PANDOC, book.name, "-s", "-o", "book.docx"], [PANDOC, book.name, "-s", "-t", "typst", "-o", "book.typ"],
            typst]


# Like with like by default: the five editions bare pandoc makes too (--only all adds braille, which
# bare pandoc cannot make at all)
LIKE_BARE = "epub,html,docx,large-print-docx,large-print"


def publish(book: Path, *options: str, only: str = LIKE_BARE) -> list[list[str]]:
    chosen = [] if only == "all" else ["--only", only]
    return [[sys.executable, "-m", "publish.cli", "build", book.name, "--out", "dist", "--quiet", *chosen, *options]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,4,10")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default=LIKE_BARE, help="editions publish builds (all: braille too)")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"pandoc {pypandoc.get_pandoc_version()}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            folder = Path(tmp) / f"x{scale}"
            book = make_book(folder, scale)
            runs: dict[str, list[float]] = {"bare": [], "full": [], "again": []}
            for _ in range(args.repeat):    # taken in turns, so that a busy spell slows each alike
                runs["bare"].append(timed(bare_pandoc(book), folder))
                runs["full"].append(timed(publish(book, "--force", only=args.only), folder))
                runs["again"].append(timed(publish(book, only=args.only), folder))
            # the fastest of each: the run least disturbed by other work on a shared machine
            bare, full, again = (min(runs[k]) for k in ("bare", "full", "again"))
            bare_mem, full_mem = peak_memory(bare_pandoc(book), folder), peak_memory(publish(book, "--force", only=args.only), folder)
            words = len(book.read_text(encoding="utf-8").split())
            rows.append((scale, words, bare, full, again, full_mem, bare_mem))
    print(f"{'scale':>5} {'words':>8} {'bare pandoc':>12} {'publish':>9} {'ratio':>6} {'rebuild':>8} "
          f"{'rebuild/full':>12} {'peak MB':>8} {'bare MB':>8}")
    for scale, words, bare, full, again, mem, bare_mem in rows:
        print(f"{scale:>4}x {words:>8} {bare:>11.2f}s {full:>8.2f}s {full / bare:>6.2f} {again:>7.2f}s "
              f"{again / full:>11.1%} {mem / 2**20:>8.0f} {bare_mem / 2**20:>8.0f}")
    base = rows[0]
    for scale, _, _, full, _, _, _ in rows[1:]:
        print(f"growth {scale}x: build time x{full / base[3]:.2f} for x{scale} the text "
              f"({'linear or better' if full / base[3] <= scale * 1.1 else 'WORSE than linear'})")
    print("targets: publish/bare <= 0.60; rebuild/full <= 5%; growth no faster than linear; peak < 1024 MB at 10x")


if __name__ == "__main__":
    main()
