"""Turn whole-line findings into edits, one per line, that never leave an extra blank line.

Each line is its own edit (its own rule and reason), and together they remove the
lines cleanly. Lines before the last kept line go as blocks of adjacent junk lines;
lines after the last kept line go with the breaks after them, and the blank separator
before such a tail is its own edit, so a deleted tail leaves no blank line behind.

>>> from cleaner.edits import apply
>>> t = "a\\n\\nJ1\\n\\nJ2\\n"
>>> es = deletion_edits(t, [0, 2, 3, 6, 7], [0, 2, 4], [Finding(2, "b.x", "safe", 1.0, "junk"),
...                                                   Finding(4, "b.x", "safe", 1.0, "junk")])
>>> apply(t, es)
'a\\n'
>>> [e.before for e in es]
['\\n', 'J1\\n\\n', 'J2\\n']
"""

from __future__ import annotations

from typing import Iterable, NamedTuple, Sequence

from cleaner.edits import Edit


class Finding(NamedTuple):
    """A rule's verdict that line ``index`` is junk (a named tuple: a tail of comments has one per line)."""

    index: int
    rule: str
    safety: str
    confidence: float
    reason: str


def deletion_edits(text: str, starts: Sequence[int], nonblank: Iterable[int],
                   findings: Iterable[Finding]) -> list[Edit]:
    """The edits that delete the lines found (nonblank lines) of ``text``, whose lines start at
    ``starts`` (a line ends where the next one starts) and are blank but ``nonblank``."""
    by_index = {f.index: f for f in findings}
    if not by_index:
        return []
    nonblank = sorted(nonblank)
    last_kept = next((i for i in reversed(nonblank) if i not in by_index), -1)
    ends = [*starts[1:], len(text)]
    edits: list[Edit] = []
    tail = []
    full = set(nonblank)
    for i in sorted(by_index):
        if i > last_kept:
            tail.append(i)
            continue
        # Adjacent junk lines form a block that goes as if it were one line: the last line of the
        # block takes the blank separator after it when the block stood between blank lines (or at
        # the top), so no extra blank line is left behind.
        start, end = starts[i], ends[i]
        if i + 1 not in by_index:
            first = i
            while first - 1 in by_index:
                first -= 1
            if i + 1 < len(starts) and i + 1 not in full and (first == 0 or first - 1 not in full):
                end = ends[i + 1]
        edits.append(_edit(text, start, end, by_index[i]))
    if tail:
        # After the last kept line: each deleted line goes with the breaks after it, and the blank
        # lines between the last kept line and the tail go as their own edit. No span crosses a
        # line start, where an earlier stage (a collapsed blank run) may have cut the text.
        first_start = starts[tail[0]]
        if last_kept >= 0:
            sep_start = ends[last_kept]  # keep the kept line's own break
            if sep_start < first_start:
                f = by_index[tail[0]]
                edits.append(Edit(sep_start, first_start, text[sep_start:first_start], "", f.rule, f.safety,
                                  f.confidence, f.reason + " (the blank line before it)"))
        for n, i in enumerate(tail):
            end = starts[tail[n + 1]] if n + 1 < len(tail) else len(text)
            edits.append(_edit(text, starts[i], end, by_index[i]))
    return edits


def _edit(text: str, start: int, end: int, f: Finding) -> Edit:
    return Edit(start, end, text[start:end], "", f.rule, f.safety, f.confidence, f.reason)
