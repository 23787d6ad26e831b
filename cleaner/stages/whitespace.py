"""Whitespace: leading blank lines, trailing spaces, runs of blank lines.

>>> from cleaner import clean_text
>>> clean_text("\\n\\nTitle  \\nBody\\n\\n\\n\\nMore\\n").text
'Title\\nBody\\n\\nMore\\n'
"""

from __future__ import annotations

import re

from cleaner.edits import Edit
from cleaner.stages import Stage, StageContext, StageOutput

# Horizontal white space: the `\s` of the `regex` module (Unicode White_Space) minus the line
# breaks, spelled out so that stdlib `re` (faster here, but whose `\s` also takes \x1c-\x1f) can
# scan with it. tests/test_fastpaths.py checks the class against `regex`'s `[^\S\r\n]`.
HSPACE = "\t\x0b\x0c \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_HSPACE = re.compile(f"[{HSPACE}]")
# A stretch of line breaks with only horizontal white space between them, from its first break
# (the spaces before that break are taken by hand: a pattern that may start with a space would be
# tried at every space of the text).
_BREAKS = re.compile(f"(?:\r\n?|\n)(?:[{HSPACE}]*(?:\r\n?|\n))*(?:[{HSPACE}]+\\Z)?")
# Runs that need no edit inside a text (not at its start or end): one or two breaks of one kind.
_PLAIN = frozenset({"\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\r\r"})
# A "\n" right after horizontal space, or three in a row. The pattern starts with the literal break,
# so the scan jumps from break to break instead of testing a class at every character.
_SPACE_BREAK = re.compile(f"\n(?:(?<=[{HSPACE}]\n)|\n\n)")


def _newline_of(run: str) -> str:
    return "\r\n" if "\r\n" in run else ("\r" if "\n" not in run else "\n")


def _needs_no_edit(text: str) -> bool:
    r"""True when the loop below would find nothing (most documents): a few C-speed scans.

    With no "\r", no horizontal space before a "\n", no "\n\n\n" and no horizontal space at the
    end, every break run is "\n" or "\n\n"; one inside the text is then plain, and one at the end
    is a lone "\n" (the text does not end with "\n\n") after something (it does not start with
    "\n"): no edit. tests/test_fastpaths.py compares the stage with the loop alone.
    """
    return ("\r" not in text and not text.startswith("\n") and not text.endswith("\n\n")
            and not _HSPACE.match(text[-1:]) and not _SPACE_BREAK.search(text))


def fix_whitespace(text: str, ctx: StageContext) -> StageOutput:
    if _needs_no_edit(text):
        return StageOutput()
    edits: list[Edit] = []
    n = len(text)
    for m in _BREAKS.finditer(text):
        s, e = m.span()
        if s and _HSPACE.match(text, s - 1):
            while s and _HSPACE.match(text, s - 1):
                s -= 1
        elif s and e != n and m.group(0) in _PLAIN:  # most line and paragraph breaks: nothing to do
            continue
        run = text[s:e]
        nl = _newline_of(run)
        breaks = run.count("\n") + run.count("\r") - run.count("\r\n")
        if s == 0:
            edits.append(Edit(s, e, run, "", "whitespace.leading-blank", "safe", 1.0,
                              "blank lines before the first line"))
        elif e == n and breaks > 1:
            edits.append(Edit(s, e, run, nl, "whitespace.trailing-blank", "safe", 1.0,
                              "blank lines after the last line"))
        elif breaks > 2:
            edits.append(Edit(s, e, run, nl * 2, "whitespace.blank-run", "safe", 1.0,
                              f"{breaks - 1} blank lines collapsed to one"))
        elif run != nl * breaks:
            # Only spaces on blank lines or before the break: keep the breaks, drop the spaces.
            edits.append(Edit(s, e, run, nl * breaks, "whitespace.trailing-space", "safe", 1.0,
                              "spaces at the end of a line"))
    # Spaces before a break always begin a run above, and a run holding spaces always gets an
    # edit: only spaces ending the text can be left, when no break run reaches them.
    j = n
    while j and _HSPACE.match(text, j - 1):
        j -= 1
    if j < n and not (edits and edits[-1].start <= j < edits[-1].end):
        edits.append(Edit(j, n, text[j:], "", "whitespace.trailing-space", "safe", 1.0,
                          "spaces at the end of a line"))
    return StageOutput([e.trimmed() for e in edits])


STAGE = Stage("whitespace", fix_whitespace, "leading blank lines, trailing spaces, runs of blank lines")
