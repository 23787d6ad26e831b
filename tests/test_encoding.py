"""Encoding repair on mojibake we make ourselves; clean text is left alone."""

from __future__ import annotations

import pytest

from cleaner import Config, apply, clean_text

ENC_ONLY = Config(stages=("encoding",))

SENTENCES = [
    "The Kremlin’s security demands were rejected, Putin’s aides said.",
    "“We are ready to work further together,” Putin said — cautiously.",
    "Zelenskyy met Scholz in Kyiv; the café near Maidan stayed open.",
    "Prices rose 5% to €1,200 in São Paulo and Zürich…",
]


def utf8_read_as_cp1252(s: str) -> str:
    """The classic mojibake: UTF-8 bytes decoded as Windows-1252.

    Browsers and most scrapers decode the five bytes cp1252 leaves undefined
    (0x81, 0x8d, 0x8f, 0x90, 0x9d) as the same-numbered control characters.
    """
    import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

    return s.encode("utf-8").decode("sloppy-windows-1252")


@pytest.mark.parametrize("sentence", SENTENCES)
def test_mojibake_is_repaired_with_explained_spans(sentence):
    broken = utf8_read_as_cp1252(sentence)
    assert broken != sentence
    r = clean_text(broken + "\n", ENC_ONLY)
    assert r.text == sentence + "\n"
    assert r.edits and all(e.rule == "encoding.mojibake" for e in r.edits)
    for e in r.edits:
        # Spans are token-sized, not the whole line, and each says why.
        assert len(e.before) < len(broken) and "wrong encoding" in e.reason
        assert broken[e.start:e.end] == e.before
    assert apply(broken + "\n", r.edits) == r.text


def test_mojibake_inside_clean_paragraph_touches_only_the_broken_word():
    text = "Officials said “cautious optimism” was warranted. The Kremlinâ€™s reply came late.\n"
    r = clean_text(text, ENC_ONLY)
    assert r.text == text.replace("Kremlinâ€™s", "Kremlin’s")
    assert [e.before for e in r.edits] == ["Kremlinâ€™s"]


@pytest.mark.parametrize("raw,fixed", [
    ("AT&amp;T and Johnson &amp; Johnson", "AT&T and Johnson & Johnson"),
    ("He said &quot;no&quot; &#8212; twice", "He said \"no\" — twice"),
    ("caf&eacute; &lt;3", "café <3"),
])
def test_html_entities_are_unescaped(raw, fixed):
    r = clean_text(raw, ENC_ONLY)
    assert r.text == fixed
    assert {e.rule for e in r.edits} == {"encoding.html-entity"}


def test_markup_text_keeps_entities():
    # ftfy's "auto" leaves entities alone when the text has real tags in it.
    raw = "<p>AT&amp;T</p>"
    assert clean_text(raw, ENC_ONLY).text == raw


@pytest.mark.parametrize("text", [
    "“Curly quotes” and ‘single’ ones stay curly.",
    "Ligatures like ﬁnance and ﬂow stay as they are.",
    "Full-width ＡＢＣ and half-width ｶﾀｶﾅ stay.",
    "Em dash — en dash – ellipsis … non-breaking\u00a0space.",
    "Accents: naïve, résumé, Škoda, Łódź, İstanbul, Ærø.",
    "Greek Αθήνα, Cyrillic Москва, Arabic القاهرة, CJK 北京.",
    "Emoji 🇺🇦 and ✓ marks.",
])
def test_clean_unicode_is_untouched(text):
    r = clean_text(text, Config())
    assert r.text == text and not r.edits and not r.suggestions


def test_control_characters_are_removed():
    r = clean_text("Breaking\x00 news\x1b[31m now", ENC_ONLY)
    assert "\x00" not in r.text and "\x1b" not in r.text
    assert all(e.rule.startswith("encoding.") for e in r.edits)


def test_seeds_need_no_encoding_repair(seed_texts):
    for name, text in seed_texts.items():
        assert not clean_text(text, ENC_ONLY).edits, name


def test_clean_corpus_needs_no_encoding_repair(clean_corpus):
    changed = {n: [e.before for e in clean_text(t, ENC_ONLY).edits] for n, t in clean_corpus.items()}
    assert {n: b for n, b in changed.items() if b} == {}
