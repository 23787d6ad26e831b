"""Bad input and safe output: each bad item gets a clear error, the batch goes on, nothing is lost."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import io as cio
from cleaner.io import (DecodeFailure, Document, InputError, decode_bytes, iter_documents, keep_backup,
                        read_text_file, sweep_stale_temps, write_atomic)

ARTICLE = "Officials said “cautious optimism” was warranted.\n\nThe talks go on in Genève.\n"


def run_cli(*args: str, stdin: bytes | None = None, timeout: int = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin, capture_output=True,
                          env=env, timeout=timeout)


# --- decoding -------------------------------------------------------------------------------

@pytest.mark.parametrize("codec,label", [("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
                                         ("utf-16-be", "utf-16-be"), ("utf-32", "utf-32"),
                                         ("utf-8-sig", "utf-8-sig")])
def test_unicode_encodings_with_and_without_bom(codec, label):
    assert decode_bytes(ARTICLE.encode(codec)) == (ARTICLE, label)


def test_latin1_and_cp1252_text_is_decoded_not_refused():
    latin1 = "Le café de la gare a fermé, a dit le maire.\n"
    assert decode_bytes(latin1.encode("latin-1")) == (latin1, "cp1252")
    quotes = "He said “no” – twice.\n"
    assert decode_bytes(quotes.encode("cp1252")) == (quotes, "cp1252")


def test_utf8_with_a_stray_latin1_byte_keeps_its_utf8():
    # Reading the whole file as cp1252 would turn every “ into mojibake.
    data = "“Cautious” optimism, said the café owner, ".encode("utf-8") + b"na\xefve.\n"
    text, enc = decode_bytes(data)
    assert text == "“Cautious” optimism, said the café owner, naïve.\n" and enc == "utf-8+cp1252"


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",   # an image header
    b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8,        # an executable
    bytes(range(1, 32)) * 50,                                   # control bytes, no NUL, valid UTF-8
    b"\x1f\x8b\x08\x00" + bytes(200),                           # gzip
])
def test_binary_is_refused_as_binary(data):
    with pytest.raises(DecodeFailure) as info:
        decode_bytes(data)
    assert info.value.kind == "binary" and "binary" in str(info.value)


def test_a_few_control_characters_are_left_to_the_encoding_stage():
    text, _ = decode_bytes(b"Plain text with one \x07 bell in it.\n")
    assert "\x07" in text


def test_empty_input_is_empty_text():
    assert decode_bytes(b"") == ("", "utf-8")


# --- reading files ----------------------------------------------------------------------------

def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    # Opening a FIFO for reading blocks until a writer comes: the reader must not open it.
    def hung(*_):
        raise TimeoutError("reading a FIFO blocked")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(5)
    try:
        with pytest.raises(DecodeFailure, match="FIFO") as info:
            read_text_file(fifo)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert info.value.kind == "not-a-file"


def test_size_is_checked_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(300 * 1024 * 1024)  # sparse: 300 MB on paper, nothing on disk

    def no_open(*a, **k):
        raise AssertionError("a file over the limit was opened")

    monkeypatch.setattr(cio.os, "open", no_open)
    with pytest.raises(DecodeFailure, match=r"314,572,800 bytes, over the 67,108,864-byte limit") as info:
        read_text_file(big)
    assert info.value.kind == "too-large" and "--max-bytes" in str(info.value)


def test_max_bytes_is_a_hard_bound(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"x" * 101)
    with pytest.raises(DecodeFailure, match="101 bytes, over the 100-byte limit"):
        read_text_file(f, max_bytes=100)
    assert read_text_file(f, max_bytes=101) == ("x" * 101, "utf-8")


def test_dangling_symlink_and_permission_denied_are_items_not_crashes(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "locked.txt").write_text(ARTICLE, encoding="utf-8")
    real_open = cio.os.open

    def guarded_open(path, *a, **k):  # tests run as root, so chmod 000 would not stop a read
        if str(path).endswith("locked.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(cio.os, "open", guarded_open)
    items = {Path(i.id).name: i for i in iter_documents([str(tmp_path)])}
    assert isinstance(items["ok.txt"], Document)
    assert items["gone.txt"].kind == "missing" and "dangling symlink" in items["gone.txt"].message
    assert items["locked.txt"].kind == "unreadable" and items["locked.txt"].message == "cannot read: Permission denied"


def test_unlistable_folder_is_reported_not_skipped(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "y.txt").write_text(ARTICLE, encoding="utf-8")
    real_iterdir = Path.iterdir

    def iterdir(self):
        if self.name == "a":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    items = list(iter_documents([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["InputError", "Document"]
    assert items[0].message == "cannot list folder: Permission denied" and items[0].id.endswith("a")


def test_symlink_loop_ends_and_lists_each_file_once(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "top.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "sub" / "inner.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "sub" / "up").symlink_to("..")           # a loop: sub/up/sub/up/...
    (root / "again").symlink_to("sub")                # a second name for sub
    (root / "self.txt").symlink_to("self.txt")        # a file symlink to itself
    items = list(iter_documents([str(root)]))
    docs = [i.rel for i in items if isinstance(i, Document)]
    assert sorted(docs) == ["again/inner.txt", "top.txt"]   # sub walked once (under its first name)
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1 and errors[0].id.endswith("self.txt") and errors[0].kind == "unreadable"


def test_directory_named_like_a_text_file_is_walked_not_read(tmp_path):
    (tmp_path / "x.txt").mkdir()
    (tmp_path / "x.txt" / "y.txt").write_text(ARTICLE, encoding="utf-8")
    assert [i.rel for i in iter_documents([str(tmp_path)])] == ["x.txt/y.txt"]
    with pytest.raises(DecodeFailure, match="a folder"):
        read_text_file(tmp_path / "x.txt")


def test_temp_files_are_never_inputs(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".a.txt.999999-abcd_123.tmp").write_text("half a wri", encoding="utf-8")
    (tmp_path / ".b.txt.abcd_123.tmp").write_text("half a wri", encoding="utf-8")
    assert [i.rel for i in iter_documents([str(tmp_path)], pattern="*")] == ["a.txt"]


# --- writing ----------------------------------------------------------------------------------

def test_write_atomic_failure_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old complete content\n", encoding="utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cio.os, "fsync", full)
    with pytest.raises(OSError) as info:
        write_atomic(target, "new content that does not fit\n")
    assert info.value.errno == errno.ENOSPC
    assert target.read_text(encoding="utf-8") == "old complete content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_write_atomic_modes(tmp_path):
    new = tmp_path / "new.txt"
    write_atomic(new, "é\n")
    assert new.read_bytes() == "é\n".encode("utf-8")
    assert new.stat().st_mode & 0o777 == 0o666 & ~cio._UMASK  # not mkstemp's 0600
    old = tmp_path / "old.txt"
    old.write_text("x", encoding="utf-8")
    os.chmod(old, 0o640)
    write_atomic(old, "y")
    assert old.stat().st_mode & 0o777 == 0o640


def test_stale_temps_of_a_dead_run_are_swept_live_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".a.txt.{dead.pid}-abcdefgh.tmp"
    live = tmp_path / f".b.txt.{os.getpid()}-abcdefgh.tmp"
    stale.write_text("half", encoding="utf-8")
    live.write_text("in progress", encoding="utf-8")
    assert sweep_stale_temps(tmp_path) == [stale]
    assert live.exists() and not stale.exists()


def test_backup_never_overwrites_an_earlier_backup(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("the true original\n", encoding="utf-8")
    assert keep_backup(src) == tmp_path / "a.txt.orig"
    write_atomic(src, "cleaned once\n")          # e.g. an interrupted in-place run
    assert (tmp_path / "a.txt.orig").read_text(encoding="utf-8") == "the true original\n"
    assert keep_backup(src) == tmp_path / "a.txt.orig.1"
    assert (tmp_path / "a.txt.orig").read_text(encoding="utf-8") == "the true original\n"
    assert (tmp_path / "a.txt.orig.1").read_text(encoding="utf-8") == "cleaned once\n"
    assert keep_backup(src) == tmp_path / "a.txt.orig.1"  # same content: reused, no .orig.2


# --- the command line on a messy batch ------------------------------------------------------------

@pytest.fixture()
def messy(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "good.txt").write_text("The Kremlinâ€™s reply came late.\n\n\n\nThe talks go on.\n", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "utf16.txt").write_bytes(ARTICLE.encode("utf-16"))
    (src / "utf16-nobom.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    (src / "latin1.txt").write_bytes("Le café a fermé.\n".encode("latin-1"))
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (src / "big.txt").write_bytes(b"A long line of text. " * 100)  # 2,100 bytes: "huge" under --max-bytes 2000
    os.mkfifo(src / "pipe.txt")
    (src / "dangling.txt").symlink_to(src / "missing-target.txt")
    (src / "sub" / "loop").symlink_to("..")
    return src


def test_messy_batch_goes_on_reports_each_bad_item_and_exits_1(messy, tmp_path):
    out = tmp_path / "out"
    before = {p: p.read_bytes() for p in messy.rglob("*") if p.is_file() and not p.is_symlink()
              and p.suffix == ".txt" and p.stat().st_size < 10_000}
    r = run_cli("clean", str(messy), "-o", str(out), "--max-bytes", "2000")
    assert r.returncode == 1, r.stderr
    stderr = r.stderr.decode()
    summary = json.loads((out / "cleaner-report" / "summary.json").read_text(encoding="utf-8"))
    errors = {Path(e["doc"]).name: e["error"] for e in summary["errors"]}
    assert set(errors) == {"binary.txt", "big.txt", "pipe.txt", "dangling.txt"}
    assert "binary file" in errors["binary.txt"]
    assert "2,100 bytes, over the 2,000-byte limit" in errors["big.txt"]
    assert "FIFO" in errors["pipe.txt"] and "dangling symlink" in errors["dangling.txt"]
    for name, message in errors.items():
        assert f"failed {messy / name}: {message}" in stderr
    assert summary["documents"] == 5 and summary["failed"] == 4
    # Good items, every encoding, written as UTF-8; the empty file cleans to empty.
    assert (out / "good.txt").read_text(encoding="utf-8") == "The Kremlin’s reply came late.\n\nThe talks go on.\n"
    assert (out / "empty.txt").read_bytes() == b""
    assert (out / "utf16.txt").read_bytes() == ARTICLE.encode("utf-8")
    assert (out / "utf16-nobom.txt").read_bytes() == ARTICLE.encode("utf-8")
    assert (out / "latin1.txt").read_bytes() == "Le café a fermé.\n".encode("utf-8")
    records = [json.loads(x) for x in (out / "cleaner-report" / "documents.jsonl").read_text("utf-8").splitlines()]
    encodings = {Path(r["doc"]).name: r.get("encoding") for r in records if "error" not in r}
    assert encodings == {"good.txt": "utf-8", "empty.txt": "utf-8", "utf16.txt": "utf-16",
                         "utf16-nobom.txt": "utf-16-le", "latin1.txt": "cp1252"}
    assert not list(out.rglob("loop"))  # the loop was not followed into a second copy
    assert before == {p: p.read_bytes() for p in before}  # inputs untouched


def test_nothing_readable_exits_2(tmp_path):
    (tmp_path / "a.txt").write_bytes(bytes(300))
    r = run_cli("check", str(tmp_path))
    assert r.returncode == 2 and "binary file" in r.stderr.decode()


def test_huge_file_is_refused_in_bounded_memory(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # 400 MB of real bytes would be slow to write; a sparse file stats the same
        fh.truncate(400 * 1024 * 1024)
    # A wrapper process runs the CLI and reports its own children's peak: RUSAGE_CHILDREN in the test
    # process would include every earlier child of the whole suite.
    wrapper = ("import os, resource, subprocess, sys; "
               "r = subprocess.run([sys.executable, '-m', 'cleaner', 'check', sys.argv[1]], capture_output=True, "
               "env={**os.environ, 'NO_COLOR': '1'}); "
               "sys.stderr.buffer.write(r.stderr); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")
    r = subprocess.run([sys.executable, "-c", wrapper, str(big)], capture_output=True, timeout=60)
    assert r.returncode == 2 and "over the 67,108,864-byte limit" in r.stderr.decode()
    peak_kb = int(r.stdout.decode().split()[-1])
    assert peak_kb < 300 * 1024, f"peak RSS {peak_kb} kB: the file was read"


def test_huge_stdin_is_refused_with_the_limit():
    r = run_cli("clean", "-", "--max-bytes", "1000", stdin=b"word " * 1000)
    assert r.returncode == 2 and "over the 1,000-byte limit" in r.stderr.decode()
    assert r.stdout == b""


def test_stdin_utf16_comes_out_utf8():
    r = run_cli("clean", "-", "-q", stdin=ARTICLE.encode("utf-16"))
    assert r.returncode == 0 and r.stdout == ARTICLE.encode("utf-8")


def test_in_place_backup_and_no_backup(tmp_path):
    dirty = "The Kremlinâ€™s reply came late.\n"
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(dirty, encoding="utf-8")
    b.write_text(dirty, encoding="utf-8")
    assert run_cli("clean", "--in-place", "-q", str(a)).returncode == 0
    assert run_cli("clean", "--in-place", "--no-backup", "-q", str(b)).returncode == 0
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8") == "The Kremlin’s reply came late.\n"
    assert (tmp_path / "a.txt.orig").read_text(encoding="utf-8") == dirty
    assert not (tmp_path / "b.txt.orig").exists()
    # A second run has nothing to do and must not touch the backup.
    assert run_cli("clean", "--in-place", "-q", str(a)).returncode == 0
    assert (tmp_path / "a.txt.orig").read_text(encoding="utf-8") == dirty
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "a.txt.orig", "b.txt"]
