"""Turn whole-line findings into edits, one per line, that never leave an extra blank line.

Each line is its own edit (its own rule and reason), and together they remove the
lines cleanly. Lines before the last kept line go as blocks of adjacent junk lines
(:func:`_block_line_span`); lines after the last kept line go with the
breaks after them, and the blank separator before such a tail is its own edit, so a
deleted tail leaves no blank line behind.

>>> from cleaner.edits import apply
>>> from cleaner.text import iter_lines
>>> t = "a\\n\\nJ1\\n\\nJ2\\n"
>>> ls = list(iter_lines(t))
>>> es = deletion_edits(t, ls, [Finding(2, "b.x", "safe", 1.0, "junk"), Finding(4, "b.x", "safe", 1.0, "junk")])
>>> apply(t, es)
'a\\n'
>>> [e.before for e in es]
['\\n', 'J1\\n\\n', 'J2\\n']
"""

from __future__ import annotations

from typing import Iterable, NamedTuple, Sequence

from cleaner.edits import Edit
from cleaner.text import Line


class Finding(NamedTuple):
    """A rule's verdict that line ``index`` is junk (a named tuple: a tail of comments has one per line)."""

    index: int
    rule: str
    safety: str
    confidence: float
    reason: str


def deletion_edits(text: str, lines: Sequence[Line], findings: Iterable[Finding]) -> list[Edit]:
    """The edits that delete the lines found; only the lines around them and after the last
    kept line are read (``lines`` may build each line when it is read, as :class:`~cleaner.text.Lines` does)."""
    by_index = {f.index: f for f in findings}
    if not by_index:
        return []
    last_kept = next((i for i in range(len(lines) - 1, -1, -1) if i not in by_index and not lines[i].blank), -1)
    tail = sorted(i for i in by_index if i > last_kept)
    edits: list[Edit] = []
    for i in sorted(by_index):
        if i <= last_kept:
            edits.append(_edit(text, *_block_line_span(lines, i, by_index), by_index[i]))
    if tail:
        # After the last kept line: each deleted line goes with the breaks after it, and the blank
        # lines between the last kept line and the tail go as their own edit. No span crosses a
        # line start, where an earlier stage (a collapsed blank run) may have cut the text.
        first = lines[tail[0]]
        if last_kept >= 0:
            k = lines[last_kept]
            sep_start = k.end  # keep the kept line's own break
            if sep_start < first.start:
                f = by_index[tail[0]]
                edits.append(Edit(sep_start, first.start, text[sep_start:first.start], "", f.rule, f.safety,
                                  f.confidence, f.reason + " (the blank line before it)"))
        for n, i in enumerate(tail):
            end = lines[tail[n + 1]].start if n + 1 < len(tail) else len(text)
            edits.append(_edit(text, lines[i].start, end, by_index[i]))
    return edits


def _block_line_span(lines: list[Line], i: int, junk: dict) -> tuple[int, int]:
    """The span of junk line ``i`` before the last kept line.

    Adjacent junk lines form a block that goes as if it were one line: the last
    line of the block takes the blank separator after it when the block stood
    between blank lines (or at the top), so no extra blank line is left behind.
    """
    line = lines[i]
    if i + 1 in junk:
        return line.start, line.end
    first = i
    while first - 1 in junk:
        first -= 1
    prev = lines[first - 1] if first > 0 else None
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is not None and nxt.blank and (prev is None or prev.blank):
        return line.start, nxt.end
    return line.start, line.end


def _edit(text: str, start: int, end: int, f: Finding) -> Edit:
    return Edit(start, end, text[start:end], "", f.rule, f.safety, f.confidence, f.reason)
