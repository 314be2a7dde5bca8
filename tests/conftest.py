"""Shared fixtures: the manuscript and the rich fixture manuscript, each built once per test run."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from publish.build import BuildResult, build

ROOT = Path(__file__).resolve().parents[1]
MANUSCRIPT = ROOT / "manuscript"
RICH = Path(__file__).resolve().parent / "fixtures" / "rich"
KITCHEN_SINK = Path(__file__).resolve().parent / "fixtures" / "kitchen-sink"
sys.path.insert(0, str(Path(__file__).resolve().parent))   # tests' helper modules (seed_text, ...)

from outside_reads import OutsideReads  # noqa: E402  (a helper module, found through the line above)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(OutsideReads(), "outside-reads")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Every edition of manuscript/, built once with a fixed date."""
    return _build(MANUSCRIPT, tmp_path_factory.mktemp("manuscript-dist"))


@pytest.fixture(scope="session")
def built_rich(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Every edition of the rich fixture (images, a table, 24 notes), built once."""
    return _build(RICH, tmp_path_factory.mktemp("rich-dist"))


@pytest.fixture(scope="session")
def built_kitchen_sink(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Every edition of the kitchen-sink fixture (every construct of pandoc's Markdown), built once."""
    return _build(KITCHEN_SINK, tmp_path_factory.mktemp("kitchen-sink-dist"))


SESSION_EPOCH = "1764400000"      # the date of the session's builds, as SOURCE_DATE_EPOCH


def _build(source: Path, out: Path) -> BuildResult:
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", SESSION_EPOCH)
    try:
        result = build(source, out / "dist", force=True)
    finally:
        mp.undo()
    assert result.editions, f"the build of {source} stopped: {result.findings}"
    return result


def edition(result: BuildResult, name: str) -> Path:
    """The path of one edition in a build result."""
    return next(e.path for e in result.editions if e.name == name)


def require_tool(available: bool, why: str) -> None:
    """Skips a test whose outside tool is truly absent, saying why; in CI (PUBLISH_REQUIRE_TOOLS) fails instead."""
    if available:
        return
    import os
    if os.environ.get("PUBLISH_REQUIRE_TOOLS"):
        pytest.fail(f"{why} (PUBLISH_REQUIRE_TOOLS is set: CI must install it)")
    pytest.skip(why)
