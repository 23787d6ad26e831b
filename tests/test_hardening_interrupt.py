"""A real `cleaner clean` process interrupted mid-batch (Ctrl-C, kill -9), then rerun.

After the interruption no output is half-written (each one is absent, or
complete and right), inputs are intact or cleaned with their backup, temp files
are never taken for inputs, and a rerun reaches the same result as a run that
was never interrupted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import clean_text
from tests.test_hardening_corpus import write_corpus

N = 1000


def start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "cleaner", "clean", *args, "-q"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def interrupt_after(proc: subprocess.Popen, count, at_least: int, sig: int) -> int:
    """Send ``sig`` once ``count()`` reaches ``at_least``; return the count seen then."""
    deadline = time.monotonic() + 60
    while (seen := count()) < at_least:
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the run ended before it could be interrupted: {proc.stderr.read().decode()}")
        time.sleep(0.005)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    return seen


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def expected(texts: dict[str, str]) -> dict[str, bytes]:
    return {name: clean_text(t).text.encode("utf-8") for name, t in texts.items()}


def test_ctrl_c_leaves_no_partial_output_and_a_rerun_completes(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    texts = write_corpus(src, N)
    want = expected(texts)
    proc = start(str(src), "-o", str(out), "--no-report")
    interrupt_after(proc, lambda: len(list(out.glob("*.txt"))) if out.exists() else 0, 30, signal.SIGINT)
    assert proc.returncode != 0
    got = files(out)
    assert 30 <= len(got) < N, "the interrupt did not land mid-batch"
    assert not [n for n in got if n.endswith(".tmp")], "Ctrl-C left a temp file"
    assert all(got[n] == want[n] for n in got), "an output is half-written or wrong"
    assert files(src) == {n: t.encode("utf-8") for n, t in texts.items()}  # inputs untouched

    rerun = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(out), "-q",
                            "--no-report"], capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert files(out) == want


def test_kill_9_in_place_then_rerun_loses_nothing(tmp_path):
    src = tmp_path / "in"
    texts = write_corpus(src, N)
    want = expected(texts)
    changed = {n for n in texts if want[n] != texts[n].encode("utf-8")}
    assert len(changed) > N // 4  # the corpus has work to do
    proc = start("--in-place", str(src))
    interrupt_after(proc, lambda: len(list(src.glob("*.orig"))), 20, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    # A write cut by kill -9 leaves `.NAME.<pid>-XXXXXXXX.tmp`; make sure there is one to deal with.
    (src / f".a00001.txt.{proc.pid}-zzzzzzzz.tmp").write_bytes(b"half a wri")

    after_kill = files(src)
    for name, text in texts.items():
        # Each input is either untouched or fully cleaned, never half-written.
        assert after_kill[name] in (text.encode("utf-8"), want[name]), name
        if after_kill[name] != text.encode("utf-8"):
            assert after_kill[name + ".orig"] == text.encode("utf-8")  # and then its backup exists
    done = sum(after_kill[n] == want[n] for n in changed)
    assert 0 < done < len(changed), "the kill did not land mid-batch"

    rerun = subprocess.run([sys.executable, "-m", "cleaner", "clean", "--in-place", "-q", str(src)],
                           capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    final = files(src)
    assert not [n for n in final if n.endswith(".tmp")], "the rerun left or read a temp file"
    assert {n: final[n] for n in texts} == want
    # One backup per changed file, holding the true original (never the half-cleaned one).
    assert {n for n in final if n.endswith(".orig")} == {n + ".orig" for n in changed}
    assert all(final[n + ".orig"] == texts[n].encode("utf-8") for n in changed)
    assert not [n for n in final if ".orig." in n]
