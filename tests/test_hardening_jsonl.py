"""Malformed JSON Lines: each bad line is reported with its line number, copied unchanged, and the rest is cleaned."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.config import Config
from cleaner.jsonl import process_stream

MOJIBAKE = "The Kremlin\u00e2\u20ac\u2122s reply came late.  "

LINES = [
    b'\xef\xbb\xbf' + json.dumps({"id": 1, "text": MOJIBAKE}, ensure_ascii=False).encode() + b"\n",  # BOM, good
    b'{"id": 2, "text": "Clean text here.", "n": 1.50}\r\n',                                        # CRLF, good
    b'{"id": 3, "text": "unterminated\n',
    b'[1, 2, 3]\n',
    b'{"id": 5}\n',
    b'{"id": 6, "text": 42}\n',
    b'{"id": 7, "text": "caf\xe9"}\n',                                                            # Latin-1 byte
    b'\n',
    b'{"id": 9, "text": "' + b"x" * 3000 + b'"}\n',                                               # over --max-bytes
    b'{"id": 10, "text": "nul \x00 inside"}\n',
    b'{"id": 11, "text": "Last one\\u00e2\\u20ac\\u2122s fine."}',                               # no final newline
]
BAD = {3: "not JSON", 4: "an array, not an object", 5: "no 'text' field", 6: "is a number, not a string",
       7: "not UTF-8", 9: "over the 2,000-byte limit", 10: "not JSON"}


def test_messy_jsonl_through_the_cli(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.jsonl").write_bytes(b"".join(LINES))
    r = subprocess.run([sys.executable, "-m", "cleaner", "clean", "--jsonl", str(src), "-o", str(out),
                        "--max-bytes", "2000"], capture_output=True, env={**os.environ, "NO_COLOR": "1"},
                       timeout=120)
    assert r.returncode == 1, r.stderr
    summary = json.loads((out / "cleaner-report" / "summary.json").read_text(encoding="utf-8"))
    errors = {e["doc"]: e["error"] for e in summary["errors"]}
    assert set(errors) == {f"a.jsonl:{n}" for n in BAD}
    for n, reason in BAD.items():
        assert reason in errors[f"a.jsonl:{n}"]
        assert f"failed a.jsonl:{n}: " in r.stderr.decode()
    lines = (out / "a.jsonl").read_bytes().splitlines(keepends=True)
    # Every line but the over-limit one is still there, in order; bad ones byte for byte.
    kept = [raw for n, raw in enumerate(LINES, 1) if n != 9]
    assert len(lines) == len(kept)
    for n, (raw, got) in enumerate(zip(kept, lines), 1):
        n = n if n < 9 else n + 1
        if n in BAD or not raw.strip():
            assert got == raw, n
    first = json.loads(lines[0][3:])
    assert lines[0].startswith(b"\xef\xbb\xbf") and first["text"] == "The Kremlin’s reply came late."
    assert lines[1].endswith(b"\r\n") and b'"n": 1.50' in lines[1]
    assert json.loads(lines[-1])["text"] == "Last one’s fine." and not lines[-1].endswith(b"\n")
    assert summary["documents"] == 3 and summary["failed"] == len(BAD)
    assert not list(out.rglob("*.tmp"))


JSON_TEXT = st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=10)
                     | st.sampled_from(["\u00e2\u20ac\u2122", "\n\n\n", "  "]), max_size=8).map("".join)
LINE = st.one_of(
    JSON_TEXT.map(lambda t: json.dumps({"id": 1, "text": t}).encode()),
    JSON_TEXT.map(lambda t: json.dumps({"text": t, "x": [1, {"y": None}]}, ensure_ascii=False).encode()),
    st.binary(max_size=60),
    st.sampled_from([b"", b"{", b"}", b'{"text": }', b'{"text": "a"} trailing', b"null", b'"text"', b"[" * 2000]),
)


@settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=12))
def test_any_bytes_every_line_accounted_for(lines):
    raw = [line.replace(b"\n", b" ").replace(b"\r", b" ") + b"\n" for line in lines]
    events = [e for e in process_stream([(None, "x.jsonl", raw)], Config()) if e.kind == "line"]
    assert len(events) == len(raw)
    for line, ev in zip(raw, events):
        if ev.result is None:  # not cleaned: copied as it is (and reported unless blank)
            assert ev.data == line
            assert ev.error is not None or not line.strip()
            if ev.error is not None:
                assert ev.error.id.startswith("x.jsonl:")
        else:
            assert json.loads(ev.data)["text"] == ev.result.text
