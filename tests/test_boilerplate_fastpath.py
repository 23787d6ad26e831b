"""The boilerplate stage's fast paths give exactly what the plain per-line stage gave.

The stage looks only at the lines a rule can concern (furniture candidates by the head of the
folded line, each tried only against the rows of its head; repeated lines by their head and last
word, then count of characters that are not white space; headline candidates by a regex over last characters;
copyright lines by a search for the pieces of a notice), folds the text and counts words by byte
translations, reads a line from the folded split by its offset, and builds the edits from line
starts. The plain stage it replaced is kept below as the oracle (every line counted, unified and
matched against the table up front, with the reference helpers of tests/test_fastpaths.py, and
the edits built from every line); both run on real text (seeds/, ../shared/dev when present) and
on generated documents. The character facts the fast paths rest on are checked here over all of
Unicode.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.boilerplate import lines as bl
from cleaner.boilerplate import page, rules
from cleaner.boilerplate.furniture import Furniture, _head_of_matches, _required, lines_with
from cleaner.boilerplate.spans import Finding
from cleaner.config import Config
from cleaner.edits import Edit
from cleaner.stages import StageContext, StageOutput
from cleaner.stages import boilerplate as stage
from cleaner.text import Line, Lines, iter_lines, split_lines
from tests.conftest import SHARED_DEV
from tests.test_fastpaths import _R_WORD, ref_lines, ref_match, ref_unify

ROOT = Path(__file__).resolve().parent.parent
SHARED = SHARED_DEV
NAME = "boilerplate"
# Every code point, lone surrogates included, as one string: a regex runs over it once.
ALL = "".join(map(chr, range(0x110000)))

CONFIGS = {
    "default": Config(),
    "unsafe": Config(unsafe_fixes=True),
    "page": Config(unsafe_fixes=True, stage_options={NAME: {"mode": "page"}}),
    "no-guard": Config(stage_options={NAME: {"guard_share": None}}),
}


# --- the oracle: the stage as it was, one line at a time -----------------------------------

_R_TERMINAL = regex.compile(r"[.!?…][\"'”’)\]]*$")


def ref_count(text: str) -> int:
    return len(_R_WORD.findall(text))


def ref_ends(text: str) -> bool:
    return bool(_R_TERMINAL.search(text.rstrip()))


def ref_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


class RefDoc:
    """What the plain stage computed for every line before any rule ran."""

    def __init__(self, text: str, furniture: Furniture):
        self.lines = [Line(*t) for t in ref_lines(text)]
        self.nonblank = [l.index for l in self.lines if l.text.strip()]
        self.counts = {i: ref_count(self.text(i)) for i in self.nonblank}
        self.total = sum(self.counts.values()) or 1
        acc, self.position = 0, {}
        for i in self.nonblank:
            self.position[i] = acc / self.total
            acc += self.counts[i]
        self.rows = {i: ref_match(furniture, self.text(i)) for i in self.nonblank}

    def text(self, i: int) -> str:
        return self.lines[i].text

    def words(self, i: int) -> int:
        return self.counts[i]

    def unified(self, i: int) -> str:
        return ref_unify(self.text(i))

    def prose(self, i: int) -> bool:
        t = self.text(i)
        return self.counts[i] >= 8 and any(c.islower() for c in t) and ref_ends(t)

    def between_prose(self, i: int) -> bool:
        k = self.nonblank.index(i)
        return 0 < k < len(self.nonblank) - 1 and self.prose(self.nonblank[k - 1]) and self.prose(self.nonblank[k + 1])


def ref_rules(doc: RefDoc) -> list[Finding]:
    """furniture_lines, after_end, duplicate_paragraphs, related_headlines, comment_section."""
    out = []
    for i in doc.nonblank:
        row = doc.rows[i]
        if row is not None:
            reason = f"site furniture ({row.kind}): whole line matches '{row.phrase}' in boilerplate_lines.tsv"
            conf = 0.95 if row.safety == "safe" else 0.6
            out.append(Finding(i, "boilerplate.furniture-line", row.safety, conf, reason))
    for i in doc.nonblank:
        if rules._COPYRIGHT.match(doc.text(i)):
            if doc.position[i] >= 0.5:
                out += [Finding(j, "boilerplate.after-end", "safe", 0.9,
                                "after the article's copyright notice (reader comment or site footer)")
                        for j in doc.nonblank if j > i]
            break
    seen: dict[str, int] = {}
    for i in doc.nonblank:
        if doc.counts[i] < 8:
            continue
        u = doc.unified(i)
        if u in seen:
            first = seen[u]
            how = "verbatim" if doc.text(first).strip() == doc.text(i).strip() else "up to quote style or case"
            out.append(Finding(i, "boilerplate.duplicate-paragraph", "safe", 0.95, f"repeats line {first + 1} {how}"))
        else:
            seen[u] = i
    for i in doc.nonblank:
        t, n = doc.text(i).strip(), doc.counts[i]
        if n < 5 or ref_ends(t) or t.endswith((":", ";", ",")) or rules._COPYRIGHT.match(t) \
                or not doc.between_prose(i):
            continue
        if ref_all_caps(t) and n >= 8 and not t.endswith("?"):
            out.append(Finding(i, "boilerplate.related-headline", "safe", 0.9,
                               f"ALL-CAPS headline of {n} words between paragraphs (real subheads are shorter)"))
    for i in doc.nonblank:
        row = doc.rows[i]
        if doc.position[i] >= 0.5 and row is not None and row.kind == "comments":
            out += [Finding(j, "boilerplate.reader-comment", "unsafe", 0.7,
                            f"after the comment-section header '{doc.text(i).strip()}'")
                    for j in doc.nonblank if j > i]
            break
    return out


def _edit(text: str, start: int, end: int, f: Finding) -> Edit:
    return Edit(start, end, text[start:end], "", f.rule, f.safety, f.confidence, f.reason)


def _block_line_span(lines: list[Line], i: int, junk: dict) -> tuple[int, int]:
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


def ref_deletion_edits(text: str, lines: list[Line], findings) -> list[Edit]:
    by_index = {f.index: f for f in findings}
    if not by_index:
        return []
    kept = [l.index for l in lines if not l.blank and l.index not in by_index]
    last_kept = kept[-1] if kept else -1
    tail = sorted(i for i in by_index if i > last_kept)
    edits = [_edit(text, *_block_line_span(lines, i, by_index), by_index[i])
             for i in sorted(by_index) if i <= last_kept]
    if tail:
        first = lines[tail[0]]
        if last_kept >= 0 and lines[last_kept].end < first.start:
            s, f = lines[last_kept].end, by_index[tail[0]]
            edits.append(Edit(s, first.start, text[s:first.start], "", f.rule, f.safety, f.confidence,
                              f.reason + " (the blank line before it)"))
        for n, i in enumerate(tail):
            end = lines[tail[n + 1]].start if n + 1 < len(tail) else len(text)
            edits.append(_edit(text, lines[i].start, end, by_index[i]))
    return edits


def ref_stage(text: str, config: Config, batch: dict | None = None) -> StageOutput:
    doc = RefDoc(text, stage._furniture(config))
    if not doc.lines:
        return StageOutput()
    opt = lambda name, default: config.option(NAME, name, default)  # noqa: E731
    findings: dict[int, Finding] = {}
    for f in ref_rules(doc):
        findings.setdefault(f.index, f)
    for f in stage.batch_repeated(doc, (batch or {}).get(NAME), opt("batch_min_files", stage.BATCH_MIN_FILES)):
        findings.setdefault(f.index, f)
    if opt("mode", "article") == "page":
        for f in page.page_rules(doc, findings):
            findings.setdefault(f.index, f)
    share = sum(doc.counts[i] for i, f in findings.items() if f.safety == "safe") / doc.total
    all_share = sum(doc.counts[i] for i in findings) / doc.total
    guard = opt("guard_share", stage.GUARD_SHARE)
    guarded = guard is not None and share > guard
    if guarded:
        findings = {i: Finding(f.index, f.rule, "unsafe", min(f.confidence, 0.5),
                               f.reason + f"; held back: the rules would delete {share:.0%} of the document")
                    for i, f in findings.items()}
    edits = ref_deletion_edits(text, doc.lines, findings.values())
    if "{" in text:
        edits.extend(stage._source_tags(doc.lines, findings))
    return StageOutput(edits, {f"{NAME}.junk_share": round(all_share, 3), f"{NAME}.guarded": guarded})


def assert_same(text: str, config: Config, batch: dict | None = None) -> StageOutput:
    ctx = StageContext(doc_id="t", config=config, batch={NAME: batch[NAME]} if batch else {})
    got, want = stage.find_boilerplate(text, ctx), ref_stage(text, config, batch)
    assert got.edits == want.edits
    assert repr(sorted(got.scores.items())) == repr(sorted(want.scores.items()))
    return got


# --- real text ---------------------------------------------------------------------------

def _real_files() -> list[Path]:
    files = sorted((ROOT / "seeds").glob("*.txt"))
    if SHARED.is_dir():
        files += sorted(SHARED.glob("clean/*.txt")) + sorted(SHARED.glob("boiler/*/*.txt"))
    return files


REAL = {p: p.read_text(encoding="utf-8", errors="replace") for p in _real_files()}


@pytest.mark.parametrize("config", ["default", "page"])
def test_same_as_plain_stage_on_real_text(config):
    fired = 0
    for text in REAL.values():
        fired += bool(assert_same(text, CONFIGS[config]).edits)
    assert fired > (100 if SHARED.is_dir() else 1)  # the rules do fire on this text


def test_same_as_plain_stage_on_real_text_variants():
    """CRLF and CR breaks, doubled spaces, no final break, other configs, on a sample."""
    sample = random.Random(5).sample(sorted(REAL.values()), min(60, len(REAL)))
    for text in sample:
        for variant in (text.replace("\n", "\r\n"), text.replace("\n", "\r"), text.replace(". ", ".  "),
                        text.rstrip("\n"), text.upper()):
            assert_same(variant, CONFIGS["unsafe"])
        assert_same(text, CONFIGS["no-guard"])


def test_same_as_plain_stage_in_batch_mode():
    groups: dict[Path, list[str]] = {}
    for p, text in REAL.items():
        groups.setdefault(p.parent, []).append(text)
    for texts in groups.values():
        batch = {NAME: stage.batch_stats(texts, CONFIGS["default"])}
        for text in texts[:40]:
            assert_same(text, CONFIGS["default"], batch)


# --- generated documents -----------------------------------------------------------------

_PROSE = [
    "The city council voted on Monday to close the old bridge over the river for repairs.",
    "Engineers found cracks in two of its supports last month, the mayor told reporters.",
    "“We will reopen it in the spring,” she said on Tuesday, “if the money comes through.”",
    "Work is expected to take six weeks, and a ferry will carry commuters (at no cost).",
    "Zoë’s café in Kraków — the one near the square — was closed for the whole week…",
]
# Seven and eight words: a sentence of eight words or more is prose.
_SHORT = ["The council voted to close the bridge.", "The council voted to close the old bridge.",
          "They said the talks would go on."]
_OTHER = [
    "© 2021 The Washington Post", "Copyright 2019 Reuters. All rights reserved.", "COPYRİGHT 2020 Foo Bar",
    "(c) 2018, The Gazette", "(C)2017 Daily News", "—© 2016 X", "12 Comments", "1 comment", "Leave a Reply",
    "RUSSIA SAYS SOME TROOPS ARE LEAVING THE BORDER AREA AFTER DRILLS", "UKRAINE TALKS TO RESUME NEXT WEEK IN GENEVA",
    "Image 3 of 12", "image 3 of 12 images", "» Related: Ukraine talks resume", "Read more: The Kremlin’s reply",
    "CLICK HERE TO READ MORE FROM THE RIVERTON GAZETTE", "Click here to get more information or download it now.",
    "Photo: Jane Doe, AP", "photograph:jane doe", "Story by Jane Doe {Matzav.com}", "Share", "SHARE", "share:",
    "Twitter", "Facebook", "Advertisement", "Advertisement - Continue Reading Below", "» Share this article",
    "Share this article!!!", "- - Read more ...", "•Back to top", "Menu", "Sign up for our newsletter",
    "Your email address will not be published. Required fields are marked *", "Related Articles", "Most Read",
    "More from the world desk", "You may also like", "What to read next", "Subscribe", "Loading...",
    "a\ttab  and  double   spaces in a line of text that is long enough here.", "\x1cweird\x1dspace\x1e line \x1f here",
    "Ｆｕｌｌｗｉｄｔｈ ＳＨＡＲＥ", "Straße ß ﬁ ligature ſ long s", "İstanbul İSTANBUL", "  indented line of text",
    "trailing spaces  ", "\u2003em space\u3000ideographic", "ͅiota subscript start", "² superscript ² two",
    "…", "* * *", "—", "___", "", " ", "\t", "\u00a0", "Q.", "A) The end?", "“Quoted.”", "(See below.)",
    "He left.”  ", "x" * 40 + "!", "a b c d e f g h", "A B C D E F G H", "1 2 3 4 5 6 7 8", "a b c d e f g",
    # ALL-CAPS lines that end a sentence inside quotes or brackets, or do not end one at all.
    "“RUSSIA SAYS SOME TROOPS ARE LEAVING THE BORDER AREA AFTER DRILLS.”",
    "(THE COUNCIL WILL VOTE ON THE BRIDGE NEXT MONDAY.)", "THE COUNCIL WILL VOTE ON THE BRIDGE REPAIRS NEXT MONDAY AGAIN —",
    "OFFICIALS SAY TALKS WILL GO ON AFTER THE SUMMIT (VIDEO)", "OFFICIALS SAY TALKS WILL GO ON AFTER THE SUMMIT “NEXT WEEK”",
    "OFFICIALS SAY TALKS WILL GO ON AFTER THE 'SUMMIT' ", "COPYRIGHT 2019 BY THE RIVERTON GAZETTE AND ITS OWNERS",
    "EVERY WORD HERE IS IN CAPITALS, BUT IT ENDS WITH A COMMA,",
]
_VARIANTS = [str, str.upper, str.lower, lambda s: s.replace("'", "’").replace('"', "“"),
             lambda s: s.replace(" ", "  "), lambda s: s.replace(" ", "\u00a0"), lambda s: " " + s + "\t",
             lambda s: "» " + s, lambda s: s + " ..."]


def _line() -> st.SearchStrategy[str]:
    pool = _PROSE * 4 + _SHORT + _OTHER
    fuzz = st.lists(st.sampled_from(list("aZ9 .-:|*>•»›→<…!?'’‘“”„«»–—\u00a0\t\x1cßİﬁé\u0301\u0345)]©(c")),
                    max_size=25).map("".join)
    return st.one_of(st.builds(lambda s, f: f(s), st.sampled_from(pool), st.sampled_from(_VARIANTS)), fuzz)


_DOCS = st.builds(lambda ls, brk, end: brk.join(ls) + end, st.lists(_line(), max_size=40),
                  st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n \n"]), st.sampled_from(["", "\n", "\r\n\r\n"]))


def test_same_as_plain_stage_on_composed_documents():
    """Each line of the pool between paragraphs, after them, twice, after a copyright notice, and
    between sentences just short of prose and just long enough."""
    p1, p2, p3 = _PROSE[:3]
    for line in _OTHER + [v(p) for p in _PROSE for v in _VARIANTS]:
        for text in (f"{p1}\n\n{line}\n\n{p2}\n", f"{p1}\n{line}\n{p2}\n{line}\n", f"{p1}\n{p2}\n{p3}\n\n{line}",
                     f"{line}\n{p1}\n{line}\n", f"{p1}\n{p2}\n© 2020 X\n{line}\n{p3}\n",
                     f"{_SHORT[0]}\n{line}\n{_SHORT[1]}\n", f"{_SHORT[1]}\n{line}\n{_SHORT[2]}\n"):
            for config in CONFIGS.values():
                assert_same(text, config)


@settings(max_examples=400, deadline=None)
@given(_DOCS, st.sampled_from(sorted(CONFIGS)))
def test_same_as_plain_stage_on_generated_documents(text, config):
    assert_same(text, CONFIGS[config])


@settings(max_examples=60, deadline=None)
@given(st.lists(_DOCS, min_size=3, max_size=6))
def test_same_as_plain_stage_on_generated_batches(texts):
    batch = {NAME: stage.batch_stats(texts, CONFIGS["default"])}
    for text in texts:
        assert_same(text, CONFIGS["default"], batch)


def test_same_as_plain_stage_with_a_user_table(tmp_path):
    """A table whose regex rows are not simple (every line is then a candidate) or start with a class."""
    table = tmp_path / "t.tsv"
    table.write_text("#! columns: phrase match safety kind note\n"
                     "(?:foo|bar) baz\tregex\tsafe\tnav\t\n"
                     "\\w+ shares?\tregex\tsafe\tshare\t\n"
                     "_under_score\tline\tsafe\tnav\t\n"
                     "“quoted” phrase\tline\tsafe\tnav\t\n"
                     "comments\tline\tunsafe\tcomments\t\n"
                     "see:\tlead\tsafe\trelated\t\n", encoding="utf-8")
    config = Config(stage_options={NAME: {"table": str(table)}})
    lines = _PROSE + ["Foo baz", "bar baz!", "12 shares", "» 3 share", "_Under_Score", '"Quoted" phrase', "Comments",
                      "see: more", "seeing is believing"]
    rng = random.Random(1)
    for _ in range(50):
        assert_same("\n".join(rng.choices(lines, k=12)), config)


# --- the pieces, against their plain forms -----------------------------------------------

@settings(max_examples=300, deadline=None)
@given(_DOCS)
def test_lines_and_doc_features(text):
    assert list(Lines(text)) == list(iter_lines(text)) == [Line(*t) for t in ref_lines(text)]
    assert split_lines(text) == [l.text for l in iter_lines(text)]
    doc, ref = rules.Doc(text, Furniture.shipped()), RefDoc(text, Furniture.shipped())
    assert doc.nonblank == ref.nonblank
    assert [doc.text(i) for i in range(len(ref.lines))] == [l.text for l in ref.lines]
    assert doc.starts == [l.start for l in ref.lines]
    assert len(doc.folded) == len(ref.lines)
    assert doc.total_words == ref.total
    for i in doc.nonblank:
        assert doc.words(i) == ref.counts[i]
        assert doc.unified(i) == ref.unified(i)
        assert doc.row(i) == ref.rows[i]
    assert {i for i in ref.nonblank if ref.rows[i]} <= set(doc.candidates)
    some = [i for k, i in enumerate(ref.nonblank) if k % 3]
    for lines in (ref.nonblank, some, some[::2], ref.nonblank[-3:]):
        assert doc.words_in(set(lines)) == sum(ref.counts[i] for i in lines)
    for i in doc.nonblank:  # a fresh document: position counts the text itself
        assert rules.Doc(text, Furniture.shipped()).position(i) == ref.position[i]


def test_word_count_over_all_characters():
    for k in range(0, len(ALL), 4096):
        chunk = ALL[k:k + 4096]
        for s in (" x".join(chunk), "x".join(chunk), "'".join(chunk)):
            assert bl.word_count(s) == ref_count(s)


def test_folding_keeps_white_space_and_line_breaks_apart():
    """What lets the stage fold a whole text, split it into lines, and collapse white space after."""
    for c in ALL:
        f = bl.fold(c)
        assert f == _ref_fold(c), hex(ord(c))
        assert f, hex(ord(c))
        assert c.isspace() == f.isspace() and (c.isspace() or not any(x.isspace() for x in f)), hex(ord(c))
        assert ("\n" in f or "\r" in f) == (c in "\n\r"), hex(ord(c))
        assert any(x in f for x in bl._SPLIT_ONLY) == (c in bl._SPLIT_ONLY), hex(ord(c))


def test_latin1_folding_is_case_folding():
    for c in map(chr, range(256)):
        if c not in "µß":
            assert bl._LATIN1_FOLD[ord(c)] == ord(c.casefold()), hex(ord(c))
    for text in REAL.values():
        assert bl.fold(text) == _ref_fold(text)


def _ref_fold(text: str) -> str:
    """What fold gave before its byte translations (quotes mapped only in a text that is not ASCII:
    an ASCII text keeps its "`", which unify maps to "'")."""
    return (text if text.isascii() else text.translate(bl._QUOTES)).casefold()


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_line(), st.text(max_size=30), st.text(alphabet="aZÉéÿµßÀÞ×’“—\u00a0İ€\U0001f600", max_size=30),
                 st.text(alphabet="aZé…€ΣσςﬁΐK\ud800\U0001f600\U00010400\U00010428", max_size=30)))
def test_fold_is_quotes_then_case_folding(text):
    assert bl.fold(text) == _ref_fold(text)


@settings(max_examples=500, deadline=None)
@given(_line())
def test_unify_is_folding_then_collapsing_white_space(line):
    assert bl.unify(line) == " ".join(bl.fold(line).split()) or bl.split_only(line)


def test_white_space_classes():
    assert bl.ODD_SPACES == "".join(c for c in ALL if c.isspace() and c not in " \n\r")
    assert set(re.findall(r"\s", ALL)) == {c for c in ALL if c.isspace()}
    assert set(re.findall(r"[^\W_]", ALL)) == {c for c in ALL if c.isalnum()}


def test_decoration_is_never_alphanumeric():
    """A line's head ends where its decoration starts, and a decorated line has its decoration as head."""
    for pattern in (bl._EDGE_FIRST, bl._EDGE_LAST):
        assert not [c for c in pattern.findall(ALL) if c.isalnum()]


