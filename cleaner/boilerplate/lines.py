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

import regex

_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}’'\-.]*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‛": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"',
                         "«": '"', "»": '"', "–": "-", "—": "-", "‐": "-", "\u00a0": " "})
# Decoration around a furniture line: arrows, bullets, pipes, colons, ellipses, trailing dots.
_EDGE = regex.compile(r"^[\s\p{Pd}|•·»›→>*:]+|[\s\p{Pd}|•·»›→<*:.…!]+$")
_SPACES = regex.compile(r"\s+")
# A sentence ends here: terminal punctuation, perhaps inside closing quotes or brackets.
_TERMINAL = regex.compile(r"[.!?…][\"'”’)\]]*$")


def unify(text: str) -> str:
    """Case-fold, straight quotes, plain dashes, single spaces: two copies of a paragraph
    that differ only in typography get the same string."""
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip().casefold()


def key(text: str) -> str:
    """The key a furniture table row or a repeated line is matched on: :func:`unify`
    without decoration at either edge."""
    return _EDGE.sub("", unify(text))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


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
