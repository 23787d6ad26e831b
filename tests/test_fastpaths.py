"""Fast paths give exactly what the slow paths give.

The stages skip work on text that needs none (a prefilter before ftfy, a break-anchored scan for
white space, table phrases unified once, cheaper `unify`/`key`/`words`/`iter_lines`). Each fast
path is compared here with the plain implementation it replaced (kept below as the reference),
on real text (seeds/, ../shared/dev when present) and on generated text.
"""

from __future__ import annotations

import itertools
import random
import re

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import real_texts
from cleaner.boilerplate import lines as bl
from cleaner.boilerplate.furniture import LEAD_WORDS, Furniture
from cleaner.boilerplate.rules import Doc
from cleaner.config import Config
from cleaner.edits import Edit, apply
from cleaner.pipeline import clean_text
from cleaner.stages import StageContext
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
