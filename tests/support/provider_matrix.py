"""The pairwise matrix of the build tier: the answers an app is rendered with in each cell.

Five questions shape what an app links and tests: `database` and the four providers
(`email_provider`, `sms_provider`, `storage_provider`, `queue_provider`). Their product is 324
apps; a pairwise set (every value of every question beside every value of every other question
in some cell) is 12, the least any can be (4 email providers x 3 of anything else). The
questions and their values are read from copier.yml, the one place they are defined, so a new
choice joins the matrix (and the coverage test) by itself.

The matrix lives here, in the test kit, not in model/: model/ is loaded by Copier into every
render and holds what the template itself needs; which apps the tests build is the tests'
business, and nothing at render time reads it.

Each cell runs the app's whole `make test-ci`, so every cell the matrix does without is minutes
of CI saved: the generator looks for the smallest set, not the first. The first cell is the
default app (the default database and every default provider: what `tracks new --defaults`
makes, and the render `rendered_app` shares with the other tiers); the other databases' default
apps are not cells of their own, since each of their pairs is in some cell already (their
builds and end-to-end runs are the e2e tier's). From the lower bound up, a size is tried with a
fixed list of seeded annealing walks (one value changed per step) until one covers every pair,
so every run yields the same cells.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.support.paths import REPO

#: The questions of the matrix, in the order a cell names them.
QUESTIONS = ("database", "email_provider", "sms_provider", "storage_provider", "queue_provider")
PROVIDERS = QUESTIONS[1:]

#: How many seeded walks the search tries at one size before it allows a cell more, and how
#: many steps each walk takes.
ATTEMPTS = 16
STEPS = 20_000

Pair = tuple[tuple[str, str], tuple[str, str]]


@dataclass(frozen=True)
class Cell:
    """One app of the matrix: a database and one answer per provider question."""

    database: str
    email_provider: str
    sms_provider: str
    storage_provider: str
    queue_provider: str

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(getattr(self, q) for q in QUESTIONS)

    @property
    def providers(self) -> dict[str, str]:
        """The provider answers, as Copier data."""
        return {q: getattr(self, q) for q in PROVIDERS}

    @property
    def id(self) -> str:
        """A readable test id: `postgres-ses-sns-s3-sqs`."""
        return "-".join(self.values)

    def is_default(self, defaults: Mapping[str, str]) -> bool:
        """Whether every provider answer is its default (the app `rendered_app` renders)."""
        return all(getattr(self, q) == defaults[q] for q in PROVIDERS)


def choices(copier_yml: Path | None = None) -> dict[str, list[str]]:
    """Each matrix question's values, in copier.yml's order (a dict's values for labelled
    choices, such as `database`)."""
    data = yaml.safe_load((copier_yml or REPO / "copier.yml").read_text())
    found: dict[str, list[str]] = {}
    for question in QUESTIONS:
        raw = data[question]["choices"]
        found[question] = [str(v) for v in (raw.values() if isinstance(raw, dict) else raw)]
    return found


def defaults(copier_yml: Path | None = None) -> dict[str, str]:
    data = yaml.safe_load((copier_yml or REPO / "copier.yml").read_text())
    return {q: str(data[q]["default"]) for q in QUESTIONS}


def pairs_of(values: tuple[str, ...]) -> set[Pair]:
    """The pairs of values one cell covers (question, value) x (later question, value)."""
    named = list(zip(QUESTIONS, values, strict=True))
    return set(itertools.combinations(named, 2))


def all_pairs(values: Mapping[str, list[str]]) -> set[Pair]:
    """Every pair a pairwise set must cover."""
    found: set[Pair] = set()
    for first, second in itertools.combinations(QUESTIONS, 2):
        for a in values[first]:
            for b in values[second]:
                found.add(((first, a), (second, b)))
    return found


def uncovered(cells: Iterable[Cell], values: Mapping[str, list[str]]) -> set[Pair]:
    """The pairs no cell covers (empty for a pairwise set)."""
    missing = all_pairs(values)
    for cell in cells:
        missing -= pairs_of(cell.values)
    return missing


def lower_bound(values: Mapping[str, list[str]]) -> int:
    """No pairwise set is smaller: the two questions with the most values need every one of
    their pairs in a cell of its own."""
    first, second = sorted((len(v) for v in values.values()), reverse=True)[:2]
    return first * second


def _search(
    values: Mapping[str, list[str]], first: tuple[str, ...], size: int, seed: int
) -> list[tuple[str, ...]] | None:
    """A pairwise set of `size` rows starting with `first`, by simulated annealing over single
    values, or None when this seed's walk gives up. Pair counts are kept incrementally, so a
    step costs one row's pairs, not the whole matrix."""
    rnd = random.Random(seed)
    rows = [list(first)] + [[rnd.choice(values[q]) for q in QUESTIONS] for _ in range(size - 1)]
    count: dict[Pair, int] = {}
    for row in rows:
        for pair in pairs_of(tuple(row)):
            count[pair] = count.get(pair, 0) + 1
    missing = len(all_pairs(values) - count.keys())

    def touching(row: list[str], column: int) -> list[Pair]:
        named = list(zip(QUESTIONS, row, strict=True))
        return [
            (named[min(column, other)], named[max(column, other)])
            for other in range(len(QUESTIONS))
            if other != column
        ]

    temperature = 1.0
    for _ in range(STEPS):
        if missing == 0:
            return [tuple(row) for row in rows]
        r, column = rnd.randrange(1, size), rnd.randrange(len(QUESTIONS))
        old, new = rows[r][column], rnd.choice(values[QUESTIONS[column]])
        if old == new:
            continue
        removed, rows[r][column] = touching(rows[r], column), new
        added = touching(rows[r], column)
        delta = sum(count[p] == 1 for p in removed) - sum(count.get(p, 0) == 0 for p in added)
        if delta <= 0 or rnd.random() < math.exp(-delta / temperature):
            for pair in removed:
                count[pair] -= 1
                if not count[pair]:
                    del count[pair]
            for pair in added:
                count[pair] = count.get(pair, 0) + 1
            missing += delta
        else:
            rows[r][column] = old
        temperature = max(0.05, temperature * 0.9995)
    return None


def generate(values: Mapping[str, list[str]], default: Mapping[str, str]) -> list[Cell]:
    """The smallest pairwise set the search finds over values, the default app first."""
    first = tuple(default[q] for q in QUESTIONS)
    size = lower_bound(values)
    while True:
        for seed in range(ATTEMPTS):
            rows = _search(values, first, size, seed)
            if rows is not None:
                return [Cell(*row) for row in rows]
        size += 1


@functools.cache
def cells() -> tuple[Cell, ...]:
    """The matrix of this checkout's copier.yml."""
    return tuple(generate(choices(), defaults()))
