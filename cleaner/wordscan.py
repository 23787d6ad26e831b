"""One C-speed pass over a document's ASCII words, shared by the stages that look words up.

The spin stage (vocabulary gate, fingerprint pre-check) and the spelling stage (dictionary check) each
need the document's words as cheap tokens. :func:`scan` makes them once: one ``bytes.translate`` and
``split`` for the list, one ``frozenset`` for the distinct words (which also computes each word's hash
once for every later lookup). The last result is kept for the same ``str`` object, so when spin changes
nothing, spelling (which then gets the very same text object from the pipeline) reads the same scan.

>>> text = "Don’t stop the U.S. Navy's well-known café!"
>>> s = scan(text)
>>> s.words
[b'Don', b't', b'stop', b'the', b'U', b'S', b'Navy', b's', b'well', b'known', b'caf']
>>> s.distinct == set(s.words), scan(text) is s
(True, True)
"""

from __future__ import annotations

from typing import NamedTuple

# ASCII letters kept; everything else, non-ASCII bytes included, a separator: no word the stages look
# up this way has a non-ASCII letter, so "café" may as well read "caf", and curly quotes and dashes
# separate words.
_LETTER_BYTES = bytes(c if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))


class Words(NamedTuple):
    """A document's maximal runs of ASCII letters, as written, as bytes (read-only: shared)."""

    words: list[bytes]
    distinct: frozenset[bytes]
    # The text as UTF-8 (a Kelvin sign as "K"), and the same bytes with every byte that is not an ASCII
    # letter a space, with one space added before: b" " + run is found there exactly where a run
    # starts, at the offset where it starts in ``utf8`` (a space after it tells that it is whole).
    utf8: bytes
    letters: bytes


# (text, its scan) for the last text scanned. Replaced whole (one assignment), so a thread reading it
# sees a consistent pair.
_last: tuple[str, Words] | None = None


def scan(text: str) -> Words:
    """The runs of ASCII letters of ``text``, as written.

    The Kelvin sign is the one non-ASCII character whose lower case is an ASCII letter: it reads "K".
    """
    global _last
    last = _last
    if last is not None and last[0] is text:
        return last[1]
    t = text.replace("\u212a", "K") if "\u212a" in text else text
    utf8 = t.encode("utf-8", "surrogatepass")
    letters = utf8.translate(_LETTER_BYTES)
    words = letters.split()
    out = Words(words, frozenset(words), utf8, b" " + letters + b" ")
    _last = (text, out)
    return out


def cased(word: str) -> tuple[bytes, ...]:
    """The ways a lower-case word is written in prose, as bytes: as is, Capitalised, in CAPITALS.

    Lookups keyed by these find a word in :func:`scan`'s words whatever its case but a mixed one
    ("iPhone", "McCain", "WHite").

    >>> cased("navy")
    (b'navy', b'Navy', b'NAVY')
    """
    b = word.encode()
    return tuple(dict.fromkeys((b, b.capitalize(), b.upper())))
