"""Review: stable ids, the decisions file, the review loop (keys), and the flag mode of `cleaner review`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import pipeline, stages
from cleaner.config import Config
from cleaner.edits import Edit, apply
from cleaner.io import iter_documents, write_atomic
from cleaner.pipeline import clean_text
from cleaner.report import ReportWriter
from cleaner.review.decisions import Decision, DecisionLog, read_decisions
from cleaner.review.report import load_report
from cleaner.review.session import ScriptedUI, Session
from cleaner.stages import Stage, StageOutput
from tests.conftest import ROOT

# A stand-in for a stage that proposes unsafe edits (spelling fixes one cannot be sure of).
TYPOS = {"teh": "the", "Teh": "The", "recieve": "receive", "adn": "and"}
TYPO_RE = re.compile(r"\b(" + "|".join(TYPOS) + r")\b")

DOCS = {
    "a.txt": "Teh council met on Monday.  \n\nOfficials said teh budget would recieve a vote.\n",
    "sub/b.txt": "The mayor spoke adn left.\n\n\n\nNo more questions were taken.\n",
    "c.txt": "Nothing to fix in this one.\n",
}
FIXTURE_STAGES = ("encoding", "whitespace", "fixture")


def typo_stage(text: str, ctx) -> StageOutput:
    return StageOutput([Edit(m.start(), m.end(), m.group(), TYPOS[m.group()], "fixture.typo", "unsafe", 0.7,
                             f"common typo {m.group()!r}") for m in TYPO_RE.finditer(text)])


def register(monkeypatch, name: str, fn) -> None:
    """Register a stage for this test only (its module must exist for `available`: this one)."""
    monkeypatch.setitem(stages.REGISTRY, name, __name__)
    monkeypatch.setitem(stages._loaded, name, Stage(name, fn, "test stage"))
    pipeline._stages.cache_clear()  # the pipeline caches stage lookups by name


@pytest.fixture()
def fixture_stage(monkeypatch):
    register(monkeypatch, "fixture", typo_stage)
    yield
    pipeline._stages.cache_clear()


def write_inputs(folder: Path, docs: dict[str, str] = DOCS) -> Path:
    for name, text in docs.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(text.encode("utf-8"))
    return folder


def make_report(src: Path, out: Path, config: Config) -> Path:
    """What `clean SRC -o OUT` does, in process (so test stages take part): outputs + report."""
    writer = ReportWriter(out / "cleaner-report")
    for doc in iter_documents([str(src)]):
        result = clean_text(doc.text, config, doc_id=doc.id)
        assert apply(doc.text, result.edits) == result.text
        write_atomic(out / doc.rel, result.text)
        writer.add(doc, result, str(out / doc.rel))
    writer.close()
    return out


@pytest.fixture()
def fixture_report(tmp_path, fixture_stage) -> Path:
    src = write_inputs(tmp_path / "in")
    return make_report(src, tmp_path / "out", Config(stages=FIXTURE_STAGES))


def cleaner(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300, stdin=subprocess.DEVNULL)


def edit_rows(out: Path) -> list[dict]:
    lines = (out / "cleaner-report" / "edits.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


# -- the report as review sees it ------------------------------------------------------------

def test_fixture_report_has_safe_and_unsafe_edits(fixture_report):
    report = load_report(fixture_report)
    assert [d.doc.rsplit("/", 2)[-1] for d in report.docs] == ["a.txt", "c.txt", "b.txt"]
    by_rule = {(r.rule, r.safety, r.applied) for r in report.edits}
    assert by_rule == {("fixture.typo", "unsafe", False), ("whitespace.trailing-space", "safe", True),
                       ("whitespace.blank-run", "safe", True)}
    assert sorted(r.edit.before for r in report.edits if r.rule == "fixture.typo") == ["Teh", "adn", "recieve",
                                                                                      "teh"]


# -- the review loop ------------------------------------------------------------------------

def session(report_dir: Path, answers: list[str], decisions: Path):
    report = load_report(report_dir)
    texts = {d.doc: Path(d.source).read_text(encoding="utf-8") for d in report.docs}
    with DecisionLog(decisions, report=report.folder) as log:
        s = Session(report, read_decisions(decisions).decisions, log, texts.get)
        ui = ScriptedUI(list(answers))
        outcome = s.run(ui)
    return s, ui, outcome


def test_session_shows_word_diff_with_rule_reason_confidence(fixture_report, tmp_path):
    _, ui, _ = session(fixture_report, ["q"], tmp_path / "d.jsonl")
    first = ui.shown[0]
    assert "[-Teh-]{+The+} council met on Monday." in first
    assert "fixture.typo" in first and "unsafe" in first and "confidence 0.70" in first
    assert "common typo 'Teh'" in first and "suggested only" in first and "@@ line 1 @@" in first


def test_yes_no_quit_and_resume(fixture_report, tmp_path):
    path = tmp_path / "d.jsonl"
    s, _, out = session(fixture_report, ["y", "n", "q"], path)
    assert (out.accepted, out.rejected, out.quit) == (1, 1, True)
    ids = [r.id for r in s.queue]
    decided = read_decisions(path).decisions
    assert decided[ids[0]].decision == "accept" and decided[ids[1]].decision == "reject" and len(decided) == 2
    # Resuming skips what was decided: the third edit comes first.
    s2, ui2, out2 = session(fixture_report, ["y"] * 10, path)
    assert [r.id for r in s2.queue] == ids[2:]
    assert out2.accepted == len(ids) - 2 and out2.undecided == 0 and not out2.quit
    assert len(read_decisions(path).decisions) == len(ids)


def test_rest_of_document_and_rule_keys(fixture_report, tmp_path):
    path = tmp_path / "d.jsonl"
    report = load_report(fixture_report)
    # 'd' rejects everything left in a.txt; 'A' then accepts every fixture.typo left anywhere.
    s, ui, out = session(fixture_report, ["d", "A", "n"], path)
    got = read_decisions(path).decisions
    rows = {r.id: r for r in report.edits}
    a_ids = {i for i, r in rows.items() if r.doc.endswith("a.txt")}
    assert {got[i].decision for i in a_ids} == {"reject"}
    b_typo = [i for i, r in rows.items() if r.doc.endswith("b.txt") and r.rule == "fixture.typo"]
    assert b_typo and all(got[i].decision == "accept" for i in b_typo)
    # The last answer ('n') went to the only edit left: the blank-line run in b.txt.
    blank = [i for i, r in rows.items() if r.rule == "whitespace.blank-run"]
    assert got[blank[0]].decision == "reject" and out.undecided == 0
    assert any("rejected 4 change(s) in" in line for line in ui.shown)


def test_accept_rest_and_reject_rule(fixture_report, tmp_path):
    path = tmp_path / "d.jsonl"
    s, _, out = session(fixture_report, ["R", "a", "a"], path)  # 'a' in a.txt, then in b.txt
    got = read_decisions(path).decisions
    assert out.undecided == 0 and not out.quit
    for r in load_report(fixture_report).edits:
        want = "reject" if r.rule == "fixture.typo" else "accept"
        assert got[r.id].decision == want, r


def test_edit_replacement_skip_and_search(fixture_report, tmp_path):
    path = tmp_path / "d.jsonl"
    report = load_report(fixture_report)
    # 'e' with an edited replacement (escapes allowed), 's' leaves one undecided, '/' jumps to b.txt's typo.
    s, ui, out = session(fixture_report, ["e", r"The\tfull", "s", "/", "adn", "y", "q"], path)
    got = read_decisions(path).decisions
    first = s.queue[0]
    assert got[first.id].replacement == "The\tfull" and got[first.id].decision == "accept"
    adn = next(r for r in report.edits if r.edit.before == "adn")
    assert got[adn.id].decision == "accept" and len(got) == 2
    assert out.quit and out.undecided == len(report.edits) - 2
    # Search by rule glob finds the next undecided edit of that rule, wrapping around.
    s2 = Session(report, got)
    hit = s2.search("whitespace.*")
    assert hit is not None and hit.rule.startswith("whitespace.") and hit.id not in got
    assert s2.search("no such words anywhere") is None


def test_edit_back_to_original_rejects_and_empty_cancels(fixture_report, tmp_path):
    path = tmp_path / "d.jsonl"
    s, ui, _ = session(fixture_report, ["e", "", "e", "Teh", "q"], path)
    assert "edit cancelled" in ui.shown
    got = read_decisions(path).decisions
    assert got[s.queue[0].id].decision == "reject" and got[s.queue[0].id].replacement is None


def test_end_of_input_quits_and_help(fixture_report, tmp_path):
    s, ui, out = session(fixture_report, ["?", "x"], tmp_path / "d.jsonl")
    assert out.quit and out.accepted == out.rejected == 0
    assert sum("accept every undecided change of this rule" in line for line in ui.shown) == 2


# -- the decisions file ------------------------------------------------------------------------

def test_torn_last_line_is_ignored_and_the_next_append_starts_fresh(tmp_path):
    path = tmp_path / "decisions.jsonl"
    with DecisionLog(path, report=tmp_path) as log:
        log.record(Decision("c1", "a", "accept"))
        log.record(Decision("c2", "a", "reject"))
    with open(path, "ab") as fh:  # a crash in the middle of a write
        fh.write(b'{"id": "c3", "doc": "a", "deci')
    found = read_decisions(path)
    assert set(found.decisions) == {"c1", "c2"} and found.bad_lines == [4]
    assert found.header["report"] == str(tmp_path)
    with DecisionLog(path) as log:
        log.record(Decision("c3", "a", "accept", "x"))
    found = read_decisions(path)
    assert found.decisions["c3"] == Decision("c3", "a", "accept", "x") and found.bad_lines == [4]


def test_later_decision_wins_and_bad_verdicts_are_refused(tmp_path):
    path = tmp_path / "d.jsonl"
    with DecisionLog(path) as log:
        log.record(Decision("c1", "a", "accept"))
        log.record(Decision("c1", "a", "reject"))
    assert read_decisions(path).decisions["c1"].decision == "reject"
    with pytest.raises(ValueError):
        Decision("c1", "a", "maybe")
    path.write_text(path.read_text() + '{"id": "c2", "decision": "maybe"}\n')
    assert read_decisions(path).bad_lines == [4]


# -- `cleaner review` on seeds: stable ids, flags, no terminal ---------------------------------------

@pytest.fixture(scope="module")
def seeds_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("seeds")
    outs = []
    for name in ("one", "two"):
        r = cleaner("clean", "seeds", "-o", str(base / name), "-q")
        assert r.returncode == 0, r.stderr
        outs.append(base / name)
    return outs


def test_change_ids_are_stable_across_runs(seeds_runs):
    one, two = (edit_rows(o) for o in seeds_runs)
    assert one and [e["id"] for e in one] == [e["id"] for e in two]
    assert len({e["id"] for e in one}) == len(one)
    for e in one:
        assert Edit.from_dict(e).change_id(e["doc"]) == e["id"]
    assert {e["safety"] for e in one} == {"safe", "unsafe"}


def test_no_terminal_and_no_flags_is_a_usage_error(seeds_runs):
    r = cleaner("review", str(seeds_runs[0]))
    assert r.returncode == 2 and "needs a terminal" in r.stderr and "--accept-rule" in r.stderr
    assert not (seeds_runs[0] / "cleaner-report" / "decisions.jsonl").exists()
    r = cleaner("review", str(seeds_runs[0]), "--accept-all", "--reject-all")
    assert r.returncode == 2
    r = cleaner("review", str(seeds_runs[0].parent / "nowhere"), "--accept-all")
    assert r.returncode == 2 and "no report" in r.stderr


def test_flags_decide_by_rule_glob_and_safety(seeds_runs, tmp_path):
    out = seeds_runs[0]
    dec = tmp_path / "d.jsonl"
    r = cleaner("review", str(out), "--decisions", str(dec), "--reject-rule", "spin.cont*", "--accept-safe")
    assert r.returncode == 0, r.stderr
    rows = {e["id"]: e for e in edit_rows(out)}
    got = read_decisions(dec).decisions
    for i, e in rows.items():
        if e["rule"] == "spin.context":
            assert got[i].decision == "reject"
        elif e["safety"] == "safe":
            assert got[i].decision == "accept"
        else:
            assert i not in got
    undecided = sum(1 for i in rows if i not in got)
    assert f"{undecided} still undecided" in r.stderr
    # A second run only sees what is left: --reject-all takes the rest, earlier decisions stand.
    r = cleaner("review", str(out), "--decisions", str(dec), "--reject-all")
    assert r.returncode == 0 and f"0 accepted, {undecided} rejected" in r.stderr
    again = read_decisions(dec).decisions
    assert set(again) == set(rows) and all(again[i] == got[i] for i in got)


def test_decisions_survive_a_rerun(seeds_runs, tmp_path):
    """Decisions made on one run's report apply unchanged to a re-run's report (same ids)."""
    one, two = seeds_runs
    dec = tmp_path / "d.jsonl"
    assert cleaner("review", str(one), "--decisions", str(dec), "--accept-safe", "--reject-all").returncode == 0
    r = cleaner("apply", str(dec), "--report", str(two / "cleaner-report"), "-o", str(tmp_path / "x"))
    assert r.returncode == 0, r.stderr
    assert "not in this report" not in r.stderr and " 0 undecided" in r.stderr
    for p in sorted(one.glob("*.txt")):  # accept-safe == the default clean output
        assert (tmp_path / "x" / p.name).read_bytes() == p.read_bytes()