def test_decoration_sets_are_the_edge_classes():
    assert set(bl._REGEX_SPACES) == set(regex.findall(r"\s", ALL))
    assert bl.DECORATION == {c for c in bl._EDGE_FIRST.findall(ALL) if not c.isspace()}
    assert set(bl.LEAD_DECORATION) == set(bl._EDGE_FIRST.findall(ALL))
    assert set(bl.TAIL_DECORATION) == set(bl._EDGE_LAST.findall(ALL))


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_line(), st.text(alphabet="ab .-–—:|*>•»›→<…!?\u00a0\t\x1c\n", max_size=12), st.text(max_size=12)))
def test_key_is_the_edges_removed(line):
    assert bl.key_of_unified(line) == bl._EDGE.sub("", line)


def _ref_head(line: str) -> str:
    t = line.lstrip()
    n = next((k for k, c in enumerate(t) if not c.isalnum()), len(t))
    return t[:n] if n else t[:1]


@settings(max_examples=500, deadline=None)
@given(st.lists(_line(), max_size=8))
def test_heads_are_each_lines_head(ls):
    folded = bl.fold("\n".join(ls)).replace("\r", "")
    lines = folded.split("\n")
    assert bl.heads(folded) == [_ref_head(l) for l in lines]
    assert [bl.head(l) for l in lines] == [_ref_head(l) for l in lines]


