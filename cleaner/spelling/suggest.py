"""Corrections for a non-word, offered only when one candidate is clearly best.

Two searches, both cached per word (a batch repeats its non-words):

* a typo: candidates one edit away (deletions, transpositions, substitutions,
  insertions), kept if in pyspellchecker's dictionary and common in wordfreq; the best must be far
  more frequent than the runner-up and than the non-word itself;
* glued words: a split into two common words ("sourcerussian" -> "source russian").

>>> typo("goverment"), typo("seperate"), typo("ulema"), typo("blinken")
('government', 'separate', None, None)
>>> glued("sourcerussian"), glued("inthe"), glued("goverment")
('source russian', 'in the', None)
>>> camel_glued("saidPutin"), camel_glued("iPhone"), camel_glued("getElementById")
('said Putin', None, None)
"""

from __future__ import annotations

from functools import lru_cache

import regex

from cleaner.spelling.lexicon import KNOWN_ZIPF, frequencies, in_dictionary, zipf

# A typo candidate must be at least this common (Zipf 3 = once per million words) ...
CAND_ZIPF = 3.0
# ... at least this much (log10) more common than the next candidate ...
MARGIN = 1.5
# ... and than the non-word itself (wordfreq knows frequent misspellings).
OVER_WORD = 1.5
# A half of a glued word: 3+ letters and this common, or a very common short word.
HALF_ZIPF = 3.5
SHORT_HALF_ZIPF = 5.0
SHORT_HALVES = frozenset({"a"})
_CAMEL = regex.compile(r"([a-z]{2,})([A-Z][a-z]+|[A-Z]{2,})")
# A glued word unknown to wordfreq (below this) is new; common gluings ("inthe" 2.6) need a function word.
GLUE_WORD_ZIPF = 1.0
CONTENT_HALF = 4
FUNCTION_WORDS = frozenset(
    "a an and are as at be but by for from had has have he her his if in into is it its not of on or our"
    " she than that the their them they this to was we were what when which who will with would you".split())
# Word formation: a known word behind a prefix or before a suffix is a derivation, not a typo
# ("uncited", "rebranded", "megabanks", "stoners").
PREFIXES = ("anti", "auto", "bio", "co", "counter", "cross", "cyber", "de", "dis", "eco", "electro", "geo",
            "hyper", "inter", "macro", "mega", "micro", "mid", "mis", "multi", "neo", "non", "out", "over",
            "post", "pre", "pro", "re", "self", "semi", "sub", "super", "tele", "ultra", "un", "under")
SUFFIXES = ("able", "d", "ed", "er", "ers", "es", "ful", "ing", "ism", "ist", "ists", "ize", "ized", "less",
            "like", "long", "ly", "ness", "s", "ship", "wide")


_LETTERS = "abcdefghijklmnopqrstuvwxyz'"


def edits1(word: str) -> set[str]:
    """Strings one deletion, transposition, substitution or insertion away (pyspellchecker's
    ``edit_distance_1`` over ASCII letters and the apostrophe only: our candidates are ASCII).

    >>> sorted(w for w in edits1("teh") if w in {"the", "ten", "tech", "eh"})
    ['eh', 'tech', 'ten', 'the']
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    out.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS)
    out.update(a + c + b for a, b in splits for c in _LETTERS)
    return out


@lru_cache(maxsize=65536)
def derived(key: str) -> bool:
    """A prefix or suffix on a dictionary word: a real word the dictionary lacks.

    >>> derived("uncited"), derived("megabanks"), derived("stoners"), derived("goverment")
    (True, True, True, False)
    """
    for p in PREFIXES:
        if key.startswith(p) and len(key) - len(p) >= 3 and in_dictionary(key[len(p):]):
            return True
    for s in SUFFIXES:
        stem = key[:-len(s)]
        if key.endswith(s) and len(stem) >= 3 and (in_dictionary(stem) or (s[0] in "aeiou" and in_dictionary(stem + "e"))):
            return True
    return False


def _candidate_ok(c: str) -> bool:
    # "didnt" -> "didn't" is a candidate; "'tis"-like edge apostrophes are not.
    if not c.replace("'", "").isalpha() or c[0] == "'" or c[-1] == "'":
        return False
    return zipf(c) >= CAND_ZIPF and (in_dictionary(c) or zipf(c) >= KNOWN_ZIPF)


@lru_cache(maxsize=1)
def _candidate_words() -> frozenset[str]:
    """Every string :func:`_candidate_ok` says yes to: it needs a Zipf frequency of ``CAND_ZIPF``, so
    it is one of wordfreq's words. Built once (the frequency bar first, cheaply, with room for rounding),
    so that a non-word's hundreds of edits are tested by one set intersection."""
    floor = 10 ** (CAND_ZIPF - 9.0) * 0.99
    return frozenset(w for w, f in frequencies().items() if f >= floor and _candidate_ok(w))


