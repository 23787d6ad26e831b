"""Context repair: choose among a spun word's candidate originals with the 3-gram model.

A spinner replaces a word type the same way all through an article ("said" -> "stated" 20 times
out of 20), so decisions are taken per spun type: the candidate with the best total gain in
log10 probability over all its occurrences wins, and only when its mean gain clears a margin.
A candidate that already occurs in the document is held to a larger margin: the spinner would
have replaced it there too.

>>> from cleaner.spin.tokens import tokenize
>>> from cleaner.spin.thesaurus import Thesaurus
>>> from cleaner.spin.lm import get_model
>>> th = Thesaurus.from_pairs({"stated": ["said", "declared"]})
>>> text = "Top officials stated Thursday they see hope, the spokesman stated."
>>> [(s.before, s.after) for s in suggest(tokenize(text), text, th, get_model())]  # doctest: +SKIP
[('stated', 'said'), ('stated', 'said')]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import compress, count
from typing import Iterable

from cleaner.spin.casing import match_case
from cleaner.spin.lm import Model
from cleaner.spin.thesaurus import Thesaurus
from cleaner.spin.tokens import Token

# log10 units. A candidate must beat the spun word by MARGIN on average over the type's occurrences.
MARGIN = 2.5
# Extra margin when the candidate also occurs in the document unchanged.
PRESENT_PENALTY = 1.5
# Each word a candidate is shorter than the spun phrase saves one factor of the product; charge it back.
LENGTH_COST = 0.5
# The model likes frequent words anywhere; discount that share of a gain (0: none, 1: all). Measured on
# spin_real/003: any discount lost more repairs than it saved damage, so it is off.
FREQ_WEIGHT = 0.0
# Inside quotation marks evidence must be stronger (a quote is the place a reader checks first).
QUOTE_EXTRA = 0.5


@dataclass(frozen=True, slots=True)
class Suggestion:
    i: int
    j: int  # token span [i, j)
    start: int
    end: int
    before: str
    after: str
    gain: float  # mean log10 gain of the type's chosen candidate
    occurrences: int


def _seq(tokens: list[Token]) -> tuple[list[str], list[int]]:
    """The model's word sequence ('<s>' at each break) and each token's position in it."""
    seq, pos = [], []
    for t in tokens:
        if t.brk:
            seq.append("<s>")
        pos.append(len(seq))
        seq.append(t.lower)
    return seq, pos


def _window(seq: list[str], p: int, k: int) -> tuple[list[str], list[str], list[str]]:
    """The window around the spun k words at p: two words each side, cut at breaks."""
    left = seq[max(0, p - 2):p]
    if "<s>" in left:
        left = left[left.index("<s>"):]
    right: list[str] = []
    for w in seq[p + k:p + k + 2]:
        if w == "<s>":
            break
        right.append(w)
    return left, seq[p:p + k], right


def _gain_terms(alts: list[float], base: float, costs: list[float], quoted: bool) -> list[float]:
    """Per candidate: its window's score less the written window's, less its length cost (and
    ``QUOTE_EXTRA`` less inside quotation marks), always in that order of operations."""
    if quoted:
        return [alt - base - cost - QUOTE_EXTRA for alt, cost in zip(alts, costs)]
    return [alt - base - cost for alt, cost in zip(alts, costs)]


def _gains(model: Model, window: tuple[list[str], list[str], list[str]], base: float, cands: list[list[str]],
           costs: list[float], quoted: bool) -> list[float]:
    """Per candidate: log10 P(window with cand) - log10 P(window as written, ``base``) - its length cost (and
    ``QUOTE_EXTRA`` less inside quotation marks)."""
    left, spun, right = window
    alts = model.window_scores(left, cands, right)
    if FREQ_WEIGHT:
        alts = [alt - FREQ_WEIGHT * (sum(model.prob((w,)) for w in cand) - sum(model.prob((w,)) for w in spun))
                for alt, cand in zip(alts, cands)]
    return _gain_terms(alts, base, costs, quoted)


def _could_win(model: Model, windows: list[tuple[tuple[list[str], list[str], list[str]], bool]],
               bases: list[float], split: list[list[str]], costs: list[float], margin: float) -> list[int]:
    """The candidates (indices) whose mean gain over the occurrences ``windows`` may reach ``margin``.

    A window's score is a sum of log probabilities, each at most 0, so its first term alone (the
    candidate's first word after the left context) bounds it from above; a gain, and a mean of gains,
    computed from that bound in the same order of operations bounds the true one (rounding is
    monotonic). A candidate whose bound stays under ``margin`` can be neither chosen nor beat one
    that reaches it: its other terms, two thirds of the model's queries, are never asked for.
    """
    if FREQ_WEIGHT:  # the frequency discount can raise a gain: no bound
        return list(range(len(split)))
    firsts = [c[0] for c in split]
    sums: list[float] | None = None
    for ((left, _spun, _right), quoted), base in zip(windows, bases):
        gains = _gain_terms(model.next_word_scores(left, firsts), base, costs, quoted)
        sums = gains if sums is None else [s + g for s, g in zip(sums, gains)]
    n = len(windows)
    return [c for c, s in enumerate(sums or ()) if s / n >= margin]


def suggest(tokens: list[Token], text: str, th: Thesaurus, model: Model,
            protected: Iterable[int] = (), margin: float = MARGIN) -> list[Suggestion]:
    words = [t.lower for t in tokens]
    present = set(words)
    low_text = text.lower()
    blocked = set(protected)
    seq, pos = _seq(tokens)
    # spun key -> the candidates the model can score, their words, their length costs and the window
    # of each occurrence; key -> occurrences (i, j). Keys without such candidates are left out of
    # ``plans``; a key always has the same candidates.
    plans: dict[tuple[str, ...], tuple[tuple[str, ...], list[list[str]], list[float], list]] = {}
    occ: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    # Only a word that starts some thesaurus key can have entries (tested in C over all words).
    for i in compress(count(), map(th.starts.__contains__, words)):
        t = tokens[i]
        if i in blocked or (t.capitalised and not t.brk) or not t.text[:1].isalpha():
            continue  # a capitalised word inside a sentence is a name ("U.S. Navy", "Battle Creek")
        entries = th.lookup(words, i)
        if not entries:
            continue
        for key, cands in entries:
            k = len(key)
            if k > 1:  # (one word: token i itself, tested above)
                span = tokens[i:i + k]
                if any(s.brk for s in span[1:]) or any(i + d in blocked for d in range(k)):
                    continue
                if any(s.capitalised for s in span[1:]):
                    continue
            occ[key].append((i, i + k))
            state = plans.get(key)
            if state is None:
                names, split = model.scorable(cands)
                if not names:
                    continue
                state = plans[key] = (names, split, [LENGTH_COST * (k - len(c)) for c in split], [])
            state[3].append((_window(seq, pos[i], k), t.quoted))
    out: list[Suggestion] = []
    for key, (names, split, costs, windows) in plans.items():
        n = len(occ[key])
        bases = [model.window_scores(left, [spun], right)[0] for (left, spun, right), _ in windows]  # as written
        keep = _could_win(model, windows, bases, split, costs, margin)
        if not keep:
            continue
        kept_split, kept_costs = [split[c] for c in keep], [costs[c] for c in keep]
        rows = [_gains(model, window, base, kept_split, kept_costs, quoted)
                for (window, quoted), base in zip(windows, bases)]
        best, best_mean, best_gains = None, float("-inf"), ()
        for c, gs in zip((names[c] for c in keep), zip(*rows)):  # a candidate's gains over the occurrences
            mean = sum(gs) / n
            if mean <= best_mean:
                continue  # the penalty only lowers it (the presence test is the costly part)
            mean -= PRESENT_PENALTY if c in present or (" " in c and c in low_text) else 0.0
            if mean > best_mean:
                best, best_mean, best_gains = c, mean, gs
        if best is None or best_mean < margin:
            continue
        for (i, j), g in zip(occ[key], best_gains):
            if g <= 0:
                continue  # this occurrence reads better as it is
            before = text[tokens[i].start:tokens[j - 1].end]
            out.append(Suggestion(i, j, tokens[i].start, tokens[j - 1].end, before,
                                  match_case(before, best), best_mean, n))
    # Overlapping keys ("calls for" and "calls"): keep the larger gain.
    out.sort(key=lambda s: -s.gain)
    taken: set[int] = set()
    kept = []
    for s in out:
        if taken.isdisjoint(range(s.i, s.j)):
            kept.append(s)
            taken.update(range(s.i, s.j))
    return sorted(kept, key=lambda s: s.start)
