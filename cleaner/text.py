"""Small text helpers shared by the stages: lines with their offsets."""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

# A line and its break; stdlib `re` is enough here and faster than `regex` for it.
_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\n|\r|$)")


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
    for i, m in enumerate(_LINE.finditer(text)):
        start, end = m.span()
        if start == n:
            break
        yield Line(i, start, end, m.group(1))

