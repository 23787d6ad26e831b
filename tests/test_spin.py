"""The spin stage on composed sentences, the seeds and (when present) the clean dev articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import clean_text
from cleaner.config import Config
from cleaner.edits import apply
from cleaner.spin.casing import match_case
from cleaner.spin.fingerprints import find_number_words, find_spintax
from cleaner.spin.thesaurus import load_thesaurus
from cleaner.spin.tokens import tokenize
from cleaner.wordlists import load
from tests.conftest import SHARED_DEV

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
    from cleaner.wordscan import scan

    ev = evidence_index(default_index())
    assert may_have_evidence(scan("the chilly morning and the Chilly Battle"), ev)
    assert may_have_evidence(scan("the chilly morning and the CHILLY — battle"), ev)
    assert not may_have_evidence(scan("the chilly morning and a chilly night"), ev)
    assert not may_have_evidence(scan("the Chilly Battleship"), ev)  # the last word must be whole
    assert not may_have_evidence(scan(""), ev)
    assert may_have_evidence(scan("the chilly morning"), None)  # a table the pre-check cannot read


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
    from cleaner.wordscan import scan

    index = default_index()
    ev = evidence_index(index)
    hits = 0
    for text in _evidence_texts():
        found = [m for m in find_phrases(tokenize(text), text, index) if m.tier in ("safe", "unsafe")]
        hits += bool(found)
        if found:
            assert may_have_evidence(scan(text), ev), text[:200]
    assert hits > 50  # the check was exercised


def _may_have_evidence_by_words(words: list[bytes], index) -> bool:
    """The pre-check as it was written first (the oracle for the search of the letters): each phrase's
    first word as written, the next words lower-cased, compared on the list of words."""
    from cleaner.wordscan import cased, scan

    firsts: dict[bytes, list[tuple[bytes, ...]]] = {}
    for ps in index.values():
        for p in ps:
            if p.tier in ("safe", "unsafe"):
                ph = tuple(scan(" ".join(p.words).lower()).words)
                for form in cased(ph[0].decode()):
                    firsts.setdefault(form, []).append(ph)
    for i, w in enumerate(words):
        for ph in firsts.get(w, ()):
            if tuple(x.lower() for x in words[i:i + len(ph)]) == ph:
                return True
    return False


def test_evidence_precheck_agrees_with_the_word_list_version():
    from cleaner.spin.fingerprints import default_index, evidence_index, may_have_evidence
    from cleaner.wordscan import scan

    index = default_index()
    ev = evidence_index(index)
    texts = _evidence_texts()
    # Phrases cut short, run together or followed by more letters, and written in mixed case.
    texts += [t.replace(" ", "", 1) for t in texts[:300]] + [t[:-12] + "s" for t in texts[:300]]
    texts += [t.swapcase() for t in texts[:300]]
    says = [may_have_evidence(scan(t), ev) for t in texts]
    assert says == [_may_have_evidence_by_words(scan(t).words, index) for t in texts]
    assert 50 < sum(says) < len(texts)


# Context repair's fast paths (thesaurus lookup by key, window scoring with the cache inlined, candidate
# plans memoised in the model, tokenizer gaps) against the plain implementations they replaced, kept here
# as oracles: every suggestion, gain and token must be the same.

def _plain_lookup(th, words, i):
    return [e for e in th._index.get(words[i], ()) if tuple(words[i:i + len(e[0])]) == e[0]]


def _plain_tokenize(text):
    from cleaner.spin import tokens as tk

    out, pos, quoted = [], 0, False
    for m in tk._TOKEN.finditer(text):
        gap = text[pos:m.start()]
        if gap != " ":
            quoted = tk._quote_change(gap, quoted)
        brk = not out or bool(tk._BREAK.search(gap))
        w = m.group(0)
        out.append(tk.Token(m.start(), m.end(), w, w.lower().replace("’", "'"), brk, quoted))
        pos = m.end()
    return out


def _plain_suggest(tokens, text, th, model, protected=(), margin=None):
    """cleaner.spin.context.suggest before its fast paths: model.score per candidate, a scan per lookup."""
    from collections import defaultdict

    from cleaner.spin import context as cx

    margin = cx.MARGIN if margin is None else margin
    words = [t.lower for t in tokens]
    present, low_text, usable, blocked = set(words), text.lower(), {}, set(protected)
    seq, pos = cx._seq(tokens)
    gains = defaultdict(lambda: defaultdict(list))
    occ = defaultdict(list)
    for i, t in enumerate(tokens):
        if i in blocked or (t.capitalised and not t.brk) or not t.text[:1].isalpha():
            continue
        for key, cands in _plain_lookup(th, words, i):
            k = len(key)
            span = tokens[i:i + k]
            if any(s.brk for s in span[1:]) or any(i + d in blocked for d in range(k)):
                continue
            if k > 1 and any(s.capitalised for s in span[1:]):
                continue
            occ[key].append((i, i + k))
            left, spun, right = cx._window(seq, pos[i], k)
            a = left + spun + right
            base = model.score(a, len(left), len(a))
            for c in cands:
                if c not in usable:
                    usable[c] = c.split() if all(model.known(w) for w in c.split()) else None
                cw = usable[c]
                if cw is None:
                    continue
                b = left + cw + right
                g = model.score(b, len(left), len(b)) - base - cx.LENGTH_COST * (len(spun) - len(cw))
                if t.quoted:
                    g -= cx.QUOTE_EXTRA
                gains[key][c].append(g)
    out = []
    for key, by_cand in gains.items():
        n = len(occ[key])
        best, best_mean = None, float("-inf")
        for c, gs in by_cand.items():
            if len(gs) != n:
                continue
            mean = sum(gs) / n - (cx.PRESENT_PENALTY if c in present or (" " in c and c in low_text) else 0.0)
            if mean > best_mean:
                best, best_mean = c, mean
        if best is None or best_mean < margin:
            continue
        for (i, j), g in zip(occ[key], by_cand[best]):
            if g <= 0:
                continue
            before = text[tokens[i].start:tokens[j - 1].end]
            out.append(cx.Suggestion(i, j, tokens[i].start, tokens[j - 1].end, before,
                                     match_case(before, best), best_mean, n))
    out.sort(key=lambda s: -s.gain)
    taken, kept = set(), []
    for s in out:
        if taken.isdisjoint(range(s.i, s.j)):
            kept.append(s)
            taken.update(range(s.i, s.j))
    return sorted(kept, key=lambda s: s.start)


def _user_thesaurus():
    from cleaner.spin.thesaurus import Thesaurus

    # Keys of one, two and three words sharing first words, one-word and multi-word candidates, a
    # candidate the model lacks, and a key that is a candidate of another.
    return Thesaurus.from_pairs({
        "stated": ["said", "told", "declared", "made known", "qqzxv"], "calls": ["demands", "asks"],
        "calls for": ["demands", "asks for", "wants"], "calls for a": ["demands a", "wants a"],
        "officers": ["officials", "police", "men"], "the place": ["there", "the house", "home"],
        "once more": ["again"], "said": ["stated"], "prime": ["top", "first", "main"]})


_SPIN_WORDS = ("stated calls for a officers the place once more said prime top officials told "
               "demands again minister on Thursday they see hope house there and of").split()
_SPIN_BITS = st.lists(st.one_of(st.sampled_from(_SPIN_WORDS), st.sampled_from(_SPIN_WORDS).map(str.title),
                                st.sampled_from([".", ",", ";", "—", " - ", "“", "”", '"', "\n", "2", "Lee"])),
                      max_size=40)


def _spin_texts() -> list[str]:
    from tests.conftest import real_texts

    texts = [SPUN, CLEAN, PARA, PARA_SPUN, f"He said: “{PARA_SPUN.strip()}” and left.\n"]
    real = SHARED_DEV / "spin_real" / "003"
    texts += [(real / f).read_text(encoding="utf-8") for f in ("spun.txt", "original.txt") if (real / f).exists()]
    return texts + real_texts(6, seed=3)


def test_a_frozen_thesaurus_takes_no_more_entries():
    from cleaner.spin.thesaurus import Thesaurus

    th = Thesaurus.from_pairs({"stated": ["said"]})
    with pytest.raises(ValueError):
        th.add("officers", ["officials"])
    assert th.lookup(["officers"], 0) == [] and th.lookup(["stated"], 0) == [(("stated",), ("said",))]


def test_thesaurus_lookup_matches_a_scan_of_the_entries():
    th, user = load_thesaurus(), _user_thesaurus()
    n = 0
    for text in _spin_texts():
        words = [t.lower for t in tokenize(text)]
        for i in range(len(words)):
            for t in (th, user):
                assert t.lookup(words, i) == _plain_lookup(t, words, i)
                assert (words[i] in t.starts) == bool(t._index.get(words[i]))
                n += bool(t.lookup(words, i))
    assert n > 1000
    assert user.lookup(["calls", "for"], 0) == _plain_lookup(user, ["calls", "for"], 0)  # a key cut by the end


@settings(max_examples=200, deadline=None)
@given(_SPIN_BITS)
def test_thesaurus_lookup_matches_a_scan_on_generated_words(bits):
    user = _user_thesaurus()
    words = [w.lower() for w in bits]
    assert all(user.lookup(words, i) == _plain_lookup(user, words, i) for i in range(len(words)))


def test_tokenize_matches_the_plain_loop():
    for text in _spin_texts() + ['a  b "c" d\t“e ” f - g — h', " x", "", "«a» ‘b’ c"]:
        assert tokenize(text) == _plain_tokenize(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=' ab"“”«»‘’.-—\n\t', max_size=60))
def test_tokenize_matches_the_plain_loop_on_generated_text(text):
    assert tokenize(text) == _plain_tokenize(text)


_WINDOW_WORDS = st.sampled_from(["<s>", "said", "the", "officials", "on", "thursday", "qqzxv", "made", "known"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WINDOW_WORDS, max_size=3), st.lists(st.lists(_WINDOW_WORDS, min_size=1, max_size=3), max_size=4),
       st.lists(_WINDOW_WORDS, max_size=3))
def test_window_scores_are_the_plain_score(left, mids, right):
    pytest.importorskip("pocketsphinx")
    from cleaner.spin.lm import get_model

    model = get_model()
    model._cache.clear()  # misses first (the model's own queries), then hits
    for _ in range(2):
        got = model.window_scores(left, mids, right)
        assert got == [model.score(left + m + right, len(left), len(left + m + right)) for m in mids]  # bit for bit


def test_window_scores_on_real_windows_and_scorable_candidates():
    pytest.importorskip("pocketsphinx")
    from cleaner.spin import context as cx
    from cleaner.spin.lm import get_model

    model, th = get_model(), load_thesaurus()
    for text in _spin_texts()[:6]:
        seq, pos = cx._seq(tokenize(text))
        words = [w for w in seq if w != "<s>"]
        for i, p in enumerate(pos):
            for key, cands in th.lookup(words, i)[:1]:
                names, split = model.scorable(cands)
                assert (list(names), split) == ([c for c in cands if all(model.known(w) for w in c.split())],
                                                [c.split() for c in names])
                left, spun, right = cx._window(seq, p, 1)
                mids = [spun, *split]
                assert model.window_scores(left, mids, right) == [
                    model.score(left + m + right, len(left), len(left + m + right)) for m in mids]


@pytest.mark.parametrize("margin", [None, 0.0, -5.0])
def test_suggest_matches_the_plain_implementation(margin):
    pytest.importorskip("pocketsphinx")
    from cleaner.spin.context import MARGIN, suggest
    from cleaner.spin.lm import get_model

    model, th, user = get_model(), load_thesaurus(), _user_thesaurus()
    got = 0
    for text in _spin_texts():
        tokens = tokenize(text)
        for t, protected in ((th, ()), (user, ()), (th, range(0, len(tokens), 7))):
            want = _plain_suggest(tokens, text, t, model, protected, margin)
            assert suggest(tokens, text, t, model, protected, MARGIN if margin is None else margin) == want
            got += len(want)
    assert got > 20
    # suggest prunes with the first term of a window's score as its bound: every term is at most 0.
    assert max(model._cache.values()) <= 0.0


@settings(max_examples=150, deadline=None)
@given(_SPIN_BITS, st.sampled_from([2.5, 0.0, -5.0]))
def test_suggest_matches_the_plain_implementation_on_generated_text(bits, margin):
    pytest.importorskip("pocketsphinx")
    from cleaner.spin.context import suggest
    from cleaner.spin.lm import get_model

    text = " ".join(bits)
    tokens = tokenize(text)
    model, user = get_model(), _user_thesaurus()
    assert suggest(tokens, text, user, model, (), margin) == _plain_suggest(tokens, text, user, model, (), margin)
