"""The command line, end to end, as a user runs it (a real subprocess each time)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

MOJIBAKE = "The Kremlinâ€™s reply came late.\n\n\n\nOfficials said “cautious optimism” was warranted.\n"
CLEAN = "Officials said “cautious optimism” was warranted.\n\nThe talks go on.\n"


def cleaner(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "broken.txt").write_text(MOJIBAKE, encoding="utf-8")
    (src / "sub" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (src / "notes.md").write_text("not a .txt file\n\n\n\n", encoding="utf-8")
    return src


def test_clean_writes_copies_and_a_report(batch, tmp_path):
    out = tmp_path / "out"
    before = {p: p.read_bytes() for p in batch.rglob("*") if p.is_file()}
    r = cleaner("clean", str(batch), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert (out / "broken.txt").read_text(encoding="utf-8") == (
        "The Kremlin’s reply came late.\n\nOfficials said “cautious optimism” was warranted.\n")
    assert (out / "sub" / "clean.txt").read_text(encoding="utf-8") == CLEAN
    assert not (out / "notes.md").exists()
    # Inputs untouched.
    assert before == {p: p.read_bytes() for p in batch.rglob("*") if p.is_file()}
    report = out / "cleaner-report"
    edits = [json.loads(line) for line in (report / "edits.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["rule"] for e in edits} == {"encoding.mojibake", "whitespace.blank-run"}
    for e in edits:
        assert e["reason"] and e["id"] and e["safety"] in ("safe", "unsafe") and e["doc"].endswith("broken.txt")
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 2 and summary["changed"] == 1 and summary["edits_applied"] == len(edits)
    assert summary["rules"]["encoding.mojibake"]["applied"] == 1
    diff = (report / "changes.diff").read_text(encoding="utf-8")
    assert "[-Kremlinâ€™s-]{+Kremlin’s+}" in diff
    html = (report / "index.html").read_text(encoding="utf-8")
    assert "encoding.mojibake" in html and "broken.txt" in html


def test_check_exit_codes_and_idempotence(batch, tmp_path):
    out = tmp_path / "out"
    r = cleaner("check", str(batch))
    assert r.returncode == 1 and "broken.txt" in r.stdout
    assert cleaner("check", str(batch / "sub")).returncode == 0
    assert cleaner("clean", str(batch), "-o", str(out), "-q").returncode == 0
    r = cleaner("check", str(out))
    assert r.returncode == 0, r.stdout
    assert cleaner("check", "--no-such-flag", str(batch)).returncode == 2
    assert cleaner("check", str(tmp_path / "missing")).returncode == 2
    assert cleaner("check", "--stages", "nonsense", str(batch)).returncode == 2


def test_check_json_lists_rules(batch):
    r = cleaner("check", "--format", "json", str(batch))
    data = json.loads(r.stdout)
    assert data["would_change"] == 1 and data["rules"]["encoding.mojibake"] == 1


def test_stdin_to_stdout():
    r = cleaner("clean", "-", stdin=MOJIBAKE)
    assert r.returncode == 0
    assert r.stdout.startswith("The Kremlin’s reply")
    assert "documents" in r.stderr  # messages on stderr, data on stdout
    assert cleaner("clean", "-", "-q", stdin=CLEAN).stdout == CLEAN


def test_diff_is_word_level(batch):
    r = cleaner("diff", str(batch))
    assert r.returncode == 1
    assert "[-Kremlinâ€™s-]{+Kremlin’s+}" in r.stdout
    assert "\x1b[" not in r.stdout  # no colour when not a terminal


def test_never_writes_over_input_without_in_place(batch):
    r = cleaner("clean", str(batch))
    assert r.returncode == 2 and "--output" in r.stderr
    r = cleaner("clean", str(batch), "-o", str(batch), "--no-report")
    assert r.returncode == 2 and "output folder" in r.stderr
    r = cleaner("clean", str(batch / "broken.txt"), "-o", str(batch), "--no-report")
    assert r.returncode == 1 and "is the input itself" in r.stderr
    assert (batch / "broken.txt").read_text(encoding="utf-8") == MOJIBAKE


def test_in_place_keeps_backup(batch):
    r = cleaner("clean", "--in-place", str(batch))
    assert r.returncode == 0, r.stderr
    assert (batch / "broken.txt.orig").read_text(encoding="utf-8") == MOJIBAKE
    assert "Kremlin’s" in (batch / "broken.txt").read_text(encoding="utf-8")
    assert not (batch / "sub" / "clean.txt.orig").exists()  # unchanged files are left alone


def test_seeds_end_to_end(tmp_path):
    out = tmp_path / "out"
    r = cleaner("clean", "seeds", "-o", str(out), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.glob("*.txt")) == [p.name for p in SEEDS]
    assert cleaner("check", str(out), cwd=ROOT).returncode == 0
    assert json.loads((out / "cleaner-report" / "summary.json").read_text())["documents"] == len(SEEDS)


def test_output_name_collision_is_an_error_not_a_silent_overwrite(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(MOJIBAKE, encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "out"
    r = cleaner("clean", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "-o", str(out))
    assert r.returncode == 1 and "collides" in r.stderr
    assert "Kremlin’s" in (out / "x.txt").read_text(encoding="utf-8")  # the first one won, and said so
    summary = json.loads((out / "cleaner-report" / "summary.json").read_text(encoding="utf-8"))
    assert summary["failed_by_kind"] == {"write": 1}


def test_disk_full_while_writing_the_report_keeps_the_batch_going(batch, tmp_path, monkeypatch):
    import errno

    from typer.testing import CliRunner

    from cleaner.cli import app
    from cleaner.report.writer import ReportWriter

    def full(self, *a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ReportWriter, "add", full)
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["clean", str(batch), "-o", str(out)])
    assert r.exit_code == 1
    assert "No space left on device" in r.output
    assert (out / "broken.txt").read_text(encoding="utf-8").startswith("The Kremlin’s")
    assert (out / "sub" / "clean.txt").exists()


def test_report_is_complete_or_absent(batch, tmp_path):
    out = tmp_path / "out"
    assert cleaner("clean", str(batch), "-o", str(out), "-q").returncode == 0
    names = sorted(p.name for p in (out / "cleaner-report").iterdir())
    assert not [n for n in names if n.endswith(".partial")]
    assert {"edits.jsonl", "documents.jsonl", "changes.diff", "summary.json", "index.html"} <= set(names)
