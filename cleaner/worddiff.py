"""Word-level diffs built from edits (news paragraphs are single long lines: line diffs are useless).

>>> from cleaner.edits import Edit
>>> text = "The Chilly Battle foes met.\\n"
>>> print(render(text, [Edit(4, 17, "Chilly Battle", "Cold War", "spin.fingerprint")], name="a.txt"))
--- a/a.txt
+++ b/a.txt
@@ line 1 @@ spin.fingerprint
The [-Chilly Battle-]{+Cold War+} foes met.
"""

from __future__ import annotations

from typing import Sequence

from cleaner.edits import Edit, sort_edits

CONTEXT_CHARS = 60


def _visible(s: str) -> str:
    """Make line breaks visible inside a marker, keeping the hunk on one line."""
    return s.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵")


def _clip_left(s: str, n: int) -> str:
    if len(s) <= n:
        return s
    cut = s[-n:]
    space = cut.find(" ")
    return "…" + (cut[space + 1:] if 0 <= space < n // 2 else cut)


def _clip_right(s: str, n: int) -> str:
    if len(s) <= n:
        return s
    cut = s[:n]
    space = cut.rfind(" ")
    return (cut[:space] if space > n // 2 else cut) + "…"


def hunks(text: str, edits: Sequence[Edit], context: int = CONTEXT_CHARS) -> list[list[Edit]]:
    """Group edits whose context windows touch."""
    groups: list[list[Edit]] = []
    for e in sort_edits(edits):
        if groups and e.start - groups[-1][-1].end <= 2 * context:
            groups[-1].append(e)
        else:
            groups.append([e])
    return groups


def render_hunk(text: str, group: Sequence[Edit], context: int = CONTEXT_CHARS,
                color: bool = False) -> str:
    red, green, reset = ("\x1b[31m", "\x1b[32m", "\x1b[0m") if color else ("", "", "")
    line_start = text.rfind("\n", 0, group[0].start) + 1
    line_end = text.find("\n", group[-1].end)
    line_end = len(text) if line_end < 0 else line_end
    parts = [_clip_left(text[line_start:group[0].start], context)]
    for i, e in enumerate(group):
        if i:
            parts.append(text[group[i - 1].end:e.start])
        if e.before:
            parts.append(f"{red}[-{_visible(e.before)}-]{reset}")
        if e.after:
            parts.append(f"{green}{{+{_visible(e.after)}+}}{reset}")
    parts.append(_clip_right(text[group[-1].end:line_end], context))
    return "".join(parts)


def render(text: str, edits: Sequence[Edit], name: str = "-", context: int = CONTEXT_CHARS,
           color: bool = False) -> str:
    """A git-style word diff of ``edits`` over ``text`` (empty string if no edits)."""
    if not edits:
        return ""
    out = [f"--- a/{name}", f"+++ b/{name}"]
    for group in hunks(text, edits, context):
        line_no = text.count("\n", 0, group[0].start) + 1
        rules = ", ".join(dict.fromkeys(e.rule for e in group))
        out.append(f"@@ line {line_no} @@ {rules}")
        out.append(render_hunk(text, group, context, color))
    return "\n".join(out)
