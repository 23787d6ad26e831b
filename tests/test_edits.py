"""The edit model: apply(), the law apply(original, result.edits) == result.text, projections."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Config, Edit, apply, clean_text
from cleaner.edits import EditConflict, Projection


def test_apply_rebuilds_from_any_subset():
    text = "Prime officers stated Thursday."
    edits = [Edit(0, 5, "Prime", "Top", "spin.context", "unsafe"),
             Edit(6, 14, "officers", "officials", "spin.context", "unsafe"),
             Edit(15, 21, "stated", "said", "spin.context", "unsafe")]
    assert apply(text, edits) == "Top officials said Thursday."
    assert apply(text, edits[1:2]) == "Prime officials stated Thursday."
    assert apply(text, []) == text
    assert apply(text, reversed(edits)) == "Top officials said Thursday."


def test_apply_refuses_overlaps_and_stale_edits():
    with pytest.raises(EditConflict):
        apply("abcdef", [Edit(0, 3, "abc", "x", "r"), Edit(2, 4, "cd", "y", "r")])
    with pytest.raises(EditConflict):
        apply("abcdef", [Edit(0, 3, "xyz", "x", "r")])
    with pytest.raises(EditConflict):
        apply("ab", [Edit(1, 1, "", "x", "r"), Edit(1, 1, "", "y", "r")])
    # An insertion right before a replacement at the same point is well defined.
    assert apply("ab", [Edit(1, 1, "", "-", "r"), Edit(1, 2, "b", "B", "r")]) == "a-B"


def test_edit_rejects_no_op_and_bad_safety():
    with pytest.raises(ValueError):
        Edit(0, 1, "a", "a", "r")
    with pytest.raises(ValueError):
        Edit(0, 1, "a", "b", "r", "maybe")


def test_change_id_is_stable_and_specific():
    e = Edit(3, 9, "stated", "said", "spin.context", "unsafe", 0.8, "x")
    same = Edit(3, 9, "stated", "said", "spin.context", "unsafe", 0.5, "other reason")
    assert e.change_id("a.txt") == same.change_id("a.txt")
    assert e.change_id("a.txt") != e.change_id("b.txt")
    assert e.change_id("a.txt") != Edit(3, 9, "stated", "told", "spin.context").change_id("a.txt")
    assert Edit.from_dict(e.to_dict("a.txt")) == e


def test_projection_maps_later_edits_back():
    original = "aaa JUNK bbb ccc"
    first = [Edit(4, 9, "JUNK ", "", "boilerplate.x")]
    proj = Projection.build(original, first)
    assert proj.text == "aaa bbb ccc"
    later = Edit(8, 11, "ccc", "CCC", "spin.x")
    mapped = proj.to_original(later)
    assert (mapped.start, mapped.end, mapped.before) == (13, 16, "ccc")
    assert apply(original, first + [mapped]) == "aaa bbb CCC"
    # An edit that spans the deleted junk's seam would rewrite across another edit: refused.
    assert proj.to_original(Edit(2, 6, "a bb", "X", "spin.x")) is None


def test_projection_refuses_edits_of_replaced_text():
    original = "the Chilly Battle ended"
    proj = Projection.build(original, [Edit(4, 17, "Chilly Battle", "Cold War", "spin.fingerprint")])
    assert proj.text == "the Cold War ended"
    assert proj.to_original(Edit(4, 8, "Cold", "Hot", "spelling.typo")) is None
    assert proj.to_original(Edit(13, 18, "ended", "ends", "spelling.typo")).start == 18


def _random_edits(text: str, rnd: random.Random) -> list[Edit]:
    edits, pos = [], 0
    while pos < len(text) and len(edits) < 6:
        start = rnd.randint(pos, len(text))
        end = rnd.randint(start, min(len(text), start + 5))
        after = rnd.choice(["", "x", "yz", "\n"])
        if text[start:end] != after:
            edits.append(Edit(start, end, text[start:end], after, "t.r"))
        pos = end + 1
    return edits


@given(st.text(max_size=200), st.integers(0, 2**32 - 1))
@settings(max_examples=200, deadline=None)
def test_subset_law_property(text, seed):
    """Any subset of non-overlapping edits applies, in any order, to the same text."""
    rnd = random.Random(seed)
    edits = _random_edits(text, rnd)
    subset = [e for e in edits if rnd.random() < 0.5]
    expected, pos = [], 0
    for e in subset:
        expected += [text[pos:e.start], e.after]
        pos = e.end
    expected.append(text[pos:])
    shuffled = subset[:]
    rnd.shuffle(shuffled)
    assert apply(text, shuffled) == "".join(expected)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
@settings(max_examples=300, deadline=None)
def test_law_on_arbitrary_text(text):
    for config in (Config(), Config(unsafe_fixes=True)):
        r = clean_text(text, config)
        assert apply(text, r.edits) == r.text
        for e in r.edits + r.suggestions:
            assert text[e.start:e.end] == e.before


def test_law_on_seeds(seed_texts):
    for name, text in seed_texts.items():
        for config in (Config(), Config(unsafe_fixes=True)):
            r = clean_text(text, config, doc_id=name)
            assert apply(text, r.edits) == r.text, name
            # Every suggestion can still be accepted on top of the applied edits.
            assert apply(text, list(r.edits) + list(r.suggestions)) is not None


def test_allowlisted_words_are_never_rewritten(monkeypatch):
    """The pipeline refuses any stage's rewrite of an allowlisted word (deletions are not rewrites)."""
    import regex

    from cleaner import pipeline
    from cleaner.stages import Stage, StageOutput

    def upcase(text, ctx):
        return StageOutput([Edit(m.start(), m.end(), m.group(0), m.group(0).upper(), "test.upcase", "safe")
                            for m in regex.finditer(r"\w+", text)])

    monkeypatch.setattr(pipeline, "available", lambda names: list(names))
    monkeypatch.setattr(pipeline, "get_stage", lambda name: Stage("test", upcase))
    config = Config(stages=("test",))
    assert clean_text("navy and Navy", config).text == "NAVY AND NAVY"
    # A capitalised entry protects that spelling; a lower-case entry protects every case.
    kept = clean_text("navy and Navy", config.replace(allow_words={"Navy"}))
    assert kept.text == "NAVY AND Navy"
    assert kept.stats["dropped.protected"] == 1
    assert clean_text("navy and Navy", config.replace(allow_words={"navy"})).text == "navy AND Navy"


def test_line_deletion_supersedes_earlier_fix_inside_the_line():
    """A junk line that the whitespace stage already trimmed is still deleted whole, in one edit."""
    text = "The talks went on for hours.\n\nRelated Articles   \n\nOfficials met again on Friday.\n"
    r = clean_text(text)
    assert r.text == "The talks went on for hours.\n\nOfficials met again on Friday.\n"
    assert apply(text, r.edits) == r.text
    assert [e.rule for e in r.edits] == ["boilerplate.furniture-line"]
    assert r.stats.get("superseded") == 1 and not r.stats.get("dropped.unmappable")
