"""Word tokens for the spin stage: spans, lower-case keys, sentence breaks, inside-quote flags.

>>> toks = tokenize('He said: "Chilly Battle." Then 2 left.')
>>> [(t.text, t.brk, t.quoted) for t in toks]
[('He', True, False), ('said', False, False), ('Chilly', True, True), ('Battle', False, True), ('Then', True, False), ('2', False, False), ('left', False, False)]
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# Words keep inner apostrophes, hyphens and dots ("Ukraine’s", "U.S", "pro-Russian"); numbers keep , and .
_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:[’'\-.][\p{L}\p{M}]+)*|\p{N}+(?:[.,:]\p{N}+)*|[{}|]")
# Between two tokens: a sentence or clause end (the language model's context stops there).
_BREAK = regex.compile(r"[.!?;:()\[\]\n\r—–]|(?<!\p{L})-(?!\p{L})")
_OPEN_Q = "“‘«"
_CLOSE_Q = "”’»"


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    lower: str
    brk: bool  # a sentence/clause break precedes this token
    quoted: bool  # inside quotation marks

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _quote_change(gap: str, quoted: bool) -> bool:
    for ch in gap:
        if ch in _OPEN_Q:
            quoted = True
        elif ch == "”" or ch == "»":
            quoted = False
        elif ch == '"':
            quoted = not quoted
    return quoted


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    pos, quoted = 0, False
    for m in _TOKEN.finditer(text):
        gap = text[pos:m.start()]
        if gap == " ":  # most gaps: a space, which changes no quote and is no break
            brk = not out
        else:
            quoted = _quote_change(gap, quoted)
            brk = not out or bool(_BREAK.search(gap))
        w = m.group(0)
        out.append(Token(m.start(), m.end(), w, w.lower().replace("’", "'"), brk, quoted))
        pos = m.end()
    return out


def quick_words(text: str) -> list[str]:
    """Lower-case word strings, as :func:`tokenize` would key them, without building tokens (fast path)."""
    return _TOKEN.findall(text.lower().replace("’", "'"))


def count_words(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if t.text not in "{}|")
