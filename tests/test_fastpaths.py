"""Fast paths give exactly what the slow paths give.

The stages skip work on text that needs none (a prefilter before ftfy, a break-anchored scan for
white space, table phrases unified once, cheaper `unify`/`key`/`words`/`iter_lines`), and the
pipeline does little between stages that propose nothing. Each fast path is compared here with the plain implementation it replaced (kept below as the reference),
on real text (seeds/, ../shared/dev when present) and on generated text.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from collections import Counter

import ftfy
import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import real_texts
from cleaner import pipeline
from cleaner.boilerplate import lines as bl
from cleaner.boilerplate.furniture import LEAD_WORDS, Furniture
from cleaner.boilerplate.rules import Doc
from cleaner.config import Config
from cleaner.edits import Edit, Projection, apply, sort_edits
from cleaner.pipeline import Result, clean_text
from cleaner.stages import Stage, StageContext, StageOutput, available, get_stage
from cleaner.stages import encoding, whitespace
from cleaner.text import iter_lines

CTX = StageContext(doc_id="t", config=Config())


REAL = real_texts(120, seed=7)

# --- references: the implementations the fast paths replaced -------------------------------

_R_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}’'\-.]*")
_R_EDGE = regex.compile(r"^[\s\p{Pd}|•·»›→>*:]+|[\s\p{Pd}|•·»›→<*:.…!]+$")
_R_SPACES = regex.compile(r"\s+")
_R_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
_R_TRAILING = regex.compile(r"[^\S\r\n]+(?=\r?\n|\r|\Z)")
_R_BREAKS = regex.compile(r"(?:[^\S\r\n]*(?:\r\n|\n|\r))+(?:[^\S\r\n]+\Z)?")


def ref_unify(text: str) -> str:
    return _R_SPACES.sub(" ", text.translate(bl._QUOTES)).strip().casefold()


def ref_key(text: str) -> str:
    return _R_EDGE.sub("", ref_unify(text))


def ref_lines(text: str) -> list[tuple[int, int, int, str]]:
    out = []
    for i, m in enumerate(_R_LINE.finditer(text)):
        if m.start() == len(text):
            break
        out.append((i, m.start(), m.end(), m.group(0).rstrip("\r\n")))
    return out


def ref_match(f: Furniture, line: str):
    k = ref_key(line)
    if not k:
        return None
    row = f.exact.get(k)
    if row is not None:
        return row
    u = ref_unify(line)
    for row in f.leads:
        p = ref_unify(row.phrase)
        if u.startswith(p) and (len(u) == len(p) or not u[len(p)].isalnum() or p[-1] in ":"):
            rest = u[len(p):].strip(" :-|")
            if len(_R_WORD.findall(rest)) <= LEAD_WORDS[row.match] and not rest.endswith(("?", "!")):
                return row
    for pat, row in f.patterns:
        if pat.fullmatch(k):
            return row
    return None


def ref_whitespace(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _R_BREAKS.finditer(text):
        run, s, e = m.group(0), m.start(), m.end()
        nl = whitespace._newline_of(run)
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
            edits.append(Edit(s, e, run, nl * breaks, "whitespace.trailing-space", "safe", 1.0,
                              "spaces at the end of a line"))
    covered = [(x.start, x.end) for x in edits]
    for m in _R_TRAILING.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        edits.append(Edit(m.start(), m.end(), m.group(0), "", "whitespace.trailing-space", "safe", 1.0,
                          "spaces at the end of a line"))
    return [e.trimmed() for e in edits]


def ref_break_loop(text: str) -> list[Edit]:
    """The whitespace stage before its document-level pre-check: the loop over every break run."""
    edits: list[Edit] = []
    n = len(text)
    for m in whitespace._BREAKS.finditer(text):
        s, e = m.span()
        if s and whitespace._HSPACE.match(text, s - 1):
            while s and whitespace._HSPACE.match(text, s - 1):
                s -= 1
        elif s and e != n and m.group(0) in whitespace._PLAIN:
            continue
        run = text[s:e]
        nl = whitespace._newline_of(run)
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
            edits.append(Edit(s, e, run, nl * breaks, "whitespace.trailing-space", "safe", 1.0,
                              "spaces at the end of a line"))
    j = n
    while j and whitespace._HSPACE.match(text, j - 1):
        j -= 1
    if j < n and not (edits and edits[-1].start <= j < edits[-1].end):
        edits.append(Edit(j, n, text[j:], "", "whitespace.trailing-space", "safe", 1.0,
                          "spaces at the end of a line"))
    return [e.trimmed() for e in edits]


# --- text building blocks ---------------------------------------------------------------

def _pieces(pieces: list[str], max_size: int):
    """Text made of the given pieces (some longer than one character)."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


