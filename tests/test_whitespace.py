from __future__ import annotations

from cleaner import Config, apply, clean_text

WS = Config(stages=("whitespace",))


def test_blank_runs_leading_and_trailing():
    text = "\n\n  \nHeadline  \nFirst paragraph.\t\n\n\n\n\nSecond paragraph.\n\n\n"
    r = clean_text(text, WS)
    assert r.text == "Headline\nFirst paragraph.\n\nSecond paragraph.\n"
    assert {e.rule for e in r.edits} == {"whitespace.leading-blank", "whitespace.trailing-space",
                                         "whitespace.blank-run", "whitespace.trailing-blank"}
    assert apply(text, r.edits) == r.text


def test_single_blank_lines_between_paragraphs_are_kept():
    text = "One.\n\nTwo.\n\nThree.\n"
    assert not clean_text(text, WS).edits


def test_crlf_is_preserved():
    text = "One.\r\n\r\n\r\n\r\nTwo.  \r\n"
    assert clean_text(text, WS).text == "One.\r\n\r\nTwo.\r\n"


def test_whitespace_only_document_becomes_empty():
    assert clean_text(" \n\n\t\n", WS).text == ""


def test_text_without_final_newline_keeps_it_that_way():
    assert clean_text("Done.", WS).text == "Done."
    assert clean_text("Done.  ", WS).text == "Done."


def test_idempotent_on_seeds(seed_texts):
    for name, text in seed_texts.items():
        once = clean_text(text).text
        assert not clean_text(once).edits, name
