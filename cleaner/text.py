"""Small text helpers shared by the stages: lines with their offsets."""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Iterator, NamedTuple, Sequence

# A line and its break; stdlib `re` is enough here and faster than `regex` for it.
_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\n|\r|$)")
_BREAK = re.compile(r"\r\n|\r|\n")


class Line(NamedTuple):
    """One line of a text: ``text`` excludes the line break, ``end`` includes it.

    A named tuple (immutable, and several times cheaper to build than a frozen
    dataclass: documents have thousands of lines and every stage walks them).
    """

    index: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def iter_lines(text: str) -> Iterator[Line]:
    """Yield every line with offsets.

    >>> [(l.start, l.end, l.text) for l in iter_lines("a\\n\\nb")]
    [(0, 2, 'a'), (2, 3, ''), (3, 4, 'b')]
    """
    n = len(text)
    if "\r" in text:
        for i, m in enumerate(_LINE.finditer(text)):
            start, end = m.span()
            if start == n:
                break
            yield Line(i, start, end, m.group(1))
        return
    # Only "\n" breaks (most texts): str.split finds them faster than a regex.
    start = 0
    for i, s in enumerate(split_lines(text)):
        end = start + len(s) + 1
        yield Line(i, start, min(end, n), s)
        start = end


def split_lines(text: str) -> list[str]:
    """The ``text`` of each line :func:`iter_lines` yields, without building the lines.

    >>> split_lines("a\\r\\n\\rb\\n"), split_lines("")
    (['a', '', 'b'], [])
    """
    lines = text.split("\n") if "\r" not in text else _BREAK.split(text)
    if lines[-1] == "":  # the text ends with a break (or is empty): no line after it
        lines.pop()
    return lines


class Lines(Sequence[Line]):
    """The lines of a text, as :func:`iter_lines` yields them, each built when it is read:
    a caller that looks at a few lines (the boilerplate stage's edits) does not build the rest.

    >>> ls = Lines("a\\n\\nb")
    >>> len(ls), ls[2], list(ls) == list(iter_lines("a\\n\\nb"))
    (3, Line(index=2, start=3, end=4, text='b'), True)
    """

    def __init__(self, text: str, texts: list[str] | None = None):
        """``texts``: ``split_lines(text)`` where the caller has it."""
        self._texts = split_lines(text) if texts is None else texts
        if "\r" in text:
            self._starts = [l.start for l in iter_lines(text)]
        else:
            self._starts = list(accumulate(map((1).__add__, map(len, self._texts[:-1])), initial=0))
        # A line ends where the next one starts; the last one at the end of the text.
        self._ends = self._starts[1:] + [len(text)]

    def __len__(self) -> int:
        return len(self._texts)

    def __getitem__(self, i: int) -> Line:  # type: ignore[override]
        if i < 0:
            i += len(self._texts)
        if i < 0:
            raise IndexError(i)
        return Line(i, self._starts[i], self._ends[i], self._texts[i])  # IndexError past the end
