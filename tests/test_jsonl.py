"""JSON Lines in and out: text cleaned, every other byte kept, bad lines reported and kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner.config import Config
from cleaner.edits import apply
from cleaner.jsonl import Options, parse_fields, process_stream, splice
from tests.conftest import SEEDS
from tests.test_cli import cleaner

GARBLED = "The Kremlinâ€™s reply came late.  \n\n\n\nOfficials said “cautious optimism” was warranted.\n"
FIXED = "The Kremlin’s reply came late.\n\nOfficials said “cautious optimism” was warranted.\n"
CLEAN = "Officials met on Monday.\n\nThe talks go on.\n"


def _line(obj: dict, **kw) -> str:
    return json.dumps(obj, **kw)


@pytest.fixture()
def jsonl_in(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    lines = [
        # Odd but valid JSON that a re-serialiser would change: 1.50, 1E5, escapes, a nested object, key order.
        '{"url": "http://a.example/1", "n": 1.50, "big": 1E5, "text": ' + json.dumps(GARBLED)
        + ', "tags": ["caf\\u00e9", {"z": 1, "a": 2}], "id": "a1"}',
        '{"id": "c2", "text": ' + json.dumps(CLEAN, ensure_ascii=False) + ', "lang": "en"}',
        '{"id": "bad1", "text": 5}',
        "{not json",
        "",
        '{"id": "nofield", "body": "x"}',
        '[1, 2]',
        '{"id": 7, "text": "A line  \\n\\n\\n\\nMore.\\n", "cleaner": {"old": true}, "after": null}',
    ]
    (src / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (src / "skip.txt").write_text("not JSONL\n", encoding="utf-8")
    return src


def test_clean_jsonl_keeps_other_bytes_and_reports_bad_lines(jsonl_in, tmp_path):
    out = tmp_path / "out"
    r = cleaner("clean", "--jsonl", str(jsonl_in), "-o", str(out))
    assert r.returncode == 1, r.stderr  # some lines failed
    src_lines = (jsonl_in / "a.jsonl").read_text(encoding="utf-8").split("\n")
    out_lines = (out / "a.jsonl").read_text(encoding="utf-8").split("\n")
    assert len(out_lines) == len(src_lines) and not (out / "skip.txt").exists()
    first = out_lines[0]
    # Every byte around the text value is the input's.
    head, tail = src_lines[0].split(json.dumps(GARBLED))
    assert first.startswith(head + json.dumps(FIXED)) and tail.rstrip("}") in first
    assert '"n": 1.50, "big": 1E5' in first and '["caf\\u00e9", {"z": 1, "a": 2}]' in first
    rec = json.loads(first)
    assert list(rec) == ["url", "n", "big", "text", "tags", "id", "cleaner"]
    assert rec["text"] == FIXED
    meta = rec["cleaner"]
    assert meta["rules"] == {"encoding.mojibake": 1, "whitespace.blank-run": 1}
    assert meta["applied"] == 2 and "spin_score" in meta and "verdict" in meta
    # A clean text is not rewritten (its spelling kept), only the metadata added.
    assert out_lines[1].startswith(src_lines[1][:-1]) and json.loads(out_lines[1])["cleaner"]["applied"] == 0
    # Bad lines and the blank line: copied unchanged, in place.
    for i in (2, 3, 4, 5, 6):
        assert out_lines[i] == src_lines[i]
    # An existing metadata field is replaced where it stands; a numeric id is used as the id.
    last = json.loads(out_lines[7])
    assert list(last) == ["id", "text", "cleaner", "after"] and "old" not in last["cleaner"]
    assert last["text"] == "A line\n\nMore.\n"
    for where in ("a.jsonl:3", "a.jsonl:4", "a.jsonl:6", "a.jsonl:7"):
        assert where in r.stderr
    assert "is a number, not a string" in r.stderr and "no 'text' field" in r.stderr
    docs = [json.loads(x) for x in (out / "cleaner-report" / "documents.jsonl").read_text().splitlines()]
    assert [d["doc"] for d in docs if "error" not in d] == ["a1", "c2", "7"]
    assert sum("error" in d for d in docs) == 4


def test_jsonl_stdin_to_stdout_and_jobs_agree(jsonl_in):
    data = (jsonl_in / "a.jsonl").read_text(encoding="utf-8")
    one = cleaner("clean", "--jsonl", "-", stdin=data)
    two = cleaner("clean", "--jsonl", "-", "--jobs", "2", stdin=data)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and len(one.stdout.split("\n")) == len(data.split("\n"))
    assert json.loads(one.stdout.split("\n")[0])["text"] == FIXED


def test_jsonl_fields_are_configurable(tmp_path):
    src = tmp_path / "b.jsonl"
    src.write_text(json.dumps({"doc_id": "x", "body": GARBLED, "text": "untouched  "}) + "\n", encoding="utf-8")
    r = cleaner("clean", "--jsonl", str(src), "-o", str(tmp_path / "o"), "--text-field", "body",
                "--id-field", "doc_id", "--meta-field", "_clean", "--no-report")
    assert r.returncode == 0, r.stderr
    rec = json.loads((tmp_path / "o" / "b.jsonl").read_text(encoding="utf-8"))
    assert rec["body"] == FIXED and rec["text"] == "untouched  " and rec["_clean"]["applied"] == 2
    r = cleaner("check", "--jsonl", str(src), "--text-field", "body", "--id-field", "doc_id")
    assert r.returncode == 1 and r.stdout.startswith("x: 2 edits")


def test_splice_keeps_an_escaped_file_escaped_and_compact_compact():
    line = '{"id":"q","text":"caf\\u00c3\\u00a9  ","x":"\\u00e9"}'
    out = splice(line, parse_fields(line), "text", "café", "meta", {"n": 1})
    assert out == '{"id":"q","text":"caf\\u00e9","x":"\\u00e9","meta":{"n":1}}'
    assert out.isascii()


def test_parse_fields_rejects_what_is_not_one_object():
    for bad in ('{"a": 1} x', '{"a" 1}', '{"a": 1,}', '"text"', '{"a": [1, }'):
        with pytest.raises(ValueError):
            parse_fields(bad)
    assert parse_fields(' {"a": {"b": "}"}, "a": 2} ').values == {"a": 2}


def test_process_stream_results_obey_the_edit_law():
    lines = [json.dumps({"id": p.name, "text": p.read_text(encoding="utf-8")}).encode() + b"\n" for p in SEEDS]
    events = [e for e in process_stream([(None, "seeds.jsonl", lines)], Config(), Options()) if e.kind == "line"]
    assert len(events) == len(SEEDS) and all(e.result is not None for e in events)
    for e in events:
        assert apply(e.result.original, e.result.edits) == e.result.text
        assert json.loads(e.data)["text"] == e.result.text


def test_too_long_line_is_reported_and_the_rest_goes_on(tmp_path):
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": "ok  "}) + "\n", encoding="utf-8")
    r = cleaner("clean", "--jsonl", str(src), "-o", str(tmp_path / "o"), "--max-bytes", "1000", "--no-report")
    assert r.returncode == 1 and "c.jsonl:1" in r.stderr and "limit" in r.stderr
    assert json.loads((tmp_path / "o" / "c.jsonl").read_text(encoding="utf-8"))["text"] == "ok"