def test_heads_over_all_characters():
    for k in range(0, len(ALL), 4096):
        chunk = [c for c in ALL[k:k + 4096] if c not in "\n\r"]
        lines = [c + "x" for c in chunk] + [" " + c for c in chunk]
        assert bl.heads("\n".join(lines)) == [_ref_head(l) for l in lines]


@settings(max_examples=500, deadline=None)
@given(st.one_of(_line(), st.text(max_size=30), st.text(alphabet="AbZ ÉéİıßẞΣσς'’.1-", max_size=30)))
def test_may_be_all_caps_where_all_caps(t):
    assert bl.may_be_all_caps(t) or not bl.is_all_caps(t)


def test_may_be_all_caps_over_all_characters():
    for k in range(0, len(ALL), 4096):
        chunk = ALL[k:k + 4096]
        for s in (chunk, "ABCDEFGHIJ" + chunk[:200], chunk[:9] + "a"):
            assert bl.may_be_all_caps(s) or not bl.is_all_caps(s)


def test_lines_with_a_piece():
    for text in list(REAL.values())[:200]:
        f = bl.fold(text).replace("\r", "")
        lines = f.split("\n")
        for piece in ("comment", "(c)", "©", "the", "e"):
            want = [i for i, l in enumerate(lines) if piece in l]
            got = lines_with(f, piece)
            assert [i for i, _, _ in got] == want
            assert all(f[s:e] == lines[i] for i, s, e in got)


