"""The boilerplate stage on small composed articles, the seeds, and (if present) ../shared/dev."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cleaner.batch import batch_statistics
from cleaner.config import Config
from cleaner.edits import apply
from cleaner.pipeline import clean_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CFG = Config(stages=("encoding", "whitespace", "boilerplate"))
UNSAFE = CFG.replace(unsafe_fixes=True)

P1 = "The city council voted on Monday to close the old bridge over the river for repairs."
P2 = "Engineers found cracks in two of its supports last month, the mayor told reporters."
P3 = "Work is expected to take six weeks, and a ferry will carry commuters in the meantime."


def run(text: str, cfg: Config = CFG, **kw):
    r = clean_text(text, cfg, **kw)
    assert apply(text, r.edits) == r.text  # the law
    assert apply(text, list(r.edits) + list(r.suggestions)) is not None
    return r


def rules_of(r) -> set[str]:
    return {e.rule for e in r.edits}


# ------------------------------------------------------------------ furniture
def test_furniture_lines_go_whole_and_leave_no_blank_line():
    t = f"{P1}\n\nAdvertisement\n\n{P2}\n\nRelated Articles\n\nLeave a Reply\n"
    r = run(t)
    assert r.text == f"{P1}\n\n{P2}\n"
    assert rules_of(r) == {"boilerplate.furniture-line"}


def test_furniture_phrase_inside_a_sentence_is_kept():
    t = f"{P1}\nReaders can leave a reply below, or read more about the bridge in our archive.\nRead more\n"
    assert run(t).text == f"{P1}\nReaders can leave a reply below, or read more about the bridge in our archive.\n"


def test_closed_call_to_action_but_not_an_open_one():
    t = f"{P1}\nCLICK HERE TO READ MORE FROM THE RIVERTON GAZETTE\nClick here to get more information or download this game.\n{P2}\n"
    r = run(t)
    assert "RIVERTON GAZETTE" not in r.text
    assert "Click here to get more information or download this game." in r.text


def test_one_word_furniture_is_only_suggested():
    t = f"{P1}\nShare\n{P2}\n"
    r = run(t)
    assert r.text == t and [e.rule for e in r.suggestions] == ["boilerplate.furniture-line"]
    assert run(t, UNSAFE).text == f"{P1}\n{P2}\n"


# ------------------------------------------------------------------ source tag
def test_source_tag_is_stripped_and_the_credit_kept():
    t = f"{P1}\n(c) 2021, The Riverton Gazette · Jane Roe {{Example.com}}\n"
    r = run(t)
    assert r.text == f"{P1}\n(c) 2021, The Riverton Gazette · Jane Roe\n"
    assert rules_of(r) == {"boilerplate.source-tag"}


def test_braces_in_prose_are_not_a_source_tag():
    t = "The function returns {a.b} when called.\n"
    assert run(t).text == t


# ------------------------------------------------------------------ duplicates
def test_second_copy_of_a_lede_differing_in_quotes_and_case_goes():
    lede = "Fears grew after the Kremlin's demands were rejected by the allies last week."
    t = f"{lede}\n\n{lede.replace(chr(39), '’').upper()}\n\n{P2}\n"
    r = run(t)
    assert r.text == f"{lede}\n\n{P2}\n"
    assert rules_of(r) == {"boilerplate.duplicate-paragraph"}


def test_a_repeated_short_line_is_kept():
    t = f"{P1}\n“Please.”\n{P2}\n“Please.”\n{P3}\n"
    assert run(t).text == t


# ------------------------------------------------------------------ related headlines
def test_long_all_caps_headline_between_prose_goes():
    t = f"{P1}\nMAYOR SAYS SECOND BRIDGE WILL CLOSE NEXT YEAR, ENGINEERS DOUBTFUL\n{P2}\n"
    r = run(t)
    assert r.text == f"{P1}\n{P2}\n" and rules_of(r) == {"boilerplate.related-headline"}


@pytest.mark.parametrize("subhead", ["WHAT HAPPENS NEXT", "WILL THE FERRY BE READY IN TIME FOR WINTER?",
                                     "What Commuters Should Know About the Long Closure"])
def test_subheads_are_kept(subhead):
    t = f"{P1}\n{subhead}\n{P2}\n"
    r = run(t, UNSAFE)
    assert r.text == t


# ------------------------------------------------------------------ after the article
def test_reader_comment_after_the_copyright_line_goes():
    t = f"{P1}\n{P2}\n{P3}\n(c) 2022, The Riverton Gazette\n\nSee?! They never fix anything in this town, I told you so.\n"
    r = run(t)
    assert r.text == f"{P1}\n{P2}\n{P3}\n(c) 2022, The Riverton Gazette\n"
    assert rules_of(r) == {"boilerplate.after-end"}


def test_a_copyright_line_early_in_the_text_ends_nothing():
    t = f"© 2019 Getty Images\n{P1}\n{P2}\n{P3}\n"
    assert run(t, UNSAFE).text == t


def test_lines_after_a_comment_header_are_suggested():
    t = f"{P1}\n{P2}\n{P3}\n12 Comments\nI drive over that bridge every day and it always felt shaky.\n"
    r = run(t)
    assert r.text == t
    assert {e.rule for e in r.suggestions} == {"boilerplate.furniture-line", "boilerplate.reader-comment"}


# ------------------------------------------------------------------ batch mode
def _batch_docs():
    footer = "Subscribe to the Riverton Gazette newsletter"
    bodies = [P1, P2, P3, "The ferry will run every twenty minutes during the morning rush, officials said.",
              "Shops near the bridge say they expect fewer customers while the work goes on."]
    return [f"{b}\n{footer}\n" for b in bodies], footer


def test_batch_repeated_line_goes_only_in_batch_mode():
    docs, footer = _batch_docs()
    stats = batch_statistics(docs, CFG)
    r = run(docs[0], batch=stats)
    assert footer not in r.text and rules_of(r) == {"boilerplate.batch-repeated"}
    assert run(docs[0]).text == docs[0]  # a single file's run does not depend on the batch


# ------------------------------------------------------------------ guard
def test_guard_flags_instead_of_deleting_most_of_a_document():
    t = "Related Articles\nMost Popular\nRead more\nShare this article\nBack to top\nShort note here.\n"
    r = run(t)
    assert r.text == t and r.scores["boilerplate.guarded"] is True
    assert all(e.safety == "unsafe" for e in r.suggestions) and len(r.suggestions) == 5
    assert "Related Articles" not in run(t, UNSAFE).text


def test_guard_is_quiet_on_a_normal_article():
    r = run(f"{P1}\nAdvertisement\n{P2}\n{P3}\n")
    assert r.scores["boilerplate.guarded"] is False and r.scores["boilerplate.junk_share"] > 0


# ------------------------------------------------------------------ page mode
def test_page_mode_cuts_menus_and_footers_only_when_asked():
    menu = "Home\nNews\nSport\nWeather\n"
    footer = "About us\nContact\nTerms of use\n"
    t = f"{menu}{P1}\n{P2}\n{P3}\n{footer}"
    page = UNSAFE.replace(stage_options={"boilerplate": {"mode": "page"}})
    assert run(t, page).text == f"{P1}\n{P2}\n{P3}\n"
    assert run(t, UNSAFE).text == t  # article mode never guesses where a page's body is
    r = run(t, CFG.replace(stage_options={"boilerplate": {"mode": "page"}}))
    assert r.text == t and {e.rule for e in r.suggestions} == {"boilerplate.outside-body"}


# ------------------------------------------------------------------ seeds and shared data
def _labels():
    path = SHARED / "dev" / "seeds_junk.tsv"
    if not path.exists():
        pytest.skip("../shared/dev is missing")
    with open(path, encoding="utf-8") as fh:
        rows = [l for l in fh if not l.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("seed", sorted((ROOT / "seeds").glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_lose_their_junk_and_keep_every_article_line(seed):
    labels = [r for r in _labels() if r["file"] == seed.name]
    text = seed.read_text(encoding="utf-8")
    out = run(text).text
    out_lines = set(out.splitlines())
    junk = {r["text"].strip() for r in labels if r["text"].strip()}
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        labelled = [j for j in junk if j.rstrip(". ") in s]
        if not labelled:
            assert line in out_lines, f"article line lost: {line[:60]!r}"
        elif "{" in s:  # the source tag: the line stays without it
            assert line.replace(labelled[0], "").rstrip() in out_lines
        else:
            assert line not in out_lines, f"junk kept: {line[:60]!r}"


def test_gold_articles_are_left_alone():
    clean = SHARED / "dev" / "clean"
    if not clean.is_dir():
        pytest.skip("../shared/dev is missing")
    cfg = Config(stages=("boilerplate",), unsafe_fixes=True)
    touched = [p.name for p in sorted(clean.glob("*.txt")) if run(p.read_text(encoding="utf-8"), cfg).all_edits()]
    assert touched == []
