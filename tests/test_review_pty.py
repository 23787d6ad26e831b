"""End to end on seeds/: `cleaner review` driven through a pseudo-terminal (quit midway, killed,
resumed, finished), then `cleaner apply`, compared with what the answers asked for."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner.edits import apply
from cleaner.review.decisions import read_decisions
from cleaner.review.report import load_report
from tests.conftest import ROOT, SEEDS
from tests.test_review import cleaner

PROMPT = b"Accept this change ["

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


class Terminal:
    """A child process on a pty: read until a pattern, type answers."""

    def __init__(self, *args: str):
        self.master, slave = pty.openpty()
        env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120"}
        self.proc = subprocess.Popen([sys.executable, "-m", "cleaner", *args], stdin=slave, stdout=slave,
                                     stderr=slave, cwd=ROOT, env=env, close_fds=True)
        os.close(slave)
        self.buffer = b""

    def expect(self, pattern: bytes, timeout: float = 60) -> bytes:
        """Everything up to and including the next ``pattern``; what was before is consumed."""
        deadline = time.monotonic() + timeout
        while pattern not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {pattern!r} in {self.buffer[-2000:]!r}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"ended before {pattern!r}: {self.buffer[-2000:]!r}")
                self.buffer += chunk
        i = self.buffer.index(pattern) + len(pattern)
        seen, self.buffer = self.buffer[:i], self.buffer[i:]
        return seen

    def answer(self, key: str) -> bytes:
        """Wait for the prompt, type ``key``; returns the screen shown with that prompt."""
        screen = self.expect(PROMPT)
        self.expect(b"? ")
        os.write(self.master, key.encode() + b"\n")
        return screen

    def rest(self, timeout: float = 60) -> tuple[int, str]:
        out = self.buffer
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            elif self.proc.poll() is not None:
                break
        rc = self.proc.wait(timeout=timeout)
        os.close(self.master)
        return rc, out.decode("utf-8", "replace")


def test_review_through_a_terminal_then_apply(tmp_path):
    out = tmp_path / "out"
    assert cleaner("clean", "seeds", "-o", str(out), "-q").returncode == 0
    report = load_report(out)
    decisions = out / "cleaner-report" / "decisions.jsonl"
    rows = {r.id: r for r in report.edits}
    order = [r.id for r in sorted(report.edits, key=lambda r: ([d.doc for d in report.docs].index(r.doc),
                                                               r.edit.start))]
    first_doc = report.docs[0].doc
    n_first = sum(1 for r in report.edits if r.doc == first_doc)
    assert n_first >= 2

    # Session 1: accept the first edit, reject the second, quit.
    t = Terminal("review", str(out))
    screen = t.answer("y")
    assert rows[order[0]].rule.encode() in screen and b"reason:" in screen and b"[-" in screen
    t.answer("n")
    t.answer("q")
    rc, tail = t.rest()
    assert rc == 0 and "1 accepted, 1 rejected" in tail and "run review again" in tail
    got = read_decisions(decisions).decisions
    assert {i: d.decision for i, d in got.items()} == {order[0]: "accept", order[1]: "reject"}

    # Session 2: resumes at the third edit; 'R' rejects the whole spin.context rule from its first
    # edit on (found with '/'), one more 'y', then the process is killed: decisions so far are kept.
    t = Terminal("review", str(out))
    screen = t.answer("/")
    assert order[2] in screen.decode() and order[0] not in screen.decode()
    t.expect(b"search (rule glob or text): ")
    os.write(t.master, b"spin.context\n")
    screen = t.answer("R")
    assert b"spin.context" in screen
    screen = t.answer("y")
    t.expect(PROMPT)
    t.proc.send_signal(signal.SIGKILL)
    t.rest()
    got = read_decisions(decisions)
    assert not got.bad_lines
    context_ids = {i for i, r in rows.items() if r.rule == "spin.context"}
    assert context_ids and all(got.decisions[i].decision == "reject" for i in context_ids)
    assert len(got.decisions) == 2 + len(context_ids) + 1

    # Session 3: 'a' for the rest of each document until done.
    t = Terminal("review", str(out))
    answered = 0
    while True:
        try:
            t.answer("a")
            answered += 1
        except AssertionError:
            break
    rc, tail = t.rest()
    assert rc == 0 and answered >= 1 and "0 still undecided" in (tail + t.buffer.decode("utf-8", "replace"))
    got = read_decisions(decisions).decisions
    assert set(got) == set(rows)

    # Nothing left: a fourth run says so.
    t = Terminal("review", str(out))
    rc, tail = t.rest()
    assert rc == 0 and "nothing to review" in tail

    # Apply: every edit accepted except the second and the spin.context rule.
    r = cleaner("apply", str(decisions), "-o", str(tmp_path / "reviewed"))
    assert r.returncode == 0, r.stderr
    for info in report.docs:
        text = Path(info.source).read_text(encoding="utf-8")
        keep = [r.edit for r in report.edits if r.doc == info.doc and got[r.id].decision == "accept"]
        want = apply(text, keep)
        name = Path(info.source).name
        assert (tmp_path / "reviewed" / name).read_text(encoding="utf-8") == want
    assert sorted(p.name for p in (tmp_path / "reviewed").glob("*.txt")) == [p.name for p in SEEDS]