@pytest.mark.parametrize("pattern, word", [
    (r"image \d+ of \d+", "image"), (r"\d+ comments?", None), ("ab", "ab"), ("ab?", None), ("ab+ c", None),
    (r"ab\sc", "ab"), (r"ab\s?c", None), (r"ab\dc", None), ("ab_c", "ab"), ("ab:", "ab"), ("ab:?", None),
    (":ab", None), ("(ab) c", None),
])
def test_head_of_matches(pattern, word):
    assert _head_of_matches(pattern) == word


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "1", " ", ":", "_", r"\d", r"\w", r"\s"]),
                          st.sampled_from(["", "+", "*", "?"])), max_size=6),
       st.text(alphabet="ab :1_\t", max_size=10))
def test_head_of_matches_is_the_head_of_every_match(atoms, text):
    pattern = "".join(a + q for a, q in atoms)
    word = _head_of_matches(pattern)
    if word is not None and regex.fullmatch(pattern, text):
        assert bl.head(text) == word


def _match_line_agrees(f: Furniture, line: str) -> None:
    u = bl.unify(line)
    if not u:
        return
    pieced = any(all(p in u for p in pieces) for pieces in f._scan)
    assert f.match_line(u, bl.head(u), pieced) == f.match_unified(u), line


def test_match_line_is_match_unified():
    f = Furniture.shipped()
    from tests.test_fastpaths import _furniture_like_lines
    for line in _furniture_like_lines() + [l.text for t in REAL.values() for l in iter_lines(t)]:
        _match_line_agrees(f, line)


