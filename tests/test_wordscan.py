"""The shared word scan (cleaner.wordscan) and what spin reads from it; its compiled passes (numba, the
``fast`` extra) against its pure-Python ones.

The vocabulary score and the fingerprint pre-check used to read their own lower-cased scan; they now
read the scan as written, with table words looked up in their lower-case, Capitalised and CAPITALS
forms. The plain lower-case computation is kept here as the reference: the score must be the same
wherever no word in mixed case ("iPhone", "ProMotion") is a table word in lower case.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from tests.conftest import real_texts
from cleaner import wordscan
from cleaner.spelling.lexicon import plain_known_words
from cleaner.spin import vocabulary
from cleaner.spin.fingerprints import default_index, evidence_index
from cleaner.wordscan import RunTable, Words, cased, scan

REAL = real_texts(200, seed=5)


def lower_score(text: str) -> float:
    """The vocabulary score as computed before the shared scan: every word lower-cased."""
    words = text.replace("\u212a", "k").encode("utf-8", "surrogatepass").lower()
    words = re.sub(rb"[^a-z]+", b" ", words).split()
    table = {w.lower(): r for w, r in vocabulary.ratios().items()}
    found = [table.get(w) for w in words]
    n = len(found) - found.count(None)
    return round(sum(r for r in found if r is not None) / (n + vocabulary.PRIOR_WORDS), 4)


def mixed_case_table_words(text: str) -> set[str]:
    table = vocabulary.ratios()
    return {w for w in re.findall(r"[A-Za-z]+", text)
            if w.encode() not in table and w.lower().encode() in table}


def test_score_matches_the_lower_case_reference_on_real_text():
    same = 0
    for text in REAL:
        if not mixed_case_table_words(text):
            assert vocabulary.score(scan(text)) == lower_score(text)
            same += 1
    assert same >= 150  # the comparison covered most documents


def test_words_in_mixed_case_are_not_table_words():
    text = "The display uses ProMotion; a PROMOTION and a Promotion and a promotion."
    assert mixed_case_table_words(text) == {"ProMotion"}
    table = vocabulary.ratios()
    found = [w for w in scan(text).words if w.lower() == b"promotion" and w in table]
    assert found == [b"PROMOTION", b"Promotion", b"promotion"]


def test_scan_is_shared_for_the_same_text_object():
    text = "".join(["The Chilly Battle ended. ", "Overseas Minister Ann Lee spoke."])
    first = scan(text)
    assert scan(text) is first
    copy = "".join([text[:10], text[10:]])  # equal, another object: scanned again, same result
    assert copy == text and copy is not text
    again = scan(copy)
    assert again is not first and again == first


def test_scan_reads_ascii_letters_as_written():
    s = scan("naïve Kuleba’s \u212aULEBA co-op x2y")
    assert s.words == [b"na", b"ve", b"Kuleba", b"s", b"KULEBA", b"co", b"op", b"x", b"y"]
    assert s.utf8 == "naïve Kuleba’s KULEBA co-op x2y".encode()
    # Each run is found in `letters`, with a space before it, at its offset in utf8.
    for w in set(s.words):
        at = s.letters.find(b" " + w + b" ")
        assert s.utf8[at:at + len(w)] == w


def test_cased_forms():
    assert cased("white") == (b"white", b"White", b"WHITE")
    assert cased("a") == (b"a", b"A")


# --- compiled passes against the pure-Python ones --------------------------------------------------------

needs_numba = pytest.mark.skipif(wordscan.kernels() is None, reason="numba (the fast extra) not installed")


def tables() -> list[tuple[RunTable, bool]]:
    """(table, whether it holds floats) for the tables the stages use, and small ones with edge cases
    (empty, one-letter keys, a zero, the same word in two cases)."""
    return [(vocabulary.ratio_table(), True), (RunTable(plain_known_words()), False),
            (evidence_index(default_index()), False), (RunTable({}), True),
            (RunTable({b"a": 1.5, b"I": -0.25, b"the": 0.0, b"The": 2.0, b"Kelvin": 1.0,
                       # longer than the 16 bytes a compiled slot holds, alike in those 16
                       b"internationalization": 0.5, b"internationalizations": 0.75}), True),
            (RunTable({b"": 1.0, b"the": 2.0}), True)]  # a key no run can be: read in Python


def answers(words: Words, table: RunTable, floats: bool, compiled: bool) -> tuple:
    with pytest.MonkeyPatch.context() as m:
        if not compiled:
            m.setattr(wordscan, "kernels", lambda: None)
        fresh = Words(words.utf8)  # nothing computed yet by the other path
        return fresh.count(), fresh.total(table) if floats else None, fresh.starts(table), fresh.absent(table)


def defined_answers(words: Words, table: RunTable, floats: bool) -> tuple:
    """Straight from the definitions: split the letters, then look each run up."""
    runs = words.letters.split()
    total = None
    if floats:
        found = [table.values[w] for w in runs if w in table.values]
        acc = 0.0
        for v in found:  # left to right
            acc += v
        total = (len(found), acc)
    starts, at = [], 0
    for w in runs:
        at = words.letters.index(b" " + w + b" ", at)
        if w in table.values:
            starts.append((at, w))
        at += len(w)
    absent = {w for w in runs if len(w) >= 3 and w[:2].islower() and w not in table.values}
    return len(runs), total, starts, absent


@pytest.mark.parametrize("compiled", [False, pytest.param(True, marks=needs_numba)])
def test_passes_match_their_definition_on_real_text(compiled):
    checked = 0
    for table, floats in tables():
        for text in REAL[:60]:
            w = scan(text)
            got = answers(w, table, floats, compiled)
            assert got == defined_answers(w, table, floats), text[:100]
            checked += bool(got[2])
    assert checked >= 100  # runs were found in the tables, not only missed


PIECES = list("abcAB’'-\n\u212aé. ") + ["the ", "The ", "THE ", "I ", "a ", "said ", "White ", "Home", "xyz",
                                            "internationalization", "internationalizatiom", "s "]


@needs_numba
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_compiled_passes_match_pure_python_on_any_text(text):
    w = scan(text)
    for table, floats in tables():
        assert answers(w, table, floats, True) == answers(w, table, floats, False), text


@needs_numba
def test_the_pipeline_gives_the_same_results_with_and_without_the_compiled_passes(monkeypatch):
    from cleaner.pipeline import clean_text

    texts = REAL[:120] + ["The Chilly Battle ended. Overseas Minister Ann Lee instructed reporters.\n",
                          "The goverment said the White Home officials met.\n"]
    compiled = [clean_text(t) for t in texts]
    monkeypatch.setattr(wordscan, "kernels", lambda: None)
    wordscan._last = None
    assert [clean_text(t) for t in texts] == compiled
    assert any(r.edits or r.suggestions for r in compiled)
