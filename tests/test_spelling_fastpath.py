"""The spelling stage's fast path gives exactly what the plain scan gave.

The stage no longer runs _CHECKED over the whole text: it looks up the distinct runs of letters of
the shared word scan (cleaner.wordscan), finds only the unknown ones in the text, and adds the words
that a clitic known() does not strip makes of a known run. The plain implementation is kept
below as the reference and compared with the stage on real text (seeds/, ../shared/dev when
present) and on generated text (typos, clitics, camel words, compounds, non-ASCII letters, digits,
punctuation); suggestions, ``spelling.nonwords`` and ``spelling.suggestions`` must be equal
(``spelling.checked`` now counts the document's ASCII words, not _CHECKED's words).
"""

from __future__ import annotations

import bisect
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import real_texts
from cleaner.config import Config
from cleaner.edits import Edit
from cleaner.spelling import allow
from cleaner.spelling.lexicon import known, norm
from cleaner.stages import StageContext
from cleaner.stages import spelling as sp



REAL = real_texts(150, seed=11)
LEARNED = allow.learn(REAL)


# --- the reference: the plain scan the fast path replaced --------------------------------------

def ref_spelling(text: str, config: Config, learned=None) -> tuple[list[Edit], int]:
    """(suggestions, non-words) as the stage computed them with _CHECKED over the whole text."""
    hits = [(m.start(), m.group()) for m in sp._CHECKED.finditer(text)]
    allowed = allow.project_words() | allow.user_words(config)
    unknown = {}
    for w in {w for _, w in hits}:
        key, head = norm(w), norm(sp._split_clitic(w)[0])
        if known(w) or key in allowed or head in allowed or (learned and (key in learned or head in learned)):
            continue
        unknown[w] = head
    if unknown:
        caps = {norm(w) for w in sp._CAPITALISED.findall(text)}
        unknown = {w: h for w, h in unknown.items() if norm(w) not in caps and h not in caps}
    if not unknown:
        return [], 0
    cands = [(pos, w) for pos, w in hits if w in unknown and not sp._in_code(text, pos, pos + len(w))]
    bounds = [m.start() for m in sp._SEGMENT.finditer(text)]
    seg_words = Counter(bisect.bisect_right(bounds, pos) for pos, _ in hits)
    segs = [bisect.bisect_right(bounds, pos) for pos, _ in cands]
    bad = Counter(segs)
    foreign = {s for s, n in bad.items() if n >= 2 and n >= sp.FOREIGN_SHARE * seg_words[s]}
    counts = Counter(w for _, w in cands)
    edits, nonwords = [], 0
    for (pos, w), seg in zip(cands, segs):
        if seg in foreign:
            continue
        nonwords += 1
        if counts[w] >= sp.REPEAT:
            continue
        found = sp._suggestion(w, text)
        if found:
            length, fix, rule, conf, reason = found
            edits.append(Edit(pos, pos + length, text[pos:pos + length], fix, rule, "unsafe", conf, reason))
    return edits, nonwords


def assert_same(text: str, config: Config = Config(), learned=None) -> None:
    ctx = StageContext("t", config, batch={"spelling": learned} if learned is not None else {})
    out = sp.spelling(text, ctx)
    edits, nonwords = ref_spelling(text, config, learned)
    assert out.edits == edits
    assert (out.scores["spelling.nonwords"], out.scores["spelling.suggestions"]) == (nonwords, len(edits))


def assert_words_cover_checked(text: str) -> None:
    """Each word _CHECKED cuts that known() says no to is one of the stage's unknown words, letter for letter."""
    unknown = sp._unknown_words(text)
    assert len(unknown) == len(set(unknown))
    assert {m.group() for m in sp._CHECKED.finditer(text) if not known(m.group())} <= set(unknown)


# --- real text ---------------------------------------------------------------------------------

def test_same_as_reference_on_real_text():
    for text in REAL:
        assert_words_cover_checked(text)
        assert_same(text)
        assert_same(text, learned=LEARNED)


def test_real_text_has_non_words_and_suggestions():
    """The comparison above covers the slow part: documents with non-words and with suggestions."""
    found = [ref_spelling(t, Config()) for t in REAL]
    assert sum(n > 0 for _, n in found) >= 3 and sum(bool(e) for e, _ in found) >= 1


# --- generated text ----------------------------------------------------------------------------

WORDS = [
    "the", "government", "said", "officials", "agreed", "in", "of", "organisers", "didn’t", "don't",
    "goverment", "goverment’s", "goverment's", "seperate", "teh", "thei", "teaher", "theair", "astroll",
    "sourcerussian", "inthe", "didnt", "zorbex", "zorbex’s", "zorbl", "kulebs", "kuleba", "abc'x", "rock'n'roll",
    "Goverment", "GOVERMENT", "Zorbex", "Kuleba", "KULEBA", "\u212aULEBA", "Sanjiv", "ABC", "Putin",
    "saidPutin", "saidSanjiv", "anyOne", "macOS", "newABC", "iPhone", "getElementById", "factCheckUK",
    "could’t", "could't", "rock’n", "they’em", "dog’xy", "goverment’ss", "’tis", "o’clock", "y’all",
    "ma’am", "didn’", "sa\u212aid", "saidK", "aaaa", "aaa", "teh’s", "pp" * 40 + "q",
    "nous", "lâcherons", "rien", "vincit", "qui", "patitur", "naïve", "café", "İstanbul", "straße", "e\u0301te",
    "well-known", "co-op", "a/b", "3rd", "10.5", "x1", "ab", "x", "cutscene", "weeklong", "uncited",
]
SEPS = [" ", " ", " ", "  ", "\n", ". ", ", ", "; ", "-", "/", "@", "#", "_", "\\", "=", "&", "*", "+", "'",
        "’", "'s ", "’s ", "'x ", ".", ".a", "“", "”", "«", "»", "(", ")", "[", "]", "…", ":", "!", "?",
        "’t ", "'em ", "’nr", "’d", "’ll", "’lls ", "’S ", "1", "é", "\u0301", "İ", "ß", "—", "\t", "\r\n", "Σ", "K"]


