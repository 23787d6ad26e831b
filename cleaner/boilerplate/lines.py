"""Line features the boilerplate rules share: a normalised key, word counts, prose and caps tests.

>>> key("  Your email address will not be published. ")
'your email address will not be published'
>>> key("Fears grew after the Kremlin’s “demands”") == key("FEARS grew after the Kremlin's \\"demands\\"")
True
>>> is_prose("He said the talks would go on, and that was that.")
True
>>> is_prose("Related Articles")
False
>>> is_all_caps("RUSSIA SAYS SOME TROOPS LEAVING")
True
"""

from __future__ import annotations

import re

import regex

_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}’'\-.]*")
# The same words in ASCII text (no ASCII character is a mark; ’ is not ASCII): stdlib `re` is
# several times faster, and most lines are ASCII.
_ASCII_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-.]*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‛": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"',
                         "«": '"', "»": '"', "–": "-", "—": "-", "‐": "-", "\u00a0": " "})
# The same mapping as replacements: a line holds few of these characters, and `in` + `replace`
# per character beats `translate` with a dict (no target is itself a source, so order is free).
_QUOTE_PAIRS = tuple((chr(k), v) for k, v in _QUOTES.items())
# Decoration around a furniture line: arrows, bullets, pipes, colons, ellipses, trailing dots.
_EDGE = regex.compile(r"^[\s\p{Pd}|•·»›→>*:]+|[\s\p{Pd}|•·»›→<*:.…!]+$")
_EDGE_FIRST = regex.compile(r"[\s\p{Pd}|•·»›→>*:]")
_EDGE_LAST = regex.compile(r"[\s\p{Pd}|•·»›→<*:.…!]")
_SPACES = regex.compile(r"\s+")
# White space to `str.split()` but not to `\s`: where these occur, unify takes the regex path.
_SPLIT_ONLY = ("\x1c", "\x1d", "\x1e", "\x1f")
# A sentence ends here: terminal punctuation, perhaps inside closing quotes or brackets.
_TERMINAL = regex.compile(r"[.!?…][\"'”’)\]]*$")
_CLOSERS = "\"'”’)]"


def unify(text: str) -> str:
    """Case-fold, straight quotes, plain dashes, single spaces: two copies of a paragraph
    that differ only in typography get the same string.

    >>> print(unify("  Fears\u00a0grew —  the “KREMLIN’S”  "))
    fears grew - the "kremlin's"
    """
    for a, b in _QUOTE_PAIRS:
        if a in text:
            text = text.replace(a, b)
    if not text.isprintable() and any(c in text for c in _SPLIT_ONLY):
        return _SPACES.sub(" ", text).strip().casefold()
    # Elsewhere str.split() splits on exactly the characters of `\s`, and the join drops the edges.
    return " ".join(text.split()).casefold()


def key(text: str) -> str:
    """The key a furniture table row or a repeated line is matched on: :func:`unify`
    without decoration at either edge."""
    return key_of_unified(unify(text))


def key_of_unified(u: str) -> str:
    """:func:`key` of a string that :func:`unify` returned.

    >>> key_of_unified("» related: ...") , key_of_unified("leave a reply!") , key_of_unified("- . -")
    ('related', 'leave a reply', '')
    """
    if not u or _edge(_EDGE_FIRST, u[0]):
        return _EDGE.sub("", u)
    # No leading decoration (most lines): `_EDGE` then only strips the longest decorated tail, found
    # here a character at a time from the end instead of by a regex tried at every position.
    j = len(u)
    while j and _edge(_EDGE_LAST, u[j - 1]):
        j -= 1
    return u[:j]


_EDGE_SEEN: dict[tuple[object, str], bool] = {}


def _edge(pattern: regex.Pattern, c: str) -> bool:
    """Whether character ``c`` is in the class ``pattern`` (memoised: a dict lookup beats a regex call)."""
    seen = _EDGE_SEEN.get((pattern, c))
    if seen is None:
        seen = _EDGE_SEEN[(pattern, c)] = bool(pattern.match(c))
    return seen


def words(text: str) -> list[str]:
    return _ASCII_WORD.findall(text) if text.isascii() else _WORD.findall(text)


# Typography that separates words as a space does (none is a letter, mark, number or a word-inner
# character), and ’, word-inner like '. Replaced, most lines become ASCII for the fast count.
_COUNT_SAME = tuple((c, " ") for c in "“”‘„«»–—…\u00a0") + (("’", "'"),)


def word_count(text: str) -> int:
    """``len(words(text))``, cheaper on lines whose only non-ASCII characters are quotes and dashes.

    >>> word_count("“It’s over—really…” he said.") == len(words("“It’s over—really…” he said.")) == 5
    True
    """
    if not text.isascii():
        for a, b in _COUNT_SAME:
            if a in text:
                text = text.replace(a, b)
        if not text.isascii():
            return len(_WORD.findall(text))
    return len(_ASCII_WORD.findall(text))


def ends_sentence(text: str) -> bool:
    """Terminal punctuation at the end, perhaps inside closing quotes or brackets (``_TERMINAL``,
    read from the end instead of searched for at every position).

    >>> ends_sentence("He left.”  "), ends_sentence("He left"), ends_sentence("(See below.)")
    (True, False, True)
    """
    t = text.rstrip().rstrip(_CLOSERS)
    return bool(t) and t[-1] in ".!?…"


def is_prose(text: str, min_words: int = 8) -> bool:
    """A line of running text: enough words, some lower case, and a sentence end."""
    w = words(text)
    return len(w) >= min_words and any(c.islower() for c in text) and ends_sentence(text)


def is_all_caps(text: str) -> bool:
    """At least 90% of the letters upper case (and some letters to judge by)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


_SMALL = frozenset("a an and as at but by for from in into of on or per the to vs via with".split())


def is_title_case(text: str) -> bool:
    """Most words that are not small words start with a capital: 'Lakers Hold Off OKC in Overtime'."""
    ws = [w for w in words(text) if w.casefold() not in _SMALL and not w[0].isdigit()]
    return len(ws) >= 3 and sum(w[0].isupper() for w in ws) >= 0.8 * len(ws)
