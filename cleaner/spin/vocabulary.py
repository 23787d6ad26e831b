"""Spinner vocabulary: a cheap first look that decides whether the context scan is worth its cost.

A spinner moves probability from common words to their thesaurus synonyms: "said" becomes rarer,
"stated", "mentioned" and "instructed" commoner. Under a simple model of such a spinner (each word that
has synonyms is replaced with probability ``RATE`` by one of them, uniformly), a word's log-likelihood
ratio is ``log10(P_spun(w) / P(w))`` with ``P`` from wordfreq and the synonym groups of
``wordlists/spin_candidates.tsv``; the document's *vocabulary score* is their mean over the words that
have one, shrunk towards 0 by ``PRIOR_WORDS`` pseudo-words. Clean news scores below 0 (its common words
are there, unspun); spun text scores higher.

The score alone separates clean news from spun text too weakly to judge a document (see docs/spin.md),
but it is cheap (one pass of the shared word scan, :mod:`cleaner.wordscan`, over the document's words),
so the stage uses it as a gate: the context scan (hundreds of 3-gram queries, :mod:`.evidence`) runs only
on documents scoring at least ``GATE``.

>>> clean = ("Top officials said on Thursday that they see hope for a deal, and the foreign minister told "
...          "reporters at a news conference that talks would go on next week.")
>>> spun = ("Prime officers stated on Thursday that they view wish for a bargain, and the overseas minister "
...         "instructed reporters at an information convention that talks would move on subsequent week.")
>>> score(scan(clean)) < GATE <= score(scan(spun))
True

Words are read as written in prose: in lower case, Capitalised or in CAPITALS (a word in mixed case,
"iPhone", "McCain", is not a table word).
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import lru_cache

from cleaner.wordlists import load
from cleaner.wordscan import RunTable, Words, cased, scan  # noqa: F401 (scan: doctest)

# The modelled spinner replaces this share of the words it can replace.
RATE = 0.5
# Each word's log10 ratio is clipped to +-CLIP (one rare word must not decide a document).
CLIP = 3.0
# Pseudo-words of ratio 0 added to the mean (a short text needs more words to score high).
PRIOR_WORDS = 20
# The context scan runs from this score up. Set on the calibration half (even-numbered clean articles and
# their copies spun by the bench's Moby test spinner, tools/spin_calibrate.py): the lowest spun copy
# scored -0.011 and the highest clean article or extractor output -0.020; the gate sits 0.02 under
# the lowest spun copy, so the scan runs on every calibration spun copy and on about 1 in 12 clean texts.
GATE = -0.03


@lru_cache(maxsize=1)
def ratios() -> dict[bytes, float]:
    """Word (bytes, in each of its :func:`~cleaner.wordscan.cased` forms) -> clipped log10 P_spun(w) / P(w),
    for the words of the shipped candidate table."""
    from cleaner.spelling.lexicon import frequencies

    freq = frequencies()
    floor = 1e-9  # a word wordfreq does not know is rarer than any it does
    cands: dict[str, list[str]] = {}
    for spun, cs, _tier in load("spin_candidates.tsv").rows:
        if " " not in spun:
            cands[spun] = [c for c in cs.split("|") if " " not in c]
    group = defaultdict(int)  # original word -> how many synonyms the spinner may put for it
    for cs in cands.values():
        for h in cs:
            group[h] += 1
    out = {}
    for w in set(cands) | set(group):
        p = freq.get(w, floor)
        kept = (1.0 - RATE) * p if group.get(w) else p
        spun = RATE * sum(freq.get(h, floor) / group[h] for h in cands.get(w, ()))
        r = max(-CLIP, min(CLIP, math.log10((kept + spun) / p)))
        for form in cased(w):
            out[form] = r
    return out


@lru_cache(maxsize=1)
def ratio_table() -> RunTable:
    return RunTable(ratios())


def score(scanned: Words) -> float:
    """The vocabulary score of a document's :func:`~cleaner.wordscan.scan`: its words are runs of ASCII
    letters as written ("Don’t" is "Don" and "t")."""
    n, total = scanned.total(ratio_table())  # this runs on every document
    return round(total / (n + PRIOR_WORDS), 4)
