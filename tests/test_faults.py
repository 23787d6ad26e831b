"""A fault-injected batch: thousands of small files, some unreadable, binary, huge, not files at all,
and a disk that fills up for some outputs.

Every good file is cleaned, every bad one is reported (summary.json and
stderr), no output is partial, no input is touched, nothing else is lost.
Runs in-process (typer's CliRunner) so that faults can be injected with
monkeypatch: permission errors on open (the tests run as root, so chmod 000
would not stop a read) and ENOSPC on the output's fsync, inside the real
write path.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import clean_text
from cleaner import io as cio
from cleaner.cli import app
from tests.test_hardening_corpus import write_corpus

N_GOOD = 2000
MAX_BYTES = 8192  # so that a 10 kB file is "huge" and cheap to make
UTF16, CP1252 = range(0, 60, 3), range(1, 60, 3)           # good files in other encodings
BINARY, HUGE, FIFO, DANGLING, LOCKED = (range(i, N_GOOD, 97) for i in (5, 6, 7, 8, 9))
DISK_FULL = range(10, N_GOOD, 89)                          # good inputs whose output write hits ENOSPC


def name(i: int) -> str:
    return f"a{i:05d}.txt"


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


@pytest.fixture()
def batch(tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """The input folder, the good texts by name, and the expected failure kind of each bad name."""
    src = tmp_path / "in"
    texts = write_corpus(src, N_GOOD, seed=11)
    bad: dict[str, str] = {}
    for i in UTF16:
        (src / name(i)).write_bytes(texts[name(i)].encode("utf-16" if i % 2 else "utf-16-le"))
    for i in CP1252:
        texts[name(i)] = texts[name(i)].replace("â€™", "'").replace("’", "'") + "Caf\u00e9 cr\u00e8me.\n"
        (src / name(i)).write_bytes(texts[name(i)].encode("cp1252"))
    for i in BINARY:
        (src / name(i)).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3)
        bad[name(i)] = "binary file"
    for i in HUGE:
        (src / name(i)).write_bytes(texts[name(i)].encode("utf-8") * (MAX_BYTES // 200))
        bad[name(i)] = "-byte limit"
    for i in FIFO:
        (src / name(i)).unlink()
        os.mkfifo(src / name(i))
        bad[name(i)] = "FIFO"
    for i in DANGLING:
        (src / name(i)).unlink()
        (src / name(i)).symlink_to(src / "gone" / name(i))
        bad[name(i)] = "dangling symlink"
    for i in LOCKED:
        bad[name(i)] = "Permission denied"
    for i in DISK_FULL:
        bad[name(i)] = "No space left on device"
    good = {n: t for n, t in texts.items() if n not in bad or bad[n] in ("No space left on device",)}
    return src, good, bad


def test_fault_injected_batch(batch, tmp_path, monkeypatch):
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc/self/fd to map a written fd to its file")
    src, good, bad = batch
    out = tmp_path / "out"
    locked = {name(i) for i in LOCKED}
    full = {name(i) for i in DISK_FULL}
    real_open, real_fsync = cio.os.open, cio.os.fsync

    def guarded_open(path, *a, **k):
        if Path(path).name in locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *a, **k)

    def filling_fsync(fd):
        temp = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))  # .a00010.txt.<pid>-XXXXXXXX.tmp
        if temp.startswith(".") and temp[1:].split(".txt.", 1)[0] + ".txt" in full:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(cio.os, "open", guarded_open)
    monkeypatch.setattr(cio.os, "fsync", filling_fsync)
    inputs_before = digest(src)
    t0 = time.perf_counter()
    result = CliRunner().invoke(app, ["clean", str(src), "-o", str(out), "--max-bytes", str(MAX_BYTES)])
    elapsed = time.perf_counter() - t0
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)

    # Every bad item is reported, with its reason, in summary.json and on stderr; nothing else failed.
    summary = json.loads((out / "cleaner-report" / "summary.json").read_text(encoding="utf-8"))
    errors = {Path(e["doc"]).name: e["error"] for e in summary["errors"]}
    assert set(errors) == set(bad)
    for n, reason in bad.items():
        assert reason in errors[n], (n, errors[n])
        assert f"failed {src / n}: {errors[n]}" in result.output
    # Every good file is cleaned, whatever its encoding, and written as UTF-8.
    written = {n for n in good if n not in full}
    assert summary["documents"] == len(written) and summary["failed"] == len(bad)
    outputs = {p.name: p for p in out.glob("*.txt")}
    assert set(outputs) == written
    for n in written:
        assert outputs[n].read_text(encoding="utf-8") == clean_text(good[n]).text, n
    assert summary["changed"] >= len(written) // 4
    # Nothing partial, nothing extra: no temp files, no output for a failed item.
    leftovers = [p.name for p in out.rglob("*") if p.is_file() and p.parent == out and p.name not in written]
    assert leftovers == []
    assert not [p for p in out.rglob("*.tmp")]
    # Inputs untouched.
    assert digest(src) == inputs_before
    kinds = {reason: sum(1 for r in bad.values() if r == reason) for reason in sorted(set(bad.values()))}
    print(f"\nfault batch: {N_GOOD} files, {len(written)} cleaned ({summary['changed']} changed), "
          f"{len(bad)} failed {kinds}, {elapsed:.1f}s")