@settings(max_examples=500, deadline=None)
@given(_line())
def test_match_line_is_match_unified_on_generated_lines(line):
    _match_line_agrees(Furniture.shipped(), line)


@settings(max_examples=200, deadline=None)
@given(_DOCS)
def test_lines_between_sentence_ends(text):
    """The regex over last characters picks what the plain look at each line's neighbours picked."""
    doc = rules.Doc(text, Furniture.shipped())
    nb, folded = doc.nonblank, doc.folded
    may = [folded[i][-1] in rules._MAY_END for i in nb]
    want = [i for k, i in enumerate(nb) if 0 < k < len(nb) - 1 and may[k - 1] and may[k + 1]
            and folded[i][-1] not in ".!?…"]
    assert rules._between_sentence_ends(doc) == want


def test_last_characters_of_sentences():
    """A folded line ending in .!?… ends a sentence; one that ends a sentence ends in `_MAY_END`."""
    for c in ALL:
        if bl.fold(c)[-1] in ".!?…":
            assert c in ".!?…", hex(ord(c))
        if c in ".!?…" + bl._CLOSERS or c.isspace() and c not in "\n\r":
            assert bl.fold(c)[-1] in rules._MAY_END, hex(ord(c))


def test_copyright_pieces_are_what_folding_leaves():
    """`_COPYRIGHT` (regex.I) matches only characters that fold to what `_COPYRIGHT_FOLDED` holds."""
    for c in "(c)©copyr":
        assert {bl.fold(x) for x in regex.findall(regex.escape(c), ALL, regex.I)} == {c}
    assert {bl.fold(x) for x in regex.findall("i", ALL, regex.I)} != {"i"}  # hence "copyr", not "copyright"


