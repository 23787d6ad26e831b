"""What counts as a word: pyspellchecker's dictionary and wordfreq's frequencies, loaded once.

Both are loaded lazily (about a second together) and cached for the process.
Keys are lower-case with straight apostrophes.

>>> zipf("the") > 7 and zipf("kuleba") == 0.0
True
>>> in_dictionary("aardvark"), in_dictionary("goverment")
(True, False)
>>> known("didn’t"), known("kremlin’s"), known("goverment"), known("sourcerussian")
(True, True, False, False)
>>> known("organisers"), known("sceptical"), known("recognising")
(True, True, True)
"""

from __future__ import annotations

import math
from functools import lru_cache

# A word this common in wordfreq is a word (wordfreq also counts frequent misspellings such as
# "teh" 3.0, "goverment" 2.7, "definately" 2.9, so the bar sits above them).
KNOWN_ZIPF = 3.3
# Suffixes after an apostrophe whose head is checked on its own ("Putin’ll", "government’s").
CLITICS = ("s", "ll", "re", "ve", "d", "m")


@lru_cache(maxsize=1)
def frequencies() -> dict[str, float]:
    """wordfreq's English frequencies (word -> share of all words), loaded once (read-only: shared)."""
    import wordfreq

    freqs = wordfreq.get_frequency_dict("en")  # cached by wordfreq too
    # wordfreq also keeps the list it built the dict from: ~800 lists of 300k words that the garbage
    # collector would walk on each full collection, and that nothing here reads again.
    wordfreq.get_frequency_list.cache_clear()
    return freqs


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, None]:
    """pyspellchecker's English words, as the keys of a plain dict of None: a dict of strings and
    None is never tracked by the garbage collector, unlike the checker's own Counter (whose 160k
    entries each full collection walked), which is dropped."""
    from spellchecker import SpellChecker

    return dict.fromkeys(SpellChecker(distance=1).word_frequency.dictionary)


def norm(word: str) -> str:
    """The lookup key: lower case, straight apostrophes."""
    return word.lower().replace("’", "'")


def zipf(key: str) -> float:
    """wordfreq's Zipf frequency of a key (0.0 when unknown): log10 of occurrences per billion words."""
    f = frequencies().get(key)
    return math.log10(f) + 9.0 if f else 0.0


def in_dictionary(key: str) -> bool:
    return key in _dictionary()


def _known_key(key: str) -> bool:
    return key in _dictionary() or zipf(key) >= KNOWN_ZIPF


# British spellings of American dictionary words (pyspellchecker's English is American).
_BRITISH = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"), ("ises", "izes"),
            ("iser", "izer"), ("isers", "izers"), ("our", "or"), ("ours", "ors"), ("oured", "ored"),
            ("ouring", "oring"), ("yse", "yze"), ("ysed", "yzed"), ("tre", "ter"), ("tres", "ters"),
            ("ogue", "og"), ("ogues", "ogs"), ("ence", "ense"), ("lled", "led"), ("lling", "ling"))


def _american(key: str) -> str | None:
    """The American spelling of a British one, if the American one is a dictionary word.

    >>> _american("organisers"), _american("vigour"), _american("centre"), _american("goverment")
    ('organizers', 'vigor', 'center', None)
    """
    if key.startswith("scep"):
        key = "skep" + key[4:]
        if key in _dictionary():
            return key
    for gb, us in _BRITISH:
        if key.endswith(gb):
            cand = key[: -len(gb)] + us
            if cand in _dictionary():
                return cand
    return None


@lru_cache(maxsize=1 << 18)
def known(word: str) -> bool:
    """A dictionary word, a common word, a British spelling, or a contraction/possessive of one."""
    key = norm(word)
    if _known_key(key) or _american(key):
        return True
    head, sep, tail = key.rpartition("'")
    return bool(sep) and tail in CLITICS and (_known_key(head) or bool(_american(head)))


def plain_known_words() -> frozenset[bytes]:
    """Every lower-case ASCII word of the dictionary or common enough in wordfreq, as UTF-8: each one a
    word :func:`known` says yes to (the same two tests), for callers that look words up by the thousand."""
    words = {w for w in _dictionary() if w.isascii() and w.isalpha() and w.islower()}
    words.update(w for w in frequencies() if w.isascii() and w.isalpha() and w.islower() and zipf(w) >= KNOWN_ZIPF)
    return frozenset(w.encode() for w in words)


def warm() -> None:
    """Load both resources now (e.g. before timing)."""
    frequencies()
    _dictionary()
