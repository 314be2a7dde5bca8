"""Typst, run in a process of its own with a memory and a time limit.

Typst's bindings run in the process that calls them and cannot be interrupted there: a book that
makes Typst take all the machine's memory, or hours, would take the build with it. So the layout
and the PDF are made by `python -m publish.typeset REQUEST` in a child process whose address space
is capped (RLIMIT_AS), and which is killed when it runs past its time. The child runs the query
first and writes its answer to a file at once, so that the editions waiting for the page layout
can start while it writes the PDF; the compiler keeps its work between the two.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from .errors import LimitExceeded, PublishError

MEMORY_LIMIT = 4 * 1024 ** 3    # bytes of address space: a 1,500-page book's layout needs under 1.5 GB
TIME_LIMIT = 600.0              # seconds: a 1,500-page book takes about a minute on a slow machine
# a publisher's CI that builds others' manuscripts may set lower limits (the README says how)
MEMORY_VARIABLE, TIME_VARIABLE = "PUBLISH_TYPST_MEMORY_MB", "PUBLISH_TYPST_SECONDS"
FAILED = 3                      # the child's exit status when Typst refused the document
POLL = 0.02                     # seconds between looks at the child


@dataclass(frozen=True)
class Request:
    """What the child is asked: the Typst source, its fonts and inputs, the query to answer and,
    when pdf is set, the PDF to write (with its standard and timestamp)."""
    source: str
    font_paths: list[str]
    sys_inputs: dict[str, str]
    query: str
    answer: str                    # the file the query's answer is written to
    pdf: str = ""
    pdf_standards: list[str] = field(default_factory=list)
    timestamp: int = 0


def run(request: Request, book_file: Path | str, on_answer: Callable[[str], None] = lambda answer: None,
        memory: int | None = None, seconds: float | None = None) -> str:
    """The query's answer (Typst's JSON), after the PDF is written when one is asked for. on_answer hears
    it as soon as the child has it. Typst's own errors are a PublishError naming book_file; running out
    of memory or time is a LimitExceeded, which stops the build."""
    given_memory, given_seconds = limits()
    memory = given_memory if memory is None else memory
    seconds = given_seconds if seconds is None else seconds
    advice = ("a book needs far less: look for a huge table or image, or thousands of notes" if
              memory >= MEMORY_LIMIT and seconds >= TIME_LIMIT else
              f"the limits were lowered with {MEMORY_VARIABLE} or {TIME_VARIABLE}")
    work = Path(request.answer).parent
    request_file = work / "typeset-request.json"
    request_file.write_text(json.dumps(asdict(request)), encoding="utf-8")
    errors = work / "typeset-errors.txt"
    with errors.open("wb") as stderr:
        # the child stays in this process's group: stopping a worker stops its Typst too
        child = subprocess.Popen([sys.executable, "-m", "publish.typeset", str(request_file), str(memory)],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            answer = _wait(child, Path(request.answer), on_answer, time.monotonic() + seconds)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    if answer is None:
        raise LimitExceeded(f"Typst took longer than the {_duration(seconds)} a build gives it to typeset the "
                            f"large print, and was stopped; {advice}", book_file)
    message = errors.read_text(encoding="utf-8", errors="replace").strip()
    if child.returncode == FAILED:
        raise PublishError("Typst could not typeset the large-print PDF: " + _shorten(message), book_file)
    if child.returncode != 0:
        if child.returncode < 0 or "memory allocation" in message or "MemoryError" in message:
            raise LimitExceeded(f"Typst needed more than the {_size(memory)} of memory a build gives "
                                f"it to typeset the large print, and was stopped; {advice}", book_file)
        raise PublishError("Typst stopped while typesetting the large-print PDF: " + _shorten(message), book_file)
    return answer


def _wait(child: subprocess.Popen, answer_file: Path, on_answer: Callable[[str], None],
          deadline: float) -> str | None:
    """Waits for the child, handing on the answer when it appears; None when time ran out."""
    answer: str | None = None
    while True:
        finished = child.poll() is not None
        if answer is None and answer_file.exists():
            answer = answer_file.read_text(encoding="utf-8")
            on_answer(answer)
        if finished:
            return answer if answer is not None else ""
        if time.monotonic() > deadline:
            return None
        time.sleep(POLL)


def limits() -> tuple[int, float]:
    """The memory (bytes) and time (seconds) Typst is given: the defaults, or what the environment sets.
    A value that is not a positive number is a PublishError (the build checks it before it starts)."""
    return (int(_setting(MEMORY_VARIABLE, MEMORY_LIMIT / 1024 ** 2) * 1024 ** 2),
            _setting(TIME_VARIABLE, TIME_LIMIT))


def _setting(variable: str, default: float) -> float:
    """A limit from the environment, when set there: a positive number."""
    given = os.environ.get(variable, "").strip()
    if not given:
        return default
    try:
        value = float(given)
    except ValueError:
        value = 0
    if not value > 0:
        raise PublishError(f"the environment variable {variable} is '{given}'; give a number greater than 0, "
                           "or unset it for the default")
    return value


def _cap_memory(limit: int) -> None:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _size(memory: int) -> str:
    return f"{memory / 1024 ** 3:g} GB" if memory >= 1024 ** 3 else f"{memory / 1024 ** 2:g} MB"


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} minutes" if seconds >= 120 else f"{seconds:g} seconds"


def _shorten(message: str) -> str:
    from .pandoc import shorten
    return shorten(message.splitlines()[-1] if message else "no message")


# --- the child ---------------------------------------------------------------------------------

def _main(request_file: str, memory: str) -> int:
    request = Request(**json.loads(Path(request_file).read_text(encoding="utf-8")))
    import typst                 # loaded first: the cap is for Typst's work, not for mapping its library
    _cap_memory(int(memory))     # here, not in a preexec_fn, which is unsafe in a process with threads
    try:
        compiler = typst.Compiler(request.source, root="/", font_paths=request.font_paths,
                                  ignore_system_fonts=True, sys_inputs=request.sys_inputs)
        answer = compiler.query(request.query, field="value", one=True)
        _write_whole(Path(request.answer), answer.encode("utf-8"))
        if request.pdf:
            pdf = compiler.compile(pdf_standards=request.pdf_standards, timestamp=request.timestamp)
            _write_whole(Path(request.pdf), pdf)
    except (typst.TypstError, RuntimeError) as error:
        print(" ".join(str(error).split()), file=sys.stderr)
        return FAILED
    return 0


def _write_whole(path: Path, data: bytes) -> None:
    """Written, then renamed into place: the waiting process never reads half of it."""
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1], sys.argv[2]))
