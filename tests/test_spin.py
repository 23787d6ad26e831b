"""The spin stage on composed sentences, the seeds and (when present) the clean dev articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import clean_text
from cleaner.config import Config
from cleaner.edits import apply
from cleaner.spin.casing import match_case
from cleaner.spin.fingerprints import find_number_words, find_spintax
from cleaner.spin.thesaurus import load_thesaurus
from cleaner.spin.tokens import tokenize
from cleaner.wordlists import load

SPUN = ("Prime officials stated the Chilly Battle is back. The Overseas Minister instructed reporters "
        "at an information convention that the 2 former foes act in good religion, "
        "the White Home stated. Jap Europe waits.\n")
CLEAN = ("Prime Minister Ann Lee said the chief of the U.S. Navy spoke at Battle Creek. "
         "Chief Justice Roberts told reporters the navy blue coats were taking pictures.\n")


def _check_law(r):
    assert apply(r.original, r.edits) == r.text


def test_fingerprints_repaired_with_case():
    r = clean_text(SPUN)
    _check_law(r)
    assert r.scores["spin.verdict"] == "spun"
    for want in ("Cold War", "Foreign Minister told reporters", "news conference", "good faith",
                 "White House", "Eastern Europe", "the two former"):
        assert want in r.text
    assert "Chilly" not in r.text


def test_clean_sentences_untouched():
    r = clean_text(CLEAN, Config(unsafe_fixes=True))
    assert r.edits == () and r.suggestions == ()
    assert r.scores["spin.verdict"] == "clean"


def test_keep_phrases_protected_in_spun_doc():
    text = SPUN + "Prime Minister Ann Lee met the Chief Justice.\n"
    r = clean_text(text, Config(unsafe_fixes=True))
    _check_law(r)
    assert "Prime Minister Ann Lee met the Chief Justice." in r.text


def test_allow_words_protect():
    r = clean_text(SPUN, Config(allow_words=frozenset({"chilly"})))
    _check_law(r)
    assert "Chilly Battle" in r.text
    assert "White House" in r.text


def test_one_fingerprint_is_only_suspect():
    r = clean_text("The White Home is painted. Officials said the 2 former rivals met.\n")
    assert r.scores["spin.verdict"] == "suspect"
    assert "White House" in r.text
    assert "the 2 former" in r.text  # number words only inside a document judged spun


def test_match_case():
    assert match_case("CHILLY BATTLE", "cold war") == "COLD WAR"
    assert match_case("Chilly battle", "cold war") == "Cold war"
    assert match_case("chilly battle", "cold war") == "cold war"


def test_spintax():
    assert find_spintax("or {that a} willingness") == [(3, 11, "that a", False)]
    assert find_spintax("if (x) { return y; }") == []
    assert find_spintax("template {name} here") == []
    r = clean_text(SPUN + "We cannot say {that a} deal is near.\n")
    assert "say that a deal" in r.text


@pytest.mark.parametrize("text", ["the 2 points", "on Jan. 2 they met", "the 2 percent rise", "Model 3 cars",
                                  "the 9 of them", "scored 2 goals", "the 2-1 win",
                                  "the 3rd quarter", "the 7th time"])
def test_number_words_leave_quantities(text):
    assert find_number_words(tokenize(text)) == []


def test_number_word_found():
    assert [(t.text, w) for t, w in find_number_words(tokenize("that the 3 remaining cases"))] == [("3", "three")]


def test_user_table_and_synonyms(tmp_path):
    table = tmp_path / "mine.tsv"
    table.write_text("#! columns: phrase replacement tier match note\n"
                     "frosty conflict\tcold war\tsafe\tany\tmy spinner\n", encoding="utf-8")
    r = clean_text("The Frosty Conflict ended. The Frosty Conflict began.\n", Config(tables=(str(table),)))
    _check_law(r)
    assert r.text == "The Cold War ended. The Cold War began.\n"
    syn = tmp_path / "syn.txt"
    syn.write_text("say|state|declare\n", encoding="utf-8")
    th = load_thesaurus(str(syn))
    assert ("state",) in [e[0] for e in th.lookup(["state"], 0)]
    assert "say" in th.lookup(["state"], 0)[0][1]


def test_tables_have_known_tiers():
    fp = load("spin_fingerprints.tsv")
    assert {r[fp.columns.index("tier")] for r in fp.rows} <= {"safe", "unsafe", "context", "keep"}
    assert {r[fp.columns.index("match")] for r in fp.rows} <= {"any", "title"}
    cands = load("spin_candidates.tsv").as_dicts()
    by = {r["spun"]: r["candidates"].split("|") for r in cands}
    assert "said" in by["stated"] and "officials" in by["officers"] and "military" in by["navy"]


def test_seed_verdicts(seed_texts):
    for name, text in seed_texts.items():
        r = clean_text(text)
        _check_law(r)
        want = "spun" if name.startswith("003_") else "clean"
        assert r.scores["spin.verdict"] == want, name


def test_context_repair_is_unsafe_and_needs_lm(seed_texts):
    pytest.importorskip("pocketsphinx")
    text = next(t for n, t in seed_texts.items() if n.startswith("003_"))
    r = clean_text(text, Config(unsafe_fixes=True))
    _check_law(r)
    ctx = [e for e in r.edits if e.rule == "spin.context"]
    assert ctx and all(e.safety == "unsafe" for e in ctx)
    # The spinner wrote "stated" for every "said"; context brings most back.
    assert sum(1 for e in ctx if (e.before, e.after) == ("stated", "said")) >= 10
    assert not any(e.rule == "spin.context" for e in clean_text(text).edits)


def test_clean_corpus_untouched(clean_corpus):
    for name, text in clean_corpus.items():
        r = clean_text(text, Config(unsafe_fixes=True))
        assert r.scores["spin.verdict"] == "clean", name
        assert not [e for e in r.edits if e.rule.startswith("spin.")], name


# Context evidence: a paragraph written for this test, and the same paragraph spun by hand with thesaurus
# swaps (no fingerprint phrase of ours in it), as a spinner without our fingerprints would.
PARA = ("The city council voted on Tuesday to raise the price of bus tickets for the first time in ten years. "
        "Officials said the money would help pay for new buses and better service on busy routes. "
        "Some residents told the meeting that the increase was too high for families who depend on public "
        "transport. The mayor said she understood their concerns, but added that the system had lost money "
        "every year since the pandemic. The new fares will take effect next month, and students and older "
        "people will still get a discount. A final report on the plan is expected in the spring.\n")
PARA_SPUN = ("The metropolis assembly balloted on Tuesday to lift the value of bus passes for the initial period in "
             "ten years. Officers stated the cash would assist compensate for novel buses and superior assistance "
             "on active paths. Some inhabitants informed the gathering that the growth was overly elevated for "
             "households who rely on communal conveyance. The mayor stated she grasped their worries, however "
             "appended that the structure had misplaced cash each year since the pandemic. The novel charges will "
             "bring outcome subsequent month, and pupils and elder individuals will nevertheless obtain a "
             "reduction. A concluding account on the scheme is anticipated in the springtime.\n")


def test_context_evidence_detects_spin_without_fingerprints():
    pytest.importorskip("pocketsphinx")
    from cleaner.spin.verdict import SPUN_GAIN

    r = clean_text(PARA_SPUN)
    _check_law(r)
    assert r.scores["spin.fingerprints"] == 0
    assert r.scores["spin.context_gain"] >= SPUN_GAIN
    assert r.scores["spin.verdict"] == "spun"
    # Context repairs are suggestions only: default mode changes no word of it.
    assert not [e for e in r.edits if e.rule == "spin.context"]
    assert any(s.rule == "spin.context" for s in r.suggestions)
    ru = clean_text(PARA_SPUN, Config(unsafe_fixes=True))
    _check_law(ru)
    for back in ("the cash would help", "Some people told the", "The mayor said she", "next month"):
        assert back in ru.text  # spun words come back in unsafe mode


def test_context_evidence_none_on_the_clean_paragraph():
    pytest.importorskip("pocketsphinx")
    from cleaner.spin.verdict import SUSPECT_GAIN

    for text in (PARA, PARA * 20):  # a long document is sampled, still clean
        r = clean_text(text, Config(unsafe_fixes=True))
        assert r.scores["spin.context_gain"] < SUSPECT_GAIN
        assert r.scores["spin.verdict"] == "clean"
        assert not [e for e in r.edits if e.rule.startswith("spin.")]


def test_context_evidence_bounded_and_switchable():
    pytest.importorskip("pocketsphinx")
    from cleaner.spin.evidence import MAX_SITES, gain
    from cleaner.spin.lm import get_model

    g = gain(PARA_SPUN * 10, get_model())
    assert g.sites == MAX_SITES < g.eligible and g.strong > 10
    assert gain(PARA_SPUN * 10, get_model()) == g  # the text alone decides
    off = Config(stage_options={"spin": {"detect_context": False}})
    assert clean_text(PARA_SPUN, off).scores["spin.verdict"] == "clean"


def test_names_are_not_evidence():
    pytest.importorskip("pocketsphinx")
    from cleaner.spin.evidence import gain
    from cleaner.spin.lm import get_model

    # Capitalised words inside a sentence are names, never sites, however odd they read.
    names = "Officials met Novel Charges and Superior Assistance at Active Paths on Tuesday.\n"
    assert gain(names, get_model()).eligible == 2  # "officials" and "met" only
    assert gain(names.lower(), get_model()).eligible > 5


# The fast paths of the evidence scan must read a text exactly as the general ones do.
@pytest.mark.parametrize("text", [
    "Officials said: “the 2 former foes” — met (again) on Jan. 2, 3.5 times - it's pro-Russian U.S. policy…\n",
    "Don’t stop; well-known A.B. rules [sic] 10,000:1 --- then -x- and 'quoted' ‘single’ words!\r\n",
    "Café Müller’s naïve coöperation ² ½ stays with the general reader.",
])
def test_plain_tokenizer_matches_unicode_one(text):
    from cleaner.spin import evidence as ev

    flat = text.replace("’", "'")
    assert ev.sequence(text) == ev._WORD_OR_BREAK.findall(flat)
    if ev._NOT_PLAIN.search(flat) is None:
        assert ev._WORD_OR_BREAK_PLAIN.findall(flat) == ev._WORD_OR_BREAK.findall(flat)


def test_sites_are_keys_outside_names():
    from cleaner.spin import evidence as ev

    seq, low = ev.words("Said the Battle Creek officer. Battle plans: said Officer Lee, officer said")
    cands = {"said": ("told",), "battle": ("war",), "officer": ("official",)}
    brk = ev.BREAKS
    # The rule written out: a key, and not a capitalised word inside a sentence.
    want = [p for p, w in enumerate(low) if w in cands and (p == 0 or seq[p - 1] in brk or not seq[p][0].isupper())]
    assert ev.sites_of(seq, low, cands) == want == [0, 4, 6, 9, 12, 13]


def test_evidence_precheck_finds_a_phrase_at_a_later_occurrence():
    from cleaner.spin.fingerprints import default_index, evidence_index, may_have_evidence
    from cleaner.spin.vocabulary import tokens

    ev = evidence_index(default_index())
    assert may_have_evidence(tokens("the chilly morning and the Chilly Battle"), ev)
    assert not may_have_evidence(tokens("the chilly morning and a chilly night"), ev)
    assert not may_have_evidence([], ev)
    assert may_have_evidence(tokens("the chilly morning"), None)  # a table the pre-check cannot read


def _evidence_texts() -> list[str]:
    """Texts with and without fingerprints: every evidence phrase written as prose would write it
    (capitalised, after punctuation, with curly apostrophes), and real articles."""
    from cleaner.spin.fingerprints import default_index

    out = []
    for ps in default_index().values():
        for p in ps:
            words = " ".join(p.words)
            out += [f"They met the {words} on Monday.", f"“{words.title()}”, he said.",
                    f"A {words.replace(chr(39), '’')}'s plan; {words.upper()}!"]
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "dev"
    files = sorted(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"))
    files += sorted(shared.glob("clean/*.txt"))[:40] + sorted(shared.glob("boiler/html-text/*.txt"))[:40]
    return out + [f.read_text(encoding="utf-8") for f in files]


def test_evidence_precheck_is_a_superset_of_phrase_matching():
    """Whenever a safe or unsafe fingerprint matches, the pre-check says it may (the stage relies on it)."""
    from cleaner.spin.fingerprints import default_index, evidence_index, find_phrases, may_have_evidence
    from cleaner.spin.tokens import tokenize
    from cleaner.spin.vocabulary import tokens

    index = default_index()
    ev = evidence_index(index)
    hits = 0
    for text in _evidence_texts():
        found = [m for m in find_phrases(tokenize(text), text, index) if m.tier in ("safe", "unsafe")]
        hits += bool(found)
        if found:
            assert may_have_evidence(tokens(text), ev), text[:200]
    assert hits > 50  # the check was exercised
