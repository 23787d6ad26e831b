"""The shared word scan (cleaner.wordscan) and what spin reads from it.

The vocabulary score and the fingerprint pre-check used to read their own lower-cased scan; they now
read the scan as written, with table words looked up in their lower-case, Capitalised and CAPITALS
forms. The plain lower-case computation is kept here as the reference: the score must be the same
wherever no word in mixed case ("iPhone", "ProMotion") is a table word in lower case.
"""

from __future__ import annotations

import re

from tests.conftest import real_texts
from cleaner.spin import vocabulary
from cleaner.wordscan import cased, scan

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
            assert vocabulary.score(vocabulary.tokens(text)) == lower_score(text)
            same += 1
    assert same >= 150  # the comparison covered most documents


def test_words_in_mixed_case_are_not_table_words():
    text = "The display uses ProMotion; a PROMOTION and a Promotion and a promotion."
    assert mixed_case_table_words(text) == {"ProMotion"}
    table = vocabulary.ratios()
    found = [w for w in vocabulary.tokens(text) if w.lower() == b"promotion" and w in table]
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
