"""Proof that the tests, and the program they run, read nothing outside the repository.

Every file this test process opens (Python's "open" audit event, which open(), pathlib and
os.open raise) must lie in the repository, a temporary folder, the installed Python and its
packages, or the system's own folders (/usr, /etc, /proc, ...). Anything else, such as a file
in a folder beside the repository that only the developers' machines have, fails the run and
names the test that opened it. .ci/run also runs the whole suite from a copy of the repository
with nothing beside it.
"""
from __future__ import annotations

import os
import site
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SYSTEM = ("/usr", "/etc", "/proc", "/sys", "/dev", "/lib", "/lib64", "/bin", "/sbin", "/run", "/var/lib", "/opt")


def allowed_roots() -> tuple[str, ...]:
    roots = {str(ROOT), os.path.realpath(tempfile.gettempdir()), tempfile.gettempdir(), *SYSTEM,
             sys.prefix, sys.base_prefix, sys.exec_prefix, *site.getsitepackages(), site.getusersitepackages(),
             *sysconfig.get_paths().values()}
    return tuple(sorted(os.path.realpath(r) for r in roots if r))


class OutsideReads:
    """A pytest plugin: records files opened outside the allowed folders, and fails the session on any."""

    def __init__(self) -> None:
        self.roots = allowed_roots()
        self.current = "collection"
        self.found: dict[str, str] = {}     # path -> the test that first opened it
        sys.addaudithook(self._audit)

    def _audit(self, event: str, args: tuple) -> None:
        if event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        path = os.fsdecode(args[0])
        absolute = os.path.realpath(path) if os.path.isabs(path) else os.path.realpath(os.path.join(os.getcwd(), path))
        if not any(absolute == root or absolute.startswith(root + os.sep) for root in self.roots):
            self.found.setdefault(absolute, self.current)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None):  # type: ignore[no-untyped-def]
        self.current = item.nodeid
        yield
        self.current = "between tests"

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.found:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:  # type: ignore[no-untyped-def]
        if self.found:
            terminalreporter.section("files opened outside the repository", red=True)
            terminalreporter.line("A fresh clone anywhere else would not have them:")
            for path, test in sorted(self.found.items()):
                terminalreporter.line(f"  {path}  (opened by {test})")
