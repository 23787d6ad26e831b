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
from cleaner.stages.whitespace import HSPACE
from cleaner.text import iter_lines

try:  # CPython's regex parser (private), to read ftfy's badness regex; without it ftfy judges every candidate
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    sre = sre_parse = None

# Anything ftfy could act on under our config: non-ASCII, an entity, a control character.
_MAYBE = regex.compile(r"[^\x09\x0a\x0d\x20-\x7e]|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});")
_BREAK = re.compile(r"[\r\n]")
_TOKEN_EDGE = regex.compile(r"[\s]")
# The blanks the whitespace stage drops at the end of a line (its HSPACE class, spelled out for rstrip).
_TRAILING_BLANKS = "".join(c for c in map(chr, range(0x3001)) if re.fullmatch(f"[{HSPACE}]", c))

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
    # second run may decide otherwise ("á\x80\x80Ä " vs "á€€Ä", "\x9b¢\xa0" vs "\x9b¢").
    line = line.rstrip(_TRAILING_BLANKS)
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
      c1/bad/quote/currency/°/µ character, or is ``‚[âó][àä°ê]`` (MacRoman mojibake such as "‚ó°"
      for "◡", none of whose characters is in those classes: added as it is); so a match of
      ``BADNESS_RE`` holds a match of ours;
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
    first = re.compile(f"[{strong}{capitals}&‚{controls}]")
    pattern = re.compile(f"[{strong}{controls}]|[{capitals}][{after_capital}°µ]|‚[âó][àä°ê]|{HTML_ENTITY_RE.pattern}")
    return first, pattern


def _candidate_lines(text: str, first: re.Pattern, pattern: re.Pattern):
    """(start, text) of each line holding a match of ``pattern``, in order.

    Every match of ``pattern`` begins with a character of ``first`` and no match spans a line break,
    so the scan jumps with ``first`` (one character class, fast) from line to line and runs the
    slower ``pattern`` only over the rest of a line where ``first`` found something.
    """
    cr = "\r" in text  # rare: else a line ends at "\n" only, found with str.find
    m = first.search(text)
    while m:
        p = m.start()
        if cr:
            start = max(text.rfind("\n", 0, p), text.rfind("\r", 0, p)) + 1
            brk = _BREAK.search(text, p)
            end = brk.start() if brk else len(text)
        else:
            start = text.rfind("\n", 0, p) + 1
            end = text.find("\n", p)
            if end < 0:
                end = len(text)
        # Nothing of ``first`` lies between the line's start and p: a match of the line starts at p or later.
        if pattern.search(text, p, end):
            yield start, text[start:end]
        m = first.search(text, end)


def _plain_chars(op, av) -> set[int] | None:
    """The code points a parsed regex element matches, if it is one character of a plain set."""
    if op is sre.LITERAL:
        return {av}
    if op is not sre.IN or any(o not in (sre.LITERAL, sre.RANGE) for o, _ in av):
        return None  # a negated set, \s, \w, a repeat, a group...
    return {c for o, a in av for c in ((a,) if o is sre.LITERAL else range(a[0], a[1] + 1))}


def _walk(sub):
    """Every (op, argument) of a parsed regex, nested ones included."""
    for op, av in sub:
        yield op, av
        stack = [av]
        while stack:
            x = stack.pop()
            if isinstance(x, sre_parse.SubPattern):
                yield from _walk(x)
            elif isinstance(x, (tuple, list)):
                stack.extend(x)


