"""The build's scheduler: it knows steps and the values they need and make (editions/__init__.py),
not editions. plan() picks the steps that make what is asked for; run() hands each to a worker as
soon as what it needs is made, the heaviest first, so that none is left to run alone at the end.

A step that fails loses the values it was to make, and the steps that need them are not run: their
values are lost with the same error. A step that can go without a value (optional) runs with None
in its place. A step that fails after making some of its values (PartlyMade) hands those on.
"""
from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .editions import Step
from .errors import LimitExceeded, PartlyMade, PublishError


def plan(steps: Iterable[Step], wanted: list[str], known: Iterable[str]) -> list[Step]:
    """The steps that make the wanted values from the known ones. Of the steps that make a value, the
    one chosen writes no file that is not wanted, and makes the most wanted values (one step for two
    files when both are wanted); a step already chosen is used again (one step whose value two others need)."""
    steps, chosen, have, asked = list(steps), [], set(known), set(wanted)

    def obtain(value: str) -> None:
        if value in have:
            return
        candidates = [s for s in steps if value in s.makes and asked.issuperset(s.writes)]
        if not candidates:
            raise LookupError(f"no step makes {value}")
        best = max(candidates, key=lambda s: (len(asked.intersection(s.makes)), -len(s.makes)))
        chosen.append(best)
        have.update(best.makes)
        for need in best.needs:
            obtain(need)

    for value in wanted:
        obtain(value)
    return chosen


@dataclass
class Outcome:
    values: dict[str, Any]
    lost: dict[str, PublishError] = field(default_factory=dict)      # not made, and why
    went_without: dict[str, list[Step]] = field(default_factory=dict)  # a lost optional value: who ran without it


Submit = Callable[[Step, tuple[Any, ...]], Future]


def run(steps: list[Step], known: dict[str, Any], submit: Submit, *, meanwhile: Callable[[], Any] = lambda: None,
        started: Callable[[Step], None] = lambda step: None,
        ended: Callable[[Step, Outcome], None] = lambda step, outcome: None) -> Outcome:
    """Runs the steps; submit(step, needed values) hands one to a worker. meanwhile() runs once the first
    steps are handed out (the building process's own work); started and ended hear of each step.
    A LimitExceeded ends it at once: the book is past what a build takes."""
    from .workers import finished
    outcome = Outcome(dict(known))
    waiting = sorted(steps, key=lambda s: -s.weight)
    running: dict[Future, Step] = {}
    heard: set[Future] = set()
    first = True
    while waiting or running:
        while any(_cannot_run(step, outcome) for step in waiting):      # until every loss has spread
            waiting = [step for step in waiting if not _cannot_run(step, outcome)]
        for step in list(waiting):
            if all(n in outcome.values or n in outcome.lost for n in step.needs):
                waiting.remove(step)
                running[_handed(step, outcome, submit)] = step
        if first:
            meanwhile()
            first = False
        if not running:
            assert not waiting, f"steps that can never run: {[s.name for s in waiting]}"
            break
        done = finished(running)
        for future, step in running.items():
            if future not in heard and (future.running() or future.done()):
                heard.add(future)
                started(step)
        for future in done:
            step = running.pop(future)
            _record(step, future, outcome)
            ended(step, outcome)
    return outcome


def _cannot_run(step: Step, outcome: Outcome) -> bool:
    """A step needing a lost value it cannot go without is never run, and what it makes is lost with
    the same error."""
    needed_lost = [n for n in step.needs if n in outcome.lost and n not in step.optional]
    if needed_lost:
        outcome.lost.update(dict.fromkeys(step.makes, outcome.lost[needed_lost[0]]))
    return bool(needed_lost)


def _handed(step: Step, outcome: Outcome, submit: Submit) -> Future:
    for need in step.needs:
        if need in outcome.lost:
            outcome.went_without.setdefault(need, []).append(step)
    return submit(step, tuple(outcome.values.get(n) for n in step.needs))


def _record(step: Step, future: Future, outcome: Outcome) -> None:
    try:
        made = future.result()
    except LimitExceeded:
        raise           # the pool stops every other step at once, and the output folder stays
    except PartlyMade as error:
        outcome.values.update(error.made)
        outcome.lost.update({m: error for m in step.makes if m not in error.made})
    except PublishError as error:
        outcome.lost.update(dict.fromkeys(step.makes, error))
    else:
        outcome.values.update(zip(step.makes, made, strict=True))