_SPACEY = _pieces([" ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x85",
                   "\xa0", "\u2028", "\u3000", "a", "B", ".", "-"], 40)
_TYPO = _pieces(list("aZ9 .-:|*>•»›→<…!?'’‘‛`´“”„«»–—‐\u00a0\t\x1c\x1e\u2028ßİﬁé\u0301)]\n") + ["  "], 30)


# --- text.iter_lines -------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(_SPACEY)
def test_iter_lines_same_lines_as_reference(text):
    assert [tuple(l) for l in iter_lines(text)] == ref_lines(text)


def test_iter_lines_on_real_text():
    for text in REAL:
        assert [tuple(l) for l in iter_lines(text)] == ref_lines(text)


# --- boilerplate line features ---------------------------------------------------------

@settings(max_examples=500, deadline=None)
@given(_TYPO)
def test_unify_key_words_same_as_reference(text):
    assert bl.unify(text) == ref_unify(text)
    assert bl.key(text) == ref_key(text)
    assert bl.words(text) == _R_WORD.findall(text)
    assert bl.word_count(text) == len(_R_WORD.findall(text))
    assert bl.ends_sentence(text) == bool(bl._TERMINAL.search(text.rstrip()))


def test_ascii_word_pattern_is_the_unicode_one_on_ascii():
    for c in map(chr, range(128)):
        assert bool(re.fullmatch(r"[A-Za-z0-9]", c)) == bool(regex.fullmatch(r"[\p{L}\p{N}]", c))
        assert bool(re.fullmatch(r"[A-Za-z0-9'\-.]", c)) == bool(regex.fullmatch(r"[\p{L}\p{M}\p{N}’'\-.]", c))


def test_line_features_on_real_lines():
    for text in REAL:
        for line in iter_lines(text):
            assert bl.unify(line.text) == ref_unify(line.text)
            assert bl.key(line.text) == ref_key(line.text)
            assert bl.words(line.text) == _R_WORD.findall(line.text)
            assert bl.word_count(line.text) == len(_R_WORD.findall(line.text))
            assert bl.ends_sentence(line.text) == bool(bl._TERMINAL.search(line.text.rstrip()))


def test_doc_caches_agree_with_line_functions():
    f = Furniture.shipped()
    for text in REAL:
        doc = Doc(text, f)
        for i in doc.nonblank:
            assert doc.prose(i) == bl.is_prose(doc.text(i))
            assert doc.unified(i) == ref_unify(doc.text(i))
            assert doc.row(i) == ref_match(f, doc.text(i))


def _furniture_like_lines() -> list[str]:
    """Lines around every table phrase: exact, decorated, with a tail of n words, as a question."""
    f = Furniture.shipped()
    rng = random.Random(3)
    tails = ["", " The Washington Post", ": Ukraine talks", " – Reuters", "?", " and more and more words " * 3,
             " Police said the man was arrested on Monday.", "!", ":", " |"]
    out = []
    for row in f.leads + list(f.exact.values()):
        for tail in tails:
            phrase = row.phrase if row.match != "regex" else "Photo by Jane Doe"
            for deco in ("", "» ", "— ", "* "):
                out.append(deco + rng.choice([phrase, phrase.upper(), phrase.title()]) + tail)
    return out


def test_furniture_match_same_as_reference():
    f = Furniture.shipped()
    lines = _furniture_like_lines() + [l.text for t in REAL for l in iter_lines(t)]
    matched = 0
    for line in lines:
        got = f.match(line)
        assert got == ref_match(f, line), line
        matched += got is not None
    assert matched > 100  # the generated lines do exercise the table


# --- whitespace ---------------------------------------------------------------------

def test_hspace_class_is_regex_horizontal_space():
    fast = re.compile(f"[{whitespace.HSPACE}]")
    slow = regex.compile(r"[^\S\r\n]")
    for cp in itertools.chain(range(0x3001), range(0xfe00, 0x10000)):
        c = chr(cp)
        assert bool(fast.match(c)) == bool(slow.match(c)), hex(cp)