@pytest.mark.parametrize("pattern, pieces", [
    (r"\d+ comments?", ("comment",)), (r"image \d+ of \d+", ("image", "of")), (r"a+b*c?d", ("d",)),
    (r"\w+ shares?", ("share",)), ("(a|b)", None), ("a{2}", None), ("a.b", None), ("[ab]c", None), (r"\bx", None),
    ("(?i)x", None), (r"\p{L}x", None), ("a|b", None), ("^ab$", None),
])
def test_required_pieces(pattern, pieces):
    assert _required(pattern) == pieces


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", " ", ":", r"\d", r"\w", r"\s"]),
                          st.sampled_from(["", "+", "*", "?"])), max_size=8),
       st.text(alphabet="ab :1_\t", max_size=12))
def test_required_pieces_are_in_every_match(atoms, text):
    pattern = "".join(a + q for a, q in atoms)
    if regex.fullmatch(pattern, text):
        assert all(p in text for p in _required(pattern))


# --- repeated lines: by head and last word first --------------------------------------------

def _ref_repeated(doc: rules.Doc, min_words: int) -> list[int]:
    """Doc.repeated as it was: every long line keyed by its head and count of characters but white space."""
    long = [(i, len(l) - sum(map(l.count, " " + bl.ODD_SPACES))) for i in doc.nonblank
            if len(l := doc.folded[i]) >= 2 * min_words - 1]
    long = [(i, n) for i, n in long if n >= min_words]
    keys = [(n, doc.heads[i]) for i, n in long]
    return [i for (i, _), k in zip(long, keys) if keys.count(k) > 1]


def _check_repeated(text: str) -> None:
    doc = rules.Doc(text, Furniture.shipped())
    for min_words in (rules.DUPLICATE_MIN_WORDS, 3, 1, 0):
        old, new = _ref_repeated(doc, min_words), doc.repeated(min_words)
        # The lines the old list kept whose unified text another of them has: all that can repeat.
        must = [i for i in old if [doc.unified(j) for j in old].count(doc.unified(i)) > 1]
        assert new == sorted(new) and set(must) <= set(new) <= set(old), (min_words, must, new, old)


def test_repeated_keeps_every_repeated_line_on_real_text():
    for text in REAL.values():
        _check_repeated(text)


@settings(max_examples=300, deadline=None)
@given(_DOCS)
def test_repeated_keeps_every_repeated_line(text):
    _check_repeated(text)
