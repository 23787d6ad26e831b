"""Encoding: mojibake, HTML entities and control characters, repaired by ftfy.

ftfy runs with a conservative config (curly quotes, ligatures, character
widths and line breaks are left alone) one line at a time, and each change
is reported as a span of the line with the ftfy steps that explain it.

>>> from cleaner import clean_text
>>> clean_text("The Kremlinâ€™s demands &amp; more").text
'The Kremlin’s demands & more'
>>> clean_text("“Curly” quotes ﬁne").text
'“Curly” quotes ﬁne'
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

import regex

from cleaner.edits import Edit
from cleaner.stages import Stage, StageContext, StageOutput
from cleaner.text import iter_lines

# Anything ftfy could act on under our config: non-ASCII, an entity, a control character.
_MAYBE = regex.compile(r"[^\x09\x0a\x0d\x20-\x7e]|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});")
_BREAK = re.compile(r"[\r\n]")
_TOKEN_EDGE = regex.compile(r"[\s]")

# Rule ids for ftfy's steps, in order of precedence when several apply.
_STEP_RULES = (
    ("fix_encoding", "encoding.mojibake", "text decoded with the wrong encoding (mojibake)"),
    ("decode", "encoding.mojibake", "text decoded with the wrong encoding (mojibake)"),
    ("encode", "encoding.mojibake", "text decoded with the wrong encoding (mojibake)"),
    ("unescape_html", "encoding.html-entity", "HTML entity left in plain text"),
    ("fix_c1_controls", "encoding.c1-control", "C1 control character standing for a Windows-1252 character"),
    ("remove_control_chars", "encoding.control-char", "invisible control character"),
    ("remove_terminal_escapes", "encoding.terminal-escape", "terminal escape sequence"),
    ("fix_surrogates", "encoding.surrogate", "UTF-16 surrogate pair left in the text"),
    ("restore_byte_a0", "encoding.mojibake", "text decoded with the wrong encoding (mojibake)"),
    ("replace_lossy_sequences", "encoding.lossy", "unrecoverable bytes marked as such"),
    ("decode_inconsistent_utf8", "encoding.mojibake", "text decoded with the wrong encoding (mojibake)"),
)


@lru_cache(maxsize=1)
def _ftfy_config():
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html="auto",
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        normalization=None,
        explain=True,
    )


def _rule_for(steps) -> tuple[str, str]:
    names = {name for _, name in steps} | {kind for kind, _ in steps}
    for step, rule, reason in _STEP_RULES:
        if step in names:
            return rule, reason
    return "encoding.other", "ftfy: " + ", ".join(f"{k} {n}" for k, n in steps)


def _widen(line: str, i1: int, i2: int) -> tuple[int, int]:
    """Grow a changed span to whole tokens so a reviewer sees a word, not half of one."""
    while i1 > 0 and not line[i1 - 1].isspace():
        i1 -= 1
    while i2 < len(line) and not line[i2].isspace():
        i2 += 1
    return i1, i2


def _line_edits(line: str, offset: int) -> list[Edit]:
    import ftfy

    # The whitespace stage drops trailing blanks; ftfy must judge the line as it will read then, or a
    # second run may decide otherwise ("á\x80\x80Ä " vs "á€€Ä").
    line = line.rstrip(" \t")
    fixed, steps = ftfy.fix_and_explain(line, config=_ftfy_config())
    if fixed == line:
        return []
    for _ in range(2):  # ftfy may leave what it would fix on a second run ("á\x80\x80" -> "á€€" -> "က")
        again, more = ftfy.fix_and_explain(fixed, config=_ftfy_config())
        if again == fixed:
            break
        fixed, steps = again, list(steps or []) + list(more or [])
    rule, reason = _rule_for(steps or [])
    if steps:
        reason += " [ftfy: " + ", ".join(f"{k} {n}" for k, n in steps) + "]"
    edits: list[Edit] = []
    matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
    # Merge diff chunks into token-wide spans of the line, mapped to the fixed line.
    spans: list[list[int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        w1, w2 = _widen(line, i1, i2)
        d1, d2 = j1 - (i1 - w1), j2 + (w2 - i2)
        if spans and w1 <= spans[-1][1]:
            spans[-1][1], spans[-1][3] = w2, d2
        else:
            spans.append([w1, w2, d1, d2])
    for w1, w2, d1, d2 in spans:
        before, after = line[w1:w2], fixed[d1:d2]
        if before != after:
            edits.append(Edit(offset + w1, offset + w2, before, after, rule, "safe", 0.99, reason))
    return edits


@lru_cache(maxsize=1)
def _suspects() -> tuple[re.Pattern, re.Pattern] | None:
    """Two regexes: a character class that any line ftfy would change contains, and the narrower
    pattern that such a line matches; None if this ftfy is not laid out as they assume.

    Under our config ftfy changes a line only through one of these steps, each gated as follows
    (ftfy 6.3, ``fix_and_explain``: if no step changes the line, the line is returned as it came):

    * ``unescape_html``: an entity, ``&#?[0-9A-Za-z]{1,24};``;
    * ``fix_encoding`` (and its sub-steps restore_byte_a0, replace_lossy_sequences,
      decode_inconsistent_utf8, fix_c1_controls): only when ``badness.is_bad(line)``. Every
      alternative of ``BADNESS_RE`` holds a character of the classes c1, bad, accented letters,
      box, currency, numeric, law (or Ù, or Ђ), or is a Cyrillic/Greek capital followed by a
      c1/bad/quote/currency/°/µ character; so a match of ``BADNESS_RE`` holds a match of ours;
    * ``fix_c1_controls``: a C1 control; ``fix_surrogates``: a surrogate;
      ``remove_terminal_escapes`` and ``remove_control_chars``: a character of ``CONTROL_CHARS``.

    ``BADNESS_RE`` itself is too slow to run over every document (as slow as ftfy); this superset
    is one character-class scan. tests/test_fastpaths.py checks the superset against ftfy.
    """
    try:
        from ftfy.badness import MOJIBAKE_CATEGORIES as cat
        from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE
    except ImportError:  # pragma: no cover - a different ftfy layout: take the slow path
        return None
    strong = "".join(cat[k] for k in ("c1", "bad", "lower_accented", "upper_accented", "box", "currency",
                                      "numeric", "law")) + "ÙЂ"
    capitals = "ВГРСΒΓΞΟ"
    after_capital = "".join(cat[k] for k in ("c1", "bad", "start_punctuation", "end_punctuation", "currency"))
    controls = "".join("\\U%08x" % c for c in sorted(CONTROL_CHARS)) + "\\ud800-\\udfff"
    first = re.compile(f"[{strong}{capitals}&{controls}]")
    pattern = re.compile(f"[{strong}{controls}]|[{capitals}][{after_capital}°µ]|{HTML_ENTITY_RE.pattern}")
    return first, pattern


def _candidate_lines(text: str, pattern: re.Pattern):
    """(start, text) of each line holding a match of ``pattern`` (no match spans a line break)."""
    last = -1
    for m in pattern.finditer(text):
        p = m.start()
        if p < last:
            continue
        start = max(text.rfind("\n", 0, p), text.rfind("\r", 0, p)) + 1
        brk = _BREAK.search(text, p)
        last = brk.start() if brk else len(text)
        yield start, text[start:last]


def fix_encoding(text: str, ctx: StageContext) -> StageOutput:
    suspects = _suspects()
    if suspects is None:
        return StageOutput(_slow_edits(text))
    first, pattern = suspects
    # Document-level fast path: one character-class scan; most documents have no such character.
    if not first.search(text):
        return StageOutput()
    edits: list[Edit] = []
    for start, line in _candidate_lines(text, pattern):
        if _MAYBE.search(line):
            edits.extend(_line_edits(line, start))
    return StageOutput(edits)


def _slow_edits(text: str) -> list[Edit]:
    """ftfy on every line that has anything it could act on (the reference for the fast path)."""
    if not _MAYBE.search(text):
        return []
    edits: list[Edit] = []
    for line in iter_lines(text):
        if line.text and _MAYBE.search(line.text):
            edits.extend(_line_edits(line.text, line.start))
    return edits


STAGE = Stage("encoding", fix_encoding, "mojibake, HTML entities, control characters (ftfy, conservative)")
