"""The scheduler runs declared steps by what they need and make: which steps a build plans, in which
order they run, and what becomes of the steps after one that fails."""
from __future__ import annotations

import re
from concurrent.futures import Future
from pathlib import Path

import pytest

from publish import schedule
from publish.editions import EDITIONS, STEPS, Step, file_of, findings_of
from publish.errors import LimitExceeded, PartlyMade, PublishError


def wanted(*names: str) -> list[str]:
    return [value for n in names for value in (file_of(n), findings_of(n))]


def planned(*names: str, known: tuple[str, ...] = ("ast",)) -> list[str]:
    return sorted(step.name for step in schedule.plan(STEPS, wanted(*names), known))


def test_both_docx_come_from_one_step_only_when_both_are_wanted():
    assert "make both DOCX editions from one pandoc run" in planned("docx", "large-print-docx")
    assert planned("docx") == ["check the docx edition", "make the docx edition"]


def test_the_layout_comes_from_the_large_print_when_it_is_built_else_from_a_layout_of_its_own():
    with_print = planned("epub", "large-print")
    assert "make the large-print edition" in with_print and "lay out the print pages" not in with_print
    assert "lay out the print pages" in planned("epub")
    assert "lay out the print pages" not in planned("epub", known=("ast", "layout"))   # from the cache
    assert planned("docx") == planned("docx", known=("ast", "layout"))      # the DOCX needs no layout


def test_the_brf_and_the_pef_share_one_draft():
    steps = planned("braille", "braille-pef")
    assert steps.count("draft the braille edition") == 1
    assert {"finish the braille edition", "finish the braille-pef edition"} <= set(steps)


def test_every_edition_is_checked_by_a_step_of_its_own():
    for name in EDITIONS:
        checks = [s for s in schedule.plan(STEPS, wanted(name), {"ast"}) if findings_of(name) in s.makes]
        assert [s.needs for s in checks] == [(file_of(name),)]


def test_the_scheduler_names_no_edition_and_no_edition_shape():
    source = (Path(schedule.__file__)).read_text(encoding="utf-8").lower()
    for word in [*EDITIONS, "layout", "draft", "docx", "pdf", "typst", "pandoc"]:
        assert not re.search(rf"\b{re.escape(word)}\b", source.split('"""', 2)[2]), word


# toy steps, run by a submit that computes each at once, as the pool's inline stand-in does
def toy(name: str, needs: tuple[str, ...], makes: tuple[str, ...], weight: int = 1,
        optional: tuple[str, ...] = ()) -> Step:
    return Step(name, ":unused", needs, makes, optional=optional, weight=weight)


def run(steps: list[Step], results: dict[str, object], order: list[str] | None = None) -> schedule.Outcome:
    def submit(step: Step, needed: tuple) -> Future:
        future: Future = Future()
        if order is not None:
            order.append(step.name)
        result = results[step.name]
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            made = result(*needed) if callable(result) else result
            future.set_result(made if len(step.makes) > 1 else (made,))    # as the worker's _run_step returns
        return future
    return schedule.run(steps, {"ast": "tree"}, submit)


def test_steps_run_when_their_needs_are_made_the_heaviest_first():
    steps = [toy("light", ("ast",), ("a",), 1), toy("heavy", ("ast",), ("b", "layout"), 5),
             toy("finish", ("a", "layout"), ("c",))]
    order: list[str] = []
    outcome = run(steps, {"light": lambda ast: ast + "!", "heavy": ("B", "L"), "finish": lambda a, l: a + l},
                  order)
    assert order == ["heavy", "light", "finish"]
    assert outcome.values["c"] == "tree!L" and not outcome.lost


def test_a_failed_step_loses_what_follows_from_it_and_an_optional_need_is_gone_without():
    error = PublishError("Typst could not lay it out", "book.md", 3)
    steps = [toy("layout", ("ast",), ("layout",)), toy("draft", ("ast",), ("d",)),
             toy("finish", ("d", "layout"), ("file",), optional=("layout",)),
             toy("needs it", ("layout",), ("other",)), toy("after that", ("other",), ("last",))]
    outcome = run(steps, {"layout": error, "draft": "D", "finish": lambda d, l: (d, l), "needs it": "x",
                          "after that": "y"})
    assert outcome.values["file"] == ("D", None)
    assert outcome.lost == {"layout": error, "other": error, "last": error}
    assert [s.name for s in outcome.went_without["layout"]] == ["finish"]


def test_a_step_that_fails_after_making_part_hands_that_part_on():
    partly = PartlyMade("the PDF could not be written", "book.md", made={"layout": "L"})
    steps = [toy("print", ("ast",), ("pdf", "layout")), toy("finish", ("layout",), ("file",))]
    outcome = run(steps, {"print": partly, "finish": lambda layout: layout * 2})
    assert outcome.values["file"] == "LL" and outcome.lost == {"pdf": partly}


def test_a_limit_exceeded_stops_the_run():
    steps = [toy("print", ("ast",), ("pdf",))]
    with pytest.raises(LimitExceeded):
        run(steps, {"print": LimitExceeded("Typst took too long")})


def test_a_loss_spreads_to_every_step_after_it_whatever_their_order():
    error = PublishError("no draft")
    steps = [toy("check", ("file",), ("findings",), 9), toy("finish", ("draft",), ("file",), 5),
             toy("draft", ("ast",), ("draft",), 1)]
    outcome = run(steps, {"draft": error, "finish": "F", "check": "C"})
    assert outcome.lost == {"draft": error, "file": error, "findings": error} and "findings" not in outcome.values
