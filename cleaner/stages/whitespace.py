"""Whitespace: leading blank lines, trailing spaces, runs of blank lines.

>>> from cleaner import clean_text
>>> clean_text("\\n\\nTitle  \\nBody\\n\\n\\n\\nMore\\n").text
'Title\\nBody\\n\\nMore\\n'
"""

from __future__ import annotations

import regex

from cleaner.edits import Edit
from cleaner.stages import Stage, StageContext, StageOutput

# Horizontal white space at a line end; \s minus the line breaks.
_TRAILING = regex.compile(r"[^\S\r\n]+(?=\r?\n|\r|\Z)")
# A stretch of line breaks with only horizontal white space between them.
_BREAKS = regex.compile(r"(?:[^\S\r\n]*(?:\r\n|\n|\r))+(?:[^\S\r\n]+\Z)?")


def _newline_of(run: str) -> str:
    return "\r\n" if "\r\n" in run else ("\r" if "\n" not in run else "\n")


def fix_whitespace(text: str, ctx: StageContext) -> StageOutput:
    edits: list[Edit] = []
    for m in _BREAKS.finditer(text):
        run, s, e = m.group(0), m.start(), m.end()
        nl = _newline_of(run)
        breaks = run.count("\n") + run.count("\r") - run.count("\r\n")
        if s == 0:
            edits.append(Edit(s, e, run, "", "whitespace.leading-blank", "safe", 1.0,
                              "blank lines before the first line"))
        elif e == len(text) and breaks > 1:
            edits.append(Edit(s, e, run, nl, "whitespace.trailing-blank", "safe", 1.0,
                              "blank lines after the last line"))
        elif breaks > 2:
            edits.append(Edit(s, e, run, nl * 2, "whitespace.blank-run", "safe", 1.0,
                              f"{breaks - 1} blank lines collapsed to one"))
        elif run != nl * breaks:
            # Only spaces on blank lines or before the break: keep the breaks, drop the spaces.
            edits.append(Edit(s, e, run, nl * breaks, "whitespace.trailing-space", "safe", 1.0,
                              "spaces at the end of a line"))
    covered = [(x.start, x.end) for x in edits]
    for m in _TRAILING.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        edits.append(Edit(m.start(), m.end(), m.group(0), "", "whitespace.trailing-space", "safe", 1.0,
                          "spaces at the end of a line"))
    return StageOutput([e.trimmed() for e in edits])


STAGE = Stage("whitespace", fix_whitespace, "leading blank lines, trailing spaces, runs of blank lines")