@settings(max_examples=500, deadline=None)
@given(_SPACEY)
def test_whitespace_same_edits_as_reference(text):
    assert whitespace.fix_whitespace(text, CTX).edits == ref_whitespace(text)


def test_whitespace_on_real_text():
    for text in REAL:
        for variant in (text, text.replace("\n", "\r\n"), text.replace(".\n", ".  \n"), "\n \n" + text + " \n\n  "):
            assert whitespace.fix_whitespace(variant, CTX).edits == ref_whitespace(variant)


# Words and breaks only (text the pre-check often passes), then with every kind of break and
# horizontal space mixed in.
_PARAS = _pieces(["word", "word.", "\n", "\n\n"], 20)
_LINES = _pieces(["word", "word", "word.", "\n", "\n", "\n\n", " ", "\t", "\xa0", "\x85", "\u2028",
                  "\u2029", "\u3000", "\u200a", "\x0b", "\x0c", "\r", "\r\n", "\x1c"], 30)


def _whitespace_agrees_with_loop(text: str) -> bool:
    """The stage gives the loop's edits; returns whether the pre-check alone settled it."""
    expected = ref_break_loop(text)
    assert whitespace.fix_whitespace(text, CTX).edits == expected, repr(text)
    skipped = whitespace._needs_no_edit(text)
    assert not (skipped and expected), repr(text)
    return skipped


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_PARAS, _LINES, _SPACEY))
def test_whitespace_pre_check_same_edits_as_loop(text):
    _whitespace_agrees_with_loop(text)


def test_whitespace_pre_check_on_real_text():
    skipped = checked = 0
    for text in REAL:
        for variant in (text, text.rstrip("\n"), text + "\n", text.replace("\n", "\r\n"),
                        text.replace(".\n", ".\xa0\n", 1), text.replace("\n\n", "\n\n\n", 1),
                        "\n" + text, text.rstrip() + "\u2028", text.rstrip() + "\n\n"):
            skipped += _whitespace_agrees_with_loop(variant)
            checked += 1
    assert 0 < skipped < checked  # both paths are exercised


# --- encoding -----------------------------------------------------------------------

_SAMPLES = [
    "The Kremlin’s “demands” — and Zelenskyy’s reply… cost €5bn (£4.3bn).",
    "Café au lait, naïve résumé, São Paulo, Kraków, Dvořák, Ærøskøbing, Größe, Ñandú.",
    "Temperatures fell to −5°C; ½ of the 10× increase • ± 3% ™ © ® ¶ § ¼ ¾ µ.",
    "Москва и Киев — переговоры «продолжаются»; Αθήνα και Θεσσαλονίκη.",
    "He said: „Das ist gut“ – and left. ‘Quoted’ ‹angle› «guillemets».",
    "AT&amp;T and Q&amp;A &lt;b&gt; &eacute;t&eacute; &#8217; &#x2019; &EACUTE;",
    "Emoji 😀 and box ┌─┐ │x│ └─┘ ▓▒░ and math ∑ ∫ √ ≈ ≠ ≤ ≥ ∞.",
    "à la carte, déjà vu, señor, piñata, coöperate, façade, jalapeño.",
]
_ENCODINGS = ["windows-1252", "latin-1", "windows-1251", "mac-roman", "windows-1253", "windows-1257",
              "iso-8859-2", "windows-1250", "cp437"]


