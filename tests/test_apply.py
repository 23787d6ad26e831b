"""`cleaner apply`: exactly the accepted edits; reject-all gives the inputs back byte for byte,
accept-all gives `clean --unsafe-fixes`, accept-safe gives `clean`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleaner.config import Config
from cleaner.edits import Edit
from cleaner.pipeline import clean_text
from cleaner.review.apply import apply_report
from cleaner.review.decisions import Decision, DecisionLog, read_decisions
from cleaner.review.report import load_report
from cleaner.stages import StageOutput
from tests.conftest import ROOT, SEEDS
from tests.test_review import DOCS, FIXTURE_STAGES, cleaner, make_report, register, typo_stage, write_inputs


def decide_all(report, verdict: str, when=lambda r: True) -> dict[str, Decision]:
    return {r.id: Decision(r.id, r.doc, verdict) for r in report.edits if when(r)}


def outputs(folder: Path, names) -> dict[str, bytes]:
    return {n: (folder / n).read_bytes() for n in names}


@pytest.fixture()
def fixture_run(tmp_path, monkeypatch):
    register(monkeypatch, "fixture", typo_stage)
    src = write_inputs(tmp_path / "in")
    out = make_report(src, tmp_path / "out", Config(stages=FIXTURE_STAGES))
    return src, out, load_report(out)


def test_laws_on_fixtures_with_unsafe_edits(fixture_run, tmp_path):
    src, out, report = fixture_run
    assert any(r.safety == "unsafe" for r in report.edits)
    inputs = outputs(src, DOCS)
    # Reject all, and no decisions at all: the inputs, byte for byte.
    for decisions in (decide_all(report, "reject"), {}):
        res = apply_report(report, decisions, tmp_path / "rej")
        assert not res.failed and outputs(tmp_path / "rej", DOCS) == inputs
    # Accept all: what `clean --unsafe-fixes` writes.
    apply_report(report, decide_all(report, "accept"), tmp_path / "acc")
    unsafe = Config(stages=FIXTURE_STAGES, unsafe_fixes=True)
    for name, text in DOCS.items():
        want = clean_text(text, unsafe).text
        assert (tmp_path / "acc" / name).read_text(encoding="utf-8") == want
    assert (tmp_path / "acc" / "a.txt").read_text() == (
        "The council met on Monday.\n\nOfficials said the budget would receive a vote.\n")
    # Accept the safe ones (by decision, or by --undecided=safe): what `clean` wrote.
    apply_report(report, decide_all(report, "accept", lambda r: r.safety == "safe"), tmp_path / "safe")
    assert outputs(tmp_path / "safe", DOCS) == outputs(out, DOCS)
    apply_report(report, {}, tmp_path / "safe2", undecided="safe")
    assert outputs(tmp_path / "safe2", DOCS) == outputs(out, DOCS)
    res = apply_report(report, {}, tmp_path / "all2", undecided="accept")
    assert outputs(tmp_path / "all2", DOCS) == outputs(tmp_path / "acc", DOCS)
    assert res.total("undecided") == len(report.edits) and res.total("accepted") == 0


def test_exactly_the_accepted_edits_with_an_edited_replacement(fixture_run, tmp_path):
    src, out, report = fixture_run
    typos = {r.edit.before: r for r in report.edits if r.rule == "fixture.typo"}
    decisions = {typos["teh"].id: Decision(typos["teh"].id, typos["teh"].doc, "accept", "this"),
                 typos["recieve"].id: Decision(typos["recieve"].id, typos["recieve"].doc, "accept"),
                 typos["Teh"].id: Decision(typos["Teh"].id, typos["Teh"].doc, "reject")}
    res = apply_report(report, decisions, tmp_path / "x")
    assert (tmp_path / "x" / "a.txt").read_text() == (
        "Teh council met on Monday.  \n\nOfficials said this budget would receive a vote.\n")
    a = next(d for d in res.docs if d.doc.endswith("a.txt"))
    assert (a.accepted, a.rejected, a.undecided) == (2, 1, 1)
    # A replacement equal to the original text changes nothing.
    same = {typos["teh"].id: Decision(typos["teh"].id, typos["teh"].doc, "accept", "teh")}
    apply_report(report, same, tmp_path / "y")
    assert (tmp_path / "y" / "a.txt").read_bytes() == (src / "a.txt").read_bytes()


def test_a_changed_source_is_refused_and_the_rest_written(fixture_run, tmp_path):
    src, out, report = fixture_run
    (src / "a.txt").write_text(DOCS["a.txt"].replace("Monday", "Tuesday"), encoding="utf-8")
    res = apply_report(report, decide_all(report, "accept"), tmp_path / "x")
    assert [d.doc for d in res.failed] == [str(src / "a.txt")]
    assert "changed since the report" in res.failed[0].error
    assert not (tmp_path / "x" / "a.txt").exists()
    assert (tmp_path / "x" / "sub" / "b.txt").read_text() == "The mayor spoke and left.\n\nNo more questions were taken.\n"
    (src / "c.txt").unlink()
    res = apply_report(report, {}, tmp_path / "z")
    assert sorted(Path(d.doc).name for d in res.failed) == ["a.txt", "c.txt"]


def test_non_utf8_input_comes_back_byte_for_byte_when_nothing_is_accepted(tmp_path, monkeypatch):
    register(monkeypatch, "fixture", typo_stage)
    src = tmp_path / "in"
    src.mkdir()
    raw = {"cp.txt": "Caf\u00e9 owners said teh rent rose.\r\n".encode("cp1252"),
           "bom.txt": "\ufeffCaf\u00e9 owners adn staff.\n".encode("utf-8")}
    for name, data in raw.items():
        (src / name).write_bytes(data)
    report = load_report(make_report(src, tmp_path / "out", Config(stages=FIXTURE_STAGES)))
    apply_report(report, decide_all(report, "reject"), tmp_path / "rej")
    assert outputs(tmp_path / "rej", raw) == raw
    # An accepted edit means a rewritten file, in UTF-8 as `clean` writes it.
    apply_report(report, decide_all(report, "accept"), tmp_path / "acc")
    assert (tmp_path / "acc" / "cp.txt").read_bytes() == "Caf\u00e9 owners said the rent rose.\r\n".encode()
    assert (tmp_path / "acc" / "cp.txt").read_bytes() == (tmp_path / "out" / "cp.txt").read_bytes().replace(
        b"teh", b"the")


def test_never_over_the_input_unless_in_place(fixture_run, tmp_path):
    src, out, report = fixture_run
    res = apply_report(report, decide_all(report, "accept"), src)
    assert len(res.failed) == len(DOCS) and all("is the input itself" in d.error for d in res.failed)
    assert outputs(src, DOCS) == {n: t.encode() for n, t in DOCS.items()}
    res = apply_report(report, decide_all(report, "accept"), in_place=True)
    assert not res.failed
    assert (src / "sub" / "b.txt").read_text() == "The mayor spoke and left.\n\nNo more questions were taken.\n"
    assert (src / "sub" / "b.txt.orig").read_text() == DOCS["sub/b.txt"]
    assert not (src / "c.txt.orig").exists()  # nothing accepted there: file left alone


def test_cli_apply_writes_next_to_the_report_by_default_and_reports_counts(fixture_run, tmp_path):
    src, out, report = fixture_run
    dec = out / "cleaner-report" / "decisions.jsonl"
    typo = [r for r in report.edits if r.rule == "fixture.typo"]
    with DecisionLog(dec, report=report.folder) as log:
        log.record_many([Decision(r.id, r.doc, "accept") for r in typo])
        log.record(Decision("0000000000000000", "elsewhere", "reject"))
    r = cleaner("apply", str(dec))
    assert r.returncode == 0, r.stderr
    assert (out / "a.txt").read_text() == "The council met on Monday.  \n\nOfficials said the budget would receive a vote.\n"
    assert f"{len(typo)} edits accepted, 0 rejected, {len(report.edits) - len(typo)} undecided (not applied" in r.stderr
    assert "1 decision(s) name changes that are not in this report" in r.stderr
    # A folder works too (its decisions.jsonl); a bad --undecided and a missing file are usage errors.
    assert cleaner("apply", str(out), "-o", str(tmp_path / "o2"), "--undecided", "safe").returncode == 0
    assert (tmp_path / "o2" / "a.txt").read_text() == "The council met on Monday.\n\nOfficials said the budget would receive a vote.\n"
    assert cleaner("apply", str(dec), "--undecided", "maybe").returncode == 2
    assert cleaner("apply", str(tmp_path / "none.jsonl")).returncode == 2
    (src / "c.txt").write_text("changed\n")
    r = cleaner("apply", str(dec), "-o", str(tmp_path / "o3"))
    assert r.returncode == 1 and "c.txt" in r.stderr and "changed since the report" in r.stderr


# -- the edge case: a later stage acting on what an unsafe edit produced ------------------------------

def dedupe_stage(text: str, ctx) -> StageOutput:
    """A safe stage that drops a doubled 'the' (it only fires once 'hte' became 'the')."""
    return StageOutput([Edit(m.start(1), m.end(1), m.group(1), "", "fixture.doubled", "safe", 1.0, "doubled word")
                        for m in re.finditer(r"\bthe( the)\b", text)])


def hte_stage(text: str, ctx) -> StageOutput:
    return StageOutput([Edit(m.start(), m.end(), "hte", "the", "fixture.typo", "unsafe", 0.7, "typo")
                        for m in re.finditer(r"\bhte\b", text)])


def test_dependent_stage_edge_case_is_documented_behaviour(tmp_path, monkeypatch):
    """Accept-all of a default-mode report is the edits it lists; a later stage that would have acted on
    text an unsafe edit produced did not run on it, so `clean --unsafe-fixes` can go further. A report
    made with --unsafe-fixes lists those edits, and accept-all then equals its output exactly."""
    register(monkeypatch, "typo", hte_stage)
    register(monkeypatch, "dedupe", dedupe_stage)
    stages = ("typo", "dedupe")
    src = tmp_path / "in"
    src.mkdir()
    (src / "d.txt").write_text("They met hte the mayor.\n")
    unsafe = Config(stages=stages, unsafe_fixes=True)
    assert clean_text("They met hte the mayor.\n", unsafe).text == "They met the mayor.\n"
    default_report = load_report(make_report(src, tmp_path / "default", Config(stages=stages)))
    apply_report(default_report, decide_all(default_report, "accept"), tmp_path / "a")
    assert (tmp_path / "a" / "d.txt").read_text() == "They met the the mayor.\n"  # differs: see docs/review.md
    unsafe_report = load_report(make_report(src, tmp_path / "unsafe", unsafe))
    apply_report(unsafe_report, decide_all(unsafe_report, "accept"), tmp_path / "b")
    assert (tmp_path / "b" / "d.txt").read_text() == "They met the mayor.\n"
    apply_report(unsafe_report, decide_all(unsafe_report, "reject"), tmp_path / "c")
    assert (tmp_path / "c" / "d.txt").read_text() == "They met hte the mayor.\n"


# -- the laws on seeds, through the command line -------------------------------------------------------

def test_laws_on_seeds(tmp_path):
    names = [p.name for p in SEEDS]
    default, unsafe = tmp_path / "default", tmp_path / "unsafe"
    assert cleaner("clean", "seeds", "-o", str(default), "-q").returncode == 0
    assert cleaner("clean", "seeds", "-o", str(unsafe), "-q", "--unsafe-fixes").returncode == 0
    report_edits = load_report(default).edits
    assert any(r.safety == "unsafe" and not r.applied for r in report_edits)
    for verdict, want in (("--reject-all", {p.name: p.read_bytes() for p in SEEDS}),
                          ("--accept-all", outputs(unsafe, names))):
        dec = tmp_path / f"{verdict}.jsonl"
        r = cleaner("review", str(default), "--decisions", str(dec), verdict)
        assert r.returncode == 0, r.stderr
        assert len(read_decisions(dec).decisions) == len(report_edits)
        r = cleaner("apply", str(dec), "-o", str(tmp_path / verdict))
        assert r.returncode == 0, r.stderr
        assert outputs(tmp_path / verdict, names) == want, verdict
    # A report made with --unsafe-fixes: accept-all is its own output, reject-all the inputs.
    dec = tmp_path / "u.jsonl"
    assert cleaner("review", str(unsafe), "--decisions", str(dec), "--accept-all").returncode == 0
    assert cleaner("apply", str(dec), "-o", str(tmp_path / "u")).returncode == 0
    assert outputs(tmp_path / "u", names) == outputs(unsafe, names)
    assert ROOT.joinpath("seeds").is_dir()