@st.composite
def articles(draw):
    """Words and separators, now and then a run of random letters (a non-word) or real text."""
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            parts.append(draw(st.text(alphabet="abcdeiklmnorstuz", min_size=2, max_size=9)))
        elif kind == 1 and REAL:
            text = draw(st.sampled_from(REAL))
            start = draw(st.integers(0, max(0, len(text) - 1)))
            parts.append(text[start:start + draw(st.integers(0, 300))])
        else:
            parts.append(draw(st.sampled_from(WORDS)))
        parts.append(draw(st.sampled_from(SEPS)))
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(articles(), st.sets(st.sampled_from(["goverment", "zorbex", "kulebs", "seperate"])))
def test_same_as_reference_on_generated_text(text, learned):
    assert_words_cover_checked(text)
    assert_same(text)
    assert_same(text, learned=frozenset(learned))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeinorstAKZ'’-./@#_\\=1 \n.;“é\u0301İ\u212a", max_size=60))
def test_same_as_reference_on_character_soup(text):
    assert_words_cover_checked(text)
    assert_same(text)


@pytest.mark.parametrize("text", [
    "The goverment and zorbl agreed. zorbl, zorbl!\n",               # repeated non-word: no suggestion
    "Il a dit: « nous ne lacherons rien zorbl vraiment ».\n",         # a foreign segment
    "zorbl qwerp the cat sat dog.net is here.\n",                    # 2 of 5 words: foreign ("dog" is not one)
    "GOVERMENT sources: the goverment said so.\n",                    # a name here, in any case
    "The \u212aULEBA team met; kuleba agreed.\n",                     # the Kelvin sign lower-cases to k
    "İstanbul: the goverment said so.\n",                             # İ lower-cases to two characters
    "Officials saidSanjiv left. Sanjiv agreed.\n",                    # camel word, name in the document
    "Under the goverment’s plan and the goverment's.\n",              # both apostrophes
    "path a/goverment/b and goverment_x, goverment= and #goverment\n",  # code around the word
])
def test_same_as_reference_on_edge_cases(text):
    assert_words_cover_checked(text)
    assert_same(text)


def test_lower_is_place_for_place():
    """_capitalised finds keys in ``_lower(text)`` at the places of ``text``: only "İ" lower-cases to
    more than one character (final sigma stays one)."""
    assert [hex(c) for c in range(0x110000) if len(chr(c).lower()) != 1] == ["0x130"]
    text = "İSTANBUL ΟΔΟΣ \u212aULEBA"
    assert len(sp._lower(text)) == len(text)


# --- suggestions: candidates by one set intersection -------------------------------------------

def _plain_typo(key: str) -> str | None:
    """suggest.typo as written first: _candidate_ok asked of each edit."""
    from cleaner.spelling import suggest as sg
    from cleaner.spelling.lexicon import zipf

    if sg.derived(key):
        return None
    cands = sorted(((zipf(c), c) for c in sg.edits1(key) if c != key and sg._candidate_ok(c)), reverse=True)
    if not cands:
        return None
    best_z, best = cands[0]
    if (key[0] == "a" and best == key[1:]) or (key[-1] == "a" and best == key[:-1]):
        return None
    if len(cands) > 1 and best_z - cands[1][0] < sg.MARGIN:
        return None
    if best_z - zipf(key) < sg.OVER_WORD:
        return None
    return best


def _typo_keys() -> list[str]:
    import random

    rng = random.Random(5)
    words = sorted({m.group().lower() for t in REAL[:20] for m in sp._CHECKED.finditer(t)})
    keys = set(words[::3])
    for w in words[::2]:  # one edit away from a real word, as a typist makes them
        i = rng.randrange(len(w))
        keys.add(w[:i] + w[i + 1:])
        keys.add(w[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz'") + w[i:])
        keys.add(w[:i] + w[i + 1:i + 2] + w[i:i + 1] + w[i + 2:])
    return sorted(k for k in keys if len(k) >= 3) + ["goverment", "seperate", "teh", "didnt", "its'", "ulema"]


def test_typo_and_near_match_candidate_ok_over_every_edit():
    from cleaner.spelling import suggest as sg

    keys = _typo_keys()
    got = [sg.typo.__wrapped__(k) for k in keys]
    assert got == [_plain_typo(k) for k in keys]
    assert [sg.near.__wrapped__(k) for k in keys] == [any(sg._candidate_ok(c) for c in sg.edits1(k) if c != k)
                                                      for k in keys]
    assert sum(g is not None for g in got) > 100  # real corrections among them