def _windows(badness: re.Pattern) -> tuple[re.Pattern, int] | None:
    """A class of characters one of which every match of ``badness`` holds, and its longest match;
    None unless the regex is such that searching around those characters is searching the line.

    Read off the parsed regex: an element at the top of an alternative matches exactly one
    character of each match of it; of those with a plain set, the alternative's anchors are the
    smallest non-ASCII one (ASCII letters and spaces are everywhere), else the smallest. The regex
    must have no look-around and no anchor but ``^``, and bounded matches.
    """
    tree = sre_parse.parse(badness.pattern, badness.flags)
    width = tree.getwidth()[1]
    if width > 64:
        return None
    for op, av in _walk(tree):
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.GROUPREF, sre.GROUPREF_EXISTS) or (
                op is sre.AT and av not in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING)):
            return None
    alternatives = tree[0][1][1] if len(tree) == 1 and tree[0][0] is sre.BRANCH else [tree]
    anchors: set[int] = set()
    for alt in alternatives:
        sets = [c for c in (_plain_chars(op, av) for op, av in alt) if c]
        if not sets:
            return None
        anchors |= min(sets, key=lambda c: (min(c) < 128, len(c)))
    return re.compile("[" + "".join("\\U%08x" % c for c in sorted(anchors)) + "]"), width


@lru_cache(maxsize=1)
def _ftfy_gate() -> tuple[re.Pattern, re.Pattern, int, re.Pattern, re.Pattern] | None:
    """What a line needs for ftfy to change it: ftfy's badness regex, its anchors and longest match
    (see ``_windows``), its entity regex, and a class of the characters some step drops or
    replaces; None if this ftfy is not laid out as assumed.

    Under our config one pass of ``fix_and_explain`` (ftfy 6.3) returns the line unchanged, and ftfy
    stops there, unless: ``unescape_html`` finds an entity (the step is off when the line holds
    "<"); ``fix_encoding`` finds the line bad (``badness.is_bad``, else each of its passes returns
    at once); or the line holds a character that ``fix_c1_controls`` (C1), ``fix_surrogates``,
    ``remove_terminal_escapes`` (ESC) or ``remove_control_chars`` (``CONTROL_CHARS``) acts on. The
    other fixers are off. tests/test_fastpaths.py checks this against ftfy.
    """
    try:
        from ftfy.badness import BADNESS_RE
        from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE
    except ImportError:  # pragma: no cover - ask ftfy about every candidate line
        return None
    if sre_parse is None:  # pragma: no cover
        return None
    windows = _windows(BADNESS_RE)
    if windows is None:  # pragma: no cover
        return None
    acted_on = "\\x80-\\x9f\\ud800-\\udfff\\x1b" + "".join("\\U%08x" % c for c in sorted(CONTROL_CHARS))
    return BADNESS_RE, *windows, HTML_ENTITY_RE, re.compile(f"[{acted_on}]")


def _is_bad(line: str, badness: re.Pattern, anchors: re.Pattern, width: int) -> bool:
    """ftfy's ``is_bad(line)``, ``badness`` over the whole line, searched only near ``anchors``.

    Over a whole line the badness regex costs as much as the rest of ftfy; but each match is at
    most ``width`` long and holds an anchor (see ``_windows``), so the windows around the anchors
    give the same answer.
    """
    m = anchors.search(line)
    while m:
        p = m.start()
        if badness.search(line, max(0, p - width + 1), p + width):
            return True
        m = anchors.search(line, p + 1)
    return False


def _ftfy_may_change(line: str, gate: tuple[re.Pattern, re.Pattern, int, re.Pattern, re.Pattern]) -> bool:
    """False only if ftfy (our config) returns ``line`` unchanged (see ``_ftfy_gate``); far cheaper."""
    badness, anchors, width, entity, acted_on = gate
    return bool(acted_on.search(line) or ("<" not in line and entity.search(line))
                or _is_bad(line, badness, anchors, width))


def fix_encoding(text: str, ctx: StageContext) -> StageOutput:
    suspects = _suspects()
    if suspects is None:
        return StageOutput(_slow_edits(text))
    first, pattern = suspects
    gate = _ftfy_gate()
    edits: list[Edit] = []
    # Most documents have no character of ``first``: one scan of the text and nothing else.
    for start, line in _candidate_lines(text, first, pattern):
        # ftfy judges the line without its trailing blanks (see _line_edits).
        if _MAYBE.search(line) and (gate is None or _ftfy_may_change(line.rstrip(_TRAILING_BLANKS), gate)):
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
