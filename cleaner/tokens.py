"""A small, fast tokenizer for prose: word-like runs with their offsets and kind.

Contractions and possessives with straight or curly apostrophes are one word
("didn’t", "Kremlin’s"); hyphenated compounds, numbers, abbreviations with dots,
URLs, e-mail addresses, @handles and #tags are tokens of their own kinds, so a
dictionary check can skip them. Punctuation and space are not tokens.

>>> [(t.text, t.kind) for t in tokenize("Kuleba didn’t say it: de-escalation, 48 hours, U.S. aid")]
[('Kuleba', 'word'), ('didn’t', 'word'), ('say', 'word'), ('it', 'word'), ('de-escalation', 'compound'), ('48', 'number'), ('hours', 'word'), ('U.S', 'abbrev'), ('aid', 'word')]
>>> [(t.text, t.kind) for t in tokenize("See https://x.org/a?b=1, mail a.b@c.com or @user #tag")]
[('See', 'word'), ('https://x.org/a?b=1', 'url'), ('mail', 'word'), ('a.b@c.com', 'email'), ('or', 'word'), ('@user', 'handle'), ('#tag', 'tag')]
>>> text = "The Kremlin's plan"
>>> [text[t.start:t.end] for t in tokenize(text)]
['The', "Kremlin's", 'plan']
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

import regex

# Order matters: the specific kinds first, then any run of letters/digits with inner ’ ' - . joins.
_TOKEN = regex.compile(r"""
    (?P<url>(?:https?://|www\.)[^\s<>"“”]*[\w/])
  | (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
  | (?P<handle>(?<![\w@])@\w+)
  | (?P<tag>(?<![\w\#])\#\w+)
  | (?P<run>[\p{L}\p{M}\p{N}]+(?:[’'\-.][\p{L}\p{M}\p{N}]+)*)
""", regex.X)
_HAS_DIGIT = regex.compile(r"\p{N}")


class Token(NamedTuple):
    start: int
    end: int
    text: str
    # word | compound (hyphenated) | number (has a digit) | abbrev (inner dot) | url | email | handle | tag
    kind: str


def _kind(m: regex.Match) -> str:
    kind = m.lastgroup
    if kind != "run":
        return kind
    w = m.group(0)
    if _HAS_DIGIT.search(w):
        return "number"
    if "-" in w:
        return "compound"
    if "." in w:
        return "abbrev"
    return "word"


def iter_tokens(text: str) -> Iterator[Token]:
    for m in _TOKEN.finditer(text):
        yield Token(m.start(), m.end(), m.group(0), _kind(m))


def tokenize(text: str) -> list[Token]:
    return list(iter_tokens(text))


def words(text: str) -> list[str]:
    """The plain words (kind ``word``) of a text, without building tokens: the fast path.

    >>> words("It’s 5 o'clock at www.x.com, de-facto")
    ['It’s', "o'clock", 'at']
    """
    return [m.group(0) for m in _TOKEN.finditer(text) if _kind(m) == "word"]