def _mojibake(text: str, rng: random.Random) -> str:
    """``text`` encoded as UTF-8 and decoded as something else, once or twice, perhaps in part."""
    out = text
    for _ in range(rng.choice([1, 1, 2])):
        data = out.encode("utf-8", errors="surrogatepass")
        out = data.decode(rng.choice(_ENCODINGS), errors=rng.choice(["replace", "ignore"]))
    if rng.random() < 0.3:  # partly damaged: one clean half, one broken half
        cut = len(text) // 2
        out = text[:cut] + out[len(out) // 2:]
    if rng.random() < 0.2:
        out = out.replace(" ", "\xa0", 1)
    if rng.random() < 0.2:
        out = out[:5] + rng.choice(["\x85", "\x93", "\x1b[31m", "\x00", "\ufeff", "\ud83d", "\ufffd\ufffd"]) + out[5:]
    return out


def _generated_lines(n: int) -> list[str]:
    rng = random.Random(11)
    lines = list(_SAMPLES)
    for _ in range(n):
        lines.append(_mojibake(rng.choice(_SAMPLES), rng))
    return lines


def _ftfy_changes(line: str) -> bool:
    import ftfy

    return ftfy.fix_and_explain(line, config=encoding._ftfy_config())[0] != line


def test_suspect_pattern_catches_every_line_ftfy_changes():
    _, pattern = encoding._suspects()
    changed = 0
    for line in _generated_lines(1500):
        if _ftfy_changes(line):
            changed += 1
            assert pattern.search(line), repr(line)
    assert changed > 500  # the generator does produce mojibake ftfy repairs


def test_suspect_pattern_covers_badness_on_all_pairs():
    """Every two-character string that ftfy's badness test flags holds a match of our pattern."""
    from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

    every = re.compile("[" + "".join(MOJIBAKE_CATEGORIES.values()) + "]")
    alphabet = [chr(c) for c in range(0x3000) if every.match(chr(c))]
    alphabet += list("aZ0 .,?!'\"\n\t°×ÂÃÎÐØÙàβāвЂГўВЂ√≈‚ÄĀ€")
    _, pattern = encoding._suspects()
    for a in alphabet:
        for b in alphabet:
            s = a + b
            if BADNESS_RE.search(s):
                assert pattern.search(s), repr(s)


@settings(max_examples=300, deadline=None)
@given(_pieces(list("aZ .&;#1\n") + ["Ã", "Â", "â€", "™", "Ð", "Ù", "В", "”", "‘", "é", "\x85", "\x1b[",
                                     "\ufeff", "&amp;", "Ã©", "Ã ", "ВЂ"], 30))
def test_suspect_pattern_catches_generated_text(text):
    _, pattern = encoding._suspects()
    for line in text.split("\n"):
        if _ftfy_changes(line):
            assert pattern.search(line), repr(line)


def test_encoding_fast_path_gives_the_slow_path_edits():
    rng = random.Random(5)
    docs = list(REAL)
    for text in REAL[:40]:
        lines = text.split("\n")
        for _ in range(3):
            i = rng.randrange(len(lines))
            lines[i] = _mojibake(lines[i], rng)
        docs.append("\n".join(lines))
    docs.append("\n".join(_generated_lines(200)))
    fixed = 0
    for doc in docs:
        fast = encoding.fix_encoding(doc, CTX).edits
        assert fast == encoding._slow_edits(doc)
        fixed += bool(fast)
        if fast:
            r = clean_text(doc, Config(stages=("encoding", "whitespace")))
            assert apply(doc, r.edits) == r.text
    assert fixed > 20


def ref_candidate_lines(text: str, pattern: re.Pattern) -> list[tuple[int, str]]:
    """The candidate lines before the scan jumped with ``first``: every match of ``pattern``."""
    out, last = [], -1
    for m in pattern.finditer(text):
        p = m.start()
        if p < last:
            continue
        start = max(text.rfind("\n", 0, p), text.rfind("\r", 0, p)) + 1
        brk = re.compile(r"[\r\n]").search(text, p)
        last = brk.start() if brk else len(text)
        out.append((start, text[start:last]))
    return out


def _mojibake_docs() -> list[str]:
    """Real documents, some with damaged lines, with "\\n" and "\\r\\n" breaks, and generated lines."""
    rng = random.Random(9)
    docs = []
    for text in REAL:
        lines = text.split("\n")
        for _ in range(rng.choice([0, 1, 3])):
            i = rng.randrange(len(lines))
            lines[i] = _mojibake(lines[i], rng)
        docs += ["\n".join(lines), "\r\n".join(lines)]
    return docs + ["\n".join(_generated_lines(300)), "\r".join(_generated_lines(50))]


def test_candidate_lines_same_as_full_scan():
    first, pattern = encoding._suspects()
    found = 0
    for doc in _mojibake_docs():
        got = list(encoding._candidate_lines(doc, first, pattern))
        assert got == ref_candidate_lines(doc, pattern)
        found += len(got)
    assert found > 500


@settings(max_examples=500, deadline=None)
@given(_pieces(list("a .&;#1\n\r") + ["\r\n", "Ã©", "Â ", "&amp;", "ВЂ", "В”", "é", "\x85", "\x1b[", "&#x41;"], 30))
def test_candidate_lines_same_as_full_scan_generated(text):
    first, pattern = encoding._suspects()
    assert list(encoding._candidate_lines(text, first, pattern)) == ref_candidate_lines(text, pattern)


def _walk(sub):
    """Every (op, argument) of a parsed regex, nested ones included."""
    from re import _parser

    for op, av in sub:
        yield op, av
        stack = [av]
        while stack:
            x = stack.pop()
            if isinstance(x, _parser.SubPattern):
                yield from _walk(x)
            elif isinstance(x, (tuple, list)):
                stack.extend(x)


def test_badness_matches_are_short_and_hold_an_anchor():
    """What the windowed is_bad relies on, checked on ftfy's parsed regex: no look-around (only
    ``^`` anchors), matches at most ``width`` long, and every alternative has a top-level element
    (one character of each match) whose characters are all anchors."""
    from re import _constants as c
    from re import _parser

    from ftfy.badness import BADNESS_RE

    badness, anchors, width, _, _ = encoding._ftfy_gate()
    assert badness is BADNESS_RE
    tree = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert tree.getwidth()[1] == width <= 10
    for op, av in _walk(tree):
        assert op not in (c.ASSERT, c.ASSERT_NOT, c.GROUPREF, c.GROUPREF_EXISTS)
        if op is c.AT:
            assert av in (c.AT_BEGINNING, c.AT_BEGINNING_STRING)

    def chars(op, av):
        if op is c.LITERAL:
            return [av]
        if op is not c.IN or any(o not in (c.LITERAL, c.RANGE) for o, _ in av):
            return None  # not one character of a plain set (negated, \s, \w, a repeat)
        return [x for o, a in av for x in ([a] if o is c.LITERAL else range(a[0], a[1] + 1))]

    (op, (_, alternatives)), = list(tree)
    assert op is c.BRANCH and len(alternatives) > 20
    for alt in alternatives:
        sets = [chars(o, a) for o, a in alt]
        assert any(s and all(anchors.match(chr(x)) for x in s) for s in sets), alt
    # "‚ó°" (MacRoman mojibake of "◡") holds no character of the classes the document scan is built
    # from: the scan names it on its own, and the stage repairs it as ftfy does.
    first, pattern = encoding._suspects()
    assert anchors.search("‚ó°") and first.search("‚ó°") and pattern.search("‚ó°")
    assert clean_text("The ‚ó° sign\n").text == "The ◡ sign\n" and ftfy.fix_text("The ‚ó° sign") == "The ◡ sign"


def test_windows_reach_a_whole_match_on_either_side_of_its_anchor():
    badness = re.compile("éabcdef|abcdefü|^Qz|k\\s?j")  # the non-ASCII letters are the anchors
    anchors, width = encoding._windows(badness)
    assert width == 7 and anchors.match("é") and anchors.match("ü") and not anchors.match("a")
    for line, bad in [("..éabcdef..", True), ("..abcdefü..", True), ("éabcdef", True), ("abcdefü", True),
                      ("..éabcde..", False), ("..bcdefü..", False), ("Qz...", True), (".Qz..", False),
                      ("..k j..", True), ("..kj", True)]:
        assert encoding._is_bad(line, badness, anchors, width) is bad, line
    assert encoding._windows(re.compile("a(?=b)")) is None  # look-around: the gate is off
    assert encoding._windows(re.compile("ab+")) is None  # unbounded
    assert encoding._windows(re.compile("a|b$")) is None
    assert encoding._windows(re.compile(r"a|\s")) is None  # an alternative without a plain set


def test_encoding_gate_keeps_a_repair_far_from_the_suspects():
    # A candidate line for its entity (left alone: the line holds "<"), bad only far from the "&".
    doc = "if a < b &amp; c" + " and more" * 20 + " ‚ó° end.\nplain\n"
    fast = encoding.fix_encoding(doc, CTX).edits
    assert fast and fast == encoding._slow_edits(doc)


def _gate_lines() -> list[str]:
    lines = _generated_lines(1500)
    lines += [l.text for t in REAL for l in iter_lines(t)]
    rng = random.Random(13)
    for text in REAL[:30]:  # damage inside long real lines, where the windows matter
        for l in iter_lines(text):
            if len(l.text) > 200:
                cut = rng.randrange(len(l.text))
                lines.append(l.text[:cut] + _mojibake(rng.choice(_SAMPLES), rng) + l.text[cut:])
                lines.append("a < b &amp; " + l.text[:cut] + " ‚ó° " + l.text[cut:])
    return lines


def test_windowed_is_bad_is_is_bad():
    from ftfy.badness import is_bad

    badness, anchors, width, _, _ = encoding._ftfy_gate()
    bad = 0
    for line in _gate_lines():
        got = encoding._is_bad(line, badness, anchors, width)
        assert got == is_bad(line), repr(line)
        bad += got
    assert bad > 500


@settings(max_examples=500, deadline=None)
@given(_pieces(["word ", "  ", "a", "é", "Ã", "Â", " ", "©", "€", "ВЂ", "Г", "ў", "В", ".", "\xa0", "¡", "°",
                "Ø", "Ù", "×", "²", "‚", "ó", "√", "β", "œ", "│", "”", "™", "«"], 40))
def test_windowed_is_bad_is_is_bad_generated(text):
    from ftfy.badness import is_bad

    badness, anchors, width, _, _ = encoding._ftfy_gate()
    assert encoding._is_bad(text, badness, anchors, width) == is_bad(text)


def test_ftfy_gate_lets_through_every_line_ftfy_changes():
    _, pattern = encoding._suspects()
    gate = encoding._ftfy_gate()
    changed = skipped = 0
    for line in _gate_lines() + [s + " " for s in _SAMPLES] + ["x &lt; y &amp; z", "a < b &amp; c", "AT&T"]:
        line = line.rstrip(" \t")
        if _ftfy_changes(line):
            changed += 1
            assert encoding._ftfy_may_change(line, gate), repr(line)
        elif pattern.search(line) and encoding._MAYBE.search(line):
            skipped += not encoding._ftfy_may_change(line, gate)
    assert changed > 500 and skipped > 20  # the gate does spare ftfy clean lines


# --- pipeline glue --------------------------------------------------------------------

def ref_non_overlapping(edits, taken=None):
    kept: list[Edit] = []
    spans = sorted((e.start, e.end) for e in (taken or []))
    starts = [s for s, _ in spans]
    insertions = {s for s, t in spans if s == t}
    dropped = 0
    for e in sort_edits(edits):
        i = bisect.bisect_left(starts, e.end) - 1 if spans else -1
        clash = (i >= 0 and spans[i][1] > e.start) or (e.start == e.end and e.start in insertions)
        if clash or (kept and (e.start < kept[-1].end or e.start == e.end == kept[-1].start == kept[-1].end)):
            dropped += 1
            continue
        kept.append(e)
    return kept, dropped


def ref_clean_text(text, config, stages, doc_id="-", batch=None) -> Result:
    """clean_text before its glue was trimmed: a fresh context with copied dicts per stage, every
    stage's edits sorted and counted, a projection from the start, the text rebuilt with apply."""
    applied: list[Edit] = []
    suggested: list[Edit] = []
    scores: dict = {}
    stats: Counter = Counter()
    proj = Projection.build(text, [])
    for name, stage in stages:
        ctx = StageContext(doc_id=doc_id, config=config, batch=dict(batch or {}), scores=dict(scores))
        out = stage.fn(proj.text, ctx)
        if isinstance(out, list):
            out = StageOutput(out)
        scores.update(out.scores)
        stage_edits, overlaps = ref_non_overlapping(out.edits)
        stats["dropped.overlap"] += overlaps
        new_applied = False
        for e in stage_edits:
            if proj.text[e.start:e.end] != e.before:
                raise ValueError(f"stage {name} proposed an edit that does not match its text: {e!r}")
            stats[e.rule] += 1
            if pipeline._protected(e, config.allow_words):
                stats["dropped.protected"] += 1
                continue
            mapped = proj.to_original(e)
            if mapped is None and config.applies(e.safety):
                absorbed = proj.absorb(e)
                if absorbed is not None:
                    mapped, superseded = absorbed
                    applied = [x for x in applied if x not in superseded]
                    stats["superseded"] += len(superseded)
            if mapped is None:
                stats["dropped.unmappable"] += 1
                continue
            if config.applies(e.safety):
                applied.append(mapped)
                new_applied = True
            else:
                suggested.append(mapped)
        if new_applied:
            proj = Projection.build(text, applied)
    suggestions, clashes = ref_non_overlapping(suggested, taken=applied)
    stats["dropped.overlap"] += clashes
    stats = Counter({k: v for k, v in stats.items() if v})
    edits = tuple(sort_edits(applied))
    return Result(original=text, text=apply(text, edits) if edits else text, edits=edits,
                  suggestions=tuple(suggestions), scores=scores, stats=dict(stats), doc_id=doc_id)


def _outcome(run):
    """What a run gives, key order of stats and scores included, or the error it raises."""
    try:
        r = run()
    except Exception as exc:  # both must fail the same way
        return type(exc).__name__, str(exc)
    return (r.original, r.text, r.edits, r.suggestions, list(r.scores.items()), list(r.stats.items()), r.doc_id)


def _same_pipeline(text, config, stages, monkeypatch, batch=None):
    seen = {"ref": [], "new": []}

    def logged(key):
        def wrap(stage):
            def fn(t, ctx):
                seen[key].append((t, ctx.doc_id, ctx.config, dict(ctx.batch), dict(ctx.scores)))
                return stage.fn(t, ctx)
            return stage.name, Stage(stage.name, fn)
        return [wrap(s) for _, s in stages]

    ref = _outcome(lambda: ref_clean_text(text, config, logged("ref"), doc_id="d", batch=batch))
    monkeypatch.setattr(pipeline, "_stages", lambda names: tuple(logged("new")))
    new = _outcome(lambda: pipeline.clean_text(text, config, doc_id="d", batch=batch))
    assert new == ref
    assert seen["new"] == seen["ref"]
    return ref


def test_pipeline_same_results_on_real_text(monkeypatch):
    from cleaner.batch import batch_statistics

    stages = [(n, get_stage(n)) for n in available(Config().stages)]
    batch = batch_statistics(REAL[:40], Config())
    rng = random.Random(17)
    configs = [Config(), Config(unsafe_fixes=True), Config(allow_words=frozenset({"said", "the", "navy"}))]
    changed = 0
    for text in REAL:
        lines = text.split("\n")
        i = rng.randrange(len(lines))
        lines[i] = _mojibake(lines[i], rng) + "  "
        damaged = "\n\n".join(lines[:3]) + "\n\n\n" + "\n".join(lines[3:]) + "\nRelated Articles\n\n"
        for variant in (text, damaged):
            for config in configs:
                out = _same_pipeline(variant, config, stages, monkeypatch)
                changed += bool(out[2])
        _same_pipeline(text, Config(), stages, monkeypatch, batch=batch)
    assert changed > 100


@st.composite
def _stage_plans(draw):
    """A few stages, each proposing edits at drawn places of whatever text it is given."""
    edit = st.tuples(st.floats(0, 1), st.integers(0, 5), st.sampled_from(["", "x", "NAVY", " ", "\n"]),
                     st.sampled_from(["safe", "unsafe"]), st.booleans())
    plan = st.tuples(st.lists(edit, max_size=5), st.dictionaries(st.sampled_from("ab"), st.integers(0, 2), max_size=2),
                     st.booleans())
    return draw(st.lists(plan, max_size=4))


def _planned_stage(i, plan):
    spec, scores, as_list = plan

    def fn(text, ctx):
        edits = []
        for frac, length, after, safety, overshoot in spec:
            start = int(frac * len(text))
            before = text[start:start + length]
            # An overshooting edit ends past the text (its before is what slicing gives): unmappable.
            end = start + (length if overshoot else len(before))
            if before != after:
                edits.append(Edit(start, end, before, after, f"t{i}.r{len(after)}", safety))
        return edits if as_list else StageOutput(edits, scores)
    return f"t{i}", Stage(f"t{i}", fn)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("ab navy\n."), max_size=30), _stage_plans(), st.booleans(), st.booleans())
def test_pipeline_same_results_on_generated_stages(text, plans, unsafe, allow):
    config = Config(unsafe_fixes=unsafe, allow_words=frozenset({"navy"} if allow else ()))
    stages = [_planned_stage(i, plan) for i, plan in enumerate(plans)]
    with pytest.MonkeyPatch.context() as mp:
        _same_pipeline(text, config, stages, mp, batch={"t0": {"k": 1}} if allow else None)


def test_stages_cannot_change_the_pipeline_state():
    def meddle(text, ctx):
        with pytest.raises(TypeError):
            ctx.scores["spin.score"] = 1.0
        with pytest.raises(TypeError):
            ctx.batch["x"] = 1
        return StageOutput([], {"s": 1})

    batch = {"x": 0}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "_stages", lambda names: (("m", Stage("m", meddle)), ("n", Stage("n", meddle))))
        assert pipeline.clean_text("text", batch=batch).scores == {"s": 1}
    assert batch == {"x": 0}
