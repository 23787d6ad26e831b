"""Small text helpers shared by the stages: lines with their offsets, line deletions."""

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


def line_deletion_span(lines: list[Line], index: int) -> tuple[int, int]:
    """The span to delete so that removing ``lines[index]`` leaves no extra blank line.

    The line goes with its line break and, if it stood between blank separators,
    one separator too; the last line takes the break before it instead.

    >>> ls = list(iter_lines("a\\n\\nJUNK\\n\\nb\\n"))
    >>> "a\\n\\nJUNK\\n\\nb\\n"[slice(*line_deletion_span(ls, 2))]
    'JUNK\\n\\n'
    >>> ls = list(iter_lines("a\\n\\nJUNK\\n"))
    >>> "a\\n\\nJUNK\\n"[slice(*line_deletion_span(ls, 2))]
    '\\n\\nJUNK'
    """
    line = lines[index]
    nxt = lines[index + 1] if index + 1 < len(lines) else None
    prev = lines[index - 1] if index > 0 else None
    if nxt is not None:
        if nxt.blank and (prev is None or prev.blank):
            return line.start, nxt.end
        return line.start, line.end
    if prev is None:
        return line.start, line.end
    # Last line: take the break before it (and a blank separator line) instead,
    # keeping the text of the line before.
    keep = prev
    if prev.blank and index > 1:
        keep = lines[index - 2]
    return keep.start + len(keep.text), line.start + len(line.text)