def _candidates(key: str) -> set[str]:
    """The strings one edit away from ``key`` that are candidates for it."""
    out = edits1(key) & _candidate_words()
    out.discard(key)
    return out


@lru_cache(maxsize=65536)
def near(key: str) -> bool:
    """Whether any common word is one edit away (then a split is not the only reading: "teaher")."""
    return bool(_candidates(key))


@lru_cache(maxsize=65536)
def typo(key: str) -> str | None:
    """The clearly best single-edit correction of a lower-case non-word, or None."""
    if derived(key):
        return None
    cands = sorted(((zipf(c), c) for c in _candidates(key)), reverse=True)
    if not cands:
        return None
    best_z, best = cands[0]
    if (key[0] == "a" and best == key[1:]) or (key[-1] == "a" and best == key[:-1]):
        return None  # "astroll", "ofa": an article glued on, as likely as a stray letter
    if len(cands) > 1 and best_z - cands[1][0] < MARGIN:
        return None
    if best_z - zipf(key) < OVER_WORD:
        return None
    return best


def _half_ok(h: str) -> bool:
    if len(h) >= 3:
        return zipf(h) >= HALF_ZIPF and in_dictionary(h)
    return zipf(h) >= SHORT_HALF_ZIPF and (len(h) == 2 or h in SHORT_HALVES)


def _glue_ok(left: str, right: str, new: bool) -> bool:
    if len(left) == 1:
        # "aspecial" is "a special", but "hea" is more likely "head" than "he a".
        return len(right) >= CONTENT_HALF
    if len(right) == 1:
        return False  # "novela": "novels" or "novel a"? Too often a typo.
    if left in FUNCTION_WORDS or right in FUNCTION_WORDS:
        return True
    # Two content words: only in a word wordfreq has never seen, and no short half ("adscan").
    return new and len(left) >= CONTENT_HALF and len(right) >= CONTENT_HALF


@lru_cache(maxsize=65536)
def glued(key: str) -> str | None:
    """The clearly best split of a lower-case non-word into two common words, or None.

    New compounds ("cutscene", "weeklong") are not glued words: the word must be unknown to
    wordfreq, or one half a function word ("inthe"), and not a derivation. (The stage also
    drops a split when a common word is one edit away: "teaher" is "teacher", not "tea her".)
    """
    if derived(key):
        return None
    new = zipf(key) < GLUE_WORD_ZIPF
    splits = sorted(((min(zipf(key[:i]), zipf(key[i:])), key[:i], key[i:]) for i in range(1, len(key))
                     if _half_ok(key[:i]) and _half_ok(key[i:]) and _glue_ok(key[:i], key[i:], new)), reverse=True)
    if not splits or (len(splits) > 1 and splits[0][0] - splits[1][0] < MARGIN):
        return None
    return f"{splits[0][1]} {splits[0][2]}"


def camel_glued(word: str, names: frozenset[str] | set[str] = frozenset()) -> str | None:
    """A lower-case word glued to a capitalised one ("saidPutin"), when both halves are words.

    The capitalised half must be a common word or one of ``names`` (e.g. the capitalised words
    the document has elsewhere).

    >>> camel_glued("saidSanjiv"), camel_glued("saidSanjiv", {"Sanjiv"})
    (None, 'said Sanjiv')
    """
    m = _CAMEL.fullmatch(word)
    if not m:
        return None
    left, right = m.groups()
    # An acronym half ("newABC") only when the document has it on its own ("watchOS" is a name).
    common = not right.isupper() and zipf(right.lower()) >= CAND_ZIPF
    if not _half_ok(left) or not (common or right in names):
        return None
    return f"{left} {right}"
