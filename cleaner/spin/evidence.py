"""Context evidence of spin: how much better a thesaurus candidate fits than the word that is there.

A spinner puts thesaurus synonyms where the original words stood, regardless of sense; the 3-gram
model then finds, at many places, a candidate original that fits its window far better than the
word in the text ("officers *stated* Thursday" vs "officials *said*"). In clean news the written
word is usually the one that fits best. The document's *context gain* is the mean, over sampled
sites, of ``log10 P(window with best candidate) - log10 P(window as written)``, each site clipped
to [-2, 4], shrunk towards 0 for short documents (``PRIOR_SITES`` pseudo-sites of gain 0).

A *site* is a lower-case word (or a capitalised one opening a sentence: names inside a sentence are
not sites) that is a key of ``wordlists/spin_candidates.tsv`` and no function word; its candidates
are the first ``CANDIDATES`` one-word entries the model knows (the table lists the most frequent
first). At most ``MAX_SITES`` sites are scored, spread evenly over the document, so the cost per
document is bounded and the result depends on the text alone; a document whose first third of
them shows no evidence stops there (``EXIT_GAIN``). Words are read by one regular
expression over the text (no token objects). The stage runs it only where the vocabulary gate
(:mod:`.vocabulary`) lets a document through.

>>> from cleaner.spin.lm import get_model
>>> clean = ("Top officials said on Thursday that they see hope for a deal, and the foreign "
...          "minister told reporters at a news conference that talks would go on next week.")
>>> spun = ("Prime officers stated on Thursday that they view wish for a bargain, and the overseas "
...         "minister instructed reporters at an information convention that talks would move on subsequent week.")
>>> gain(clean, get_model()).mean < 0.3 < gain(spun, get_model()).mean   # doctest: +SKIP
True
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from functools import lru_cache
from itertools import compress, count

import regex

from cleaner.spin.lm import LOG10_PER_UNIT as UNIT
from cleaner.wordlists import load

# Sites scored per document at most (spread evenly). Calibrated on half the clean articles: 64 sites
# separate clean from spun about as well as all sites at a fraction of the cost.
MAX_SITES = 64
# Candidates tried per site (the table's most frequent first).
CANDIDATES = 6
# Each site's gain is clipped to this range (one odd name or idiom must not decide a document).
CLIP = (-2.0, 4.0)
# Pseudo-sites of gain 0 added to the mean: a short text needs more evidence per site.
PRIOR_SITES = 8
# Early exit: after the first third of the sampled sites, a mean below this is settled as clean (on the
# calibration half no Moby-spun article was below 0.58 there; clean news is about 0).
EXIT_GAIN = 0.15

# A word, or a break the 3-gram context stops at (as cleaner.spin.tokens): sentence and clause ends.
_WORD_OR_BREAK = regex.compile(
    r"[\p{L}\p{M}]+(?:['\-.][\p{L}\p{M}]+)*|\p{N}+(?:[.,:]\p{N}+)*|[.!?;:()\[\]\n\r—–]|(?<!\p{L})-(?!\p{L})")
# The same tokens for text of ASCII and caseless punctuation only (most news): there \p{L} is [A-Za-z],
# \p{N} is [0-9] and \p{M} is empty, and the standard `re` engine finds them faster.
_WORD_OR_BREAK_PLAIN = re.compile(
    r"[A-Za-z]+(?:['\-.][A-Za-z]+)*|[0-9]+(?:[.,:][0-9]+)*|[.!?;:()\[\]\n\r—–]|(?<![A-Za-z])-(?![A-Za-z])")
_NOT_PLAIN = re.compile("[^\x00-\x7f“”‘—–…]")
BREAKS = frozenset(".!?;:()[]\n\r—–-")
STOP = frozenset("""a an the and or but nor of to in on at by for with from as into than then that this these
those is are was were be been being am has have had do does did it its he she they we i you his her their our my
your him them us me who whom whose which what where when why how not no if so there here will would can could
may might shall should must all any some each every such also just very too only one""".split())


@dataclass(frozen=True, slots=True)
class Gain:
    mean: float  # shrunk mean clipped gain, log10; about 0 or below for clean news
    sites: int  # sites scored
    eligible: int  # sites in the document (scored or not)
    strong: int  # scored sites with a gain >= 2 log10 (a candidate 100 times likelier)


NO_GAIN = Gain(0.0, 0, 0, 0)


@lru_cache(maxsize=2)
def site_candidates(k: int = CANDIDATES) -> dict[str, tuple[str, ...]]:
    """Spun word -> its first ``k`` one-word candidates the model knows (shipped table only)."""
    from cleaner.spin.lm import get_model

    model = get_model()
    if model is None:
        return {}
    out = {}
    for spun, cands, _tier in load("spin_candidates.tsv").rows:
        if " " in spun or spun in STOP or not model.known(spun):
            continue
        cs = tuple(c for c in cands.split("|") if " " not in c and model.known(c))[:k]
        if cs:
            out[spun] = cs
    return out


def sequence(text: str) -> list[str]:
    """Words and breaks, in text case (apostrophes straightened); a break is one character of ``BREAKS``.

    >>> sequence("Officials met Ann Lee. They said 2 things")
    ['Officials', 'met', 'Ann', 'Lee', '.', 'They', 'said', '2', 'things']
    """
    text = text.replace("’", "'")
    if _NOT_PLAIN.search(text) is None:
        return _WORD_OR_BREAK_PLAIN.findall(text)
    return _WORD_OR_BREAK.findall(text)


def sites_of(seq: list[str], low: list[str], cands: dict) -> list[int]:
    """Positions that are sites: a candidate key, and not a capitalised word inside a sentence (a name).

    >>> seq = sequence("Officials said. The Battle Creek said")
    >>> sites_of(seq, [w.lower() for w in seq], {"said": ("told",), "battle": ("war",), "officials": ("x",)})
    [0, 1, 6]
    """
    # The key test runs in C over every word (map + compress); the name test only on the keys found.
    brk = BREAKS
    return [p for p in compress(count(), map(cands.__contains__, low))
            if not seq[p][:1].isupper() or p == 0 or seq[p - 1] in brk]


def words(text: str) -> tuple[list[str], list[str]]:
    """:func:`sequence` and its lower-case form."""
    seq = sequence(text)
    # Lower-cased in one C call (no token holds NUL, so the split restores the same count).
    low = "\0".join(seq).lower().split("\0") if seq else []
    return seq, low


def gain(text: str, model, max_sites: int = MAX_SITES, k: int = CANDIDATES) -> Gain:
    """The document's context gain (see the module docstring); ``NO_GAIN`` without a model."""
    if model is None:
        return NO_GAIN
    cands = site_candidates(k)
    seq, low = words(text)
    sites = sites_of(seq, low, cands)
    n = len(sites)
    if n > max_sites:
        sites = [sites[(j * n) // max_sites] for j in range(max_sites)]
    # The model's raw scores (integers, log base 1.0001) are summed and converted once; an unknown
    # neighbour gets the same floor for every alternative, so it cancels out of a difference.
    prob = model.raw_prob
    # Two rounds: every third sampled site first; a document whose first round is clearly clean stops
    # there (most clean news does), the rest go on to all sampled sites. The full mean is the same
    # sum over the same sites either way.
    first = sites[0::3]
    total, strong = _score(first, low, cands, prob)
    if total / (len(first) + PRIOR_SITES) < EXIT_GAIN:
        return Gain(round(total / (len(first) + PRIOR_SITES), 3), len(first), n, strong)
    rest = [p for j, p in enumerate(sites) if j % 3]
    t2, s2 = _score(rest, low, cands, prob)
    return Gain(round((total + t2) / (len(sites) + PRIOR_SITES), 3), len(sites), n, strong + s2)


def _score(sites: list[int], low: list[str], cands: dict, prob) -> tuple[float, int]:
    """Sum of clipped gains at ``sites``, and how many are strong (>= 2 log10)."""
    lo, hi = CLIP
    total, strong, last, brk = 0.0, 0, len(low) - 1, BREAKS
    for p in sites:
        w = low[p]
        l1 = low[p - 1] if p >= 1 and low[p - 1] not in brk else None
        l2 = low[p - 2] if l1 and p >= 2 and low[p - 2] not in brk else None
        r1 = low[p + 1] if p < last and low[p + 1] not in brk else None
        r2 = low[p + 2] if r1 and p + 1 < last and low[p + 2] not in brk else None
        # The window's log10 P from the site on; inlined (this loop is the stage's cost on clean text).
        best = base = None
        for x in (w,) + cands[w]:
            f = prob((x, l1, l2) if l2 else (x, l1) if l1 else (x,))
            if r1:
                f += prob((r1, x, l1) if l1 else (r1, x))
                if r2:
                    f += prob((r2, r1, x))
            if base is None:
                base = f
            elif best is None or f > best:
                best = f
        g = (best - base) * UNIT
        strong += g >= 2.0
        total += hi if g > hi else lo if g < lo else g
    return total, strong
