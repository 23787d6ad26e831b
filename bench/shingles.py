"""4-word-shingle precision and recall, as the ScrapingHub article-extraction benchmark scores text.

Tokens are lowercase word runs (``\\w+``); a text is the multiset of its
4-token shingles. ``precision = |pred ∩ gold| / |pred|`` and
``recall = |pred ∩ gold| / |gold|`` with multiset intersection.

>>> p, r = score("the cat sat on the mat", "the cat sat on the mat today")
>>> round(p, 2), round(r, 2)
(1.0, 0.75)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def shingles(text: str, n: int = 4) -> Counter:
    toks = tokens(text)
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def counts(pred: str, gold: str, n: int = 4) -> tuple[int, int, int]:
    """(true positives, |pred|, |gold|) in shingles."""
    p, g = shingles(pred, n), shingles(gold, n)
    return sum((p & g).values()), sum(p.values()), sum(g.values())


def score(pred: str, gold: str, n: int = 4) -> tuple[float, float]:
    tp, np_, ng = counts(pred, gold, n)
    precision = tp / np_ if np_ else (1.0 if not ng else 0.0)
    recall = tp / ng if ng else 1.0
    return precision, recall


@dataclass
class Totals:
    """Macro (mean of per-file figures) and micro (pooled counts) precision and recall."""

    files: int = 0
    p_sum: float = 0.0
    r_sum: float = 0.0
    tp: int = 0
    npred: int = 0
    ngold: int = 0

    def add(self, pred: str, gold: str) -> None:
        tp, np_, ng = counts(pred, gold)
        p, r = score(pred, gold)
        self.files += 1
        self.p_sum += p
        self.r_sum += r
        self.tp += tp
        self.npred += np_
        self.ngold += ng

    @property
    def macro(self) -> tuple[float, float]:
        return (self.p_sum / self.files, self.r_sum / self.files) if self.files else (0.0, 0.0)

    @property
    def micro(self) -> tuple[float, float]:
        return (self.tp / self.npred if self.npred else 0.0, self.tp / self.ngold if self.ngold else 0.0)


def totals(pairs: Iterable[tuple[str, str]]) -> Totals:
    t = Totals()
    for pred, gold in pairs:
        t.add(pred, gold)
    return t
