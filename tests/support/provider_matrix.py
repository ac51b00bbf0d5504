"""The pairwise matrix of the build tier: the answers an app is rendered with in each cell.

Five questions shape what an app links and tests: `database` and the four providers
(`email_provider`, `sms_provider`, `storage_provider`, `queue_provider`). Their product is 324
apps; a pairwise set (every value of every question beside every value of every other question
in some cell) is 15. The questions and their values are read from copier.yml, the one place
they are defined, so a new choice joins the matrix (and the coverage test) by itself.

The matrix lives here, in the test kit, not in model/: model/ is loaded by Copier into every
render and holds what the template itself needs; which apps the tests build is the tests'
business, and nothing at render time reads it.

Generation is greedy and deterministic: the three default-provider apps (one per database,
the apps `rendered_app` renders for the other tiers) are seeded first, so their cells reuse
those renders; then, until every pair is covered, the candidate covering the most uncovered
pairs joins. Ties are broken by a seeded shuffle; the smallest result over a fixed list of seeds
wins (the first seed on a tie), so every run yields the same cells.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.support.paths import REPO

#: The questions of the matrix, in the order a cell names them.
QUESTIONS = ("database", "email_provider", "sms_provider", "storage_provider", "queue_provider")
PROVIDERS = QUESTIONS[1:]

#: How many tie-breaking orders the generator tries.
ATTEMPTS = 64

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


def _greedy(
    seeds: list[tuple[str, ...]], candidates: list[tuple[str, ...]], todo: set[Pair], seed: int
) -> list[tuple[str, ...]]:
    order = list(candidates)
    random.Random(seed).shuffle(order)
    rows = list(seeds)
    for row in seeds:
        todo = todo - pairs_of(row)
    while todo:
        best = max(order, key=lambda row: len(pairs_of(row) & todo))
        rows.append(best)
        todo = todo - pairs_of(best)
    return rows


def generate(values: Mapping[str, list[str]], default: Mapping[str, str]) -> list[Cell]:
    """A pairwise set over values, the default-provider cell of every database first."""
    seeds = [tuple([db, *(default[q] for q in PROVIDERS)]) for db in values["database"]]
    candidates = list(itertools.product(*(values[q] for q in QUESTIONS)))
    todo = all_pairs(values)
    best: list[tuple[str, ...]] | None = None
    for seed in range(ATTEMPTS):
        rows = _greedy(seeds, candidates, todo, seed)
        if best is None or len(rows) < len(best):
            best = rows
    assert best is not None
    return [Cell(*row) for row in best]


@functools.cache
def cells() -> tuple[Cell, ...]:
    """The matrix of this checkout's copier.yml."""
    return tuple(generate(choices(), defaults()))
