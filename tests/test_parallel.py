"""--jobs N: the same files, the same report byte for byte and the same exit code as --jobs 1."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from cleaner.batch import clean_documents
from cleaner.config import Config
from cleaner.edits import apply
from cleaner.io import Document, InputError
from cleaner.parallel import clean_parallel
from tests.conftest import SEEDS
from tests.test_cli import cleaner

MOJIBAKE = "The Kremlinâ€™s reply came late.\n\n\n\nOfficials said “cautious optimism” was warranted.\n"


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for p in SEEDS:
        shutil.copy(p, src / p.name)
    (src / "sub" / "broken.txt").write_text(MOJIBAKE, encoding="utf-8")
    (src / "sub" / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    for i in range(6):  # enough documents to fill the in-flight window and more
        (src / f"short{i}.txt").write_text(f"Line {i}  \n\n\n\nThe end.\n", encoding="utf-8")
    return src


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_clean_with_jobs_matches_one_job_byte_for_byte(tree, tmp_path):
    one = cleaner("clean", str(tree), "-o", str(tmp_path / "one"), "--jobs", "1")
    two = cleaner("clean", str(tree), "-o", str(tmp_path / "two"), "--jobs", "2")
    assert one.returncode == two.returncode == 1  # the binary file failed
    a, b = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert a.keys() == b.keys() and "cleaner-report/summary.json" in a
    for name in a:
        # Output paths inside the report name the output folder; nothing else may differ.
        assert a[name].replace(b"/one/", b"/X/") == b[name].replace(b"/two/", b"/X/"), name
    summary = json.loads(a["cleaner-report/summary.json"])
    assert summary["documents"] == len(SEEDS) + 7 and summary["failed"] == 1


def test_check_and_diff_with_jobs_match(tree):
    for cmd in (["check", "--format", "json"], ["diff", "--no-color"]):
        one = cleaner(*cmd, str(tree), "-j", "1")
        two = cleaner(*cmd, str(tree), "-j", "2")
        assert (one.returncode, one.stdout) == (two.returncode, two.stdout)
        assert one.returncode == 1 and one.stdout


def test_parallel_keeps_order_errors_and_results():
    docs: list = [Document(f"d{i}", f"Paragraph {i}  \n\n\n\nEnd {i}.\n") for i in range(20)]
    docs.insert(5, InputError("bad", "unreadable", None, "unreadable"))
    config = Config(stages=("encoding", "whitespace"))
    serial = list(clean_documents(docs, config))
    parallel = list(clean_parallel(docs, config, jobs=2, window=3))
    assert [i.id for i, _ in parallel] == [i.id for i, _ in serial] == [d.id for d in docs]
    assert parallel[5] == (docs[5], None)
    for (_, r1), (_, r2) in zip(serial, parallel):
        if r1 is None:
            assert r2 is None
            continue
        assert (r1.text, r1.edits, r1.suggestions, dict(r1.scores)) == (r2.text, r2.edits, r2.suggestions,
                                                                        dict(r2.scores))
        assert apply(r2.original, r2.edits) == r2.text
    assert parallel[0][1].text == "Paragraph 0\n\nEnd 0.\n"


def test_parallel_input_is_consumed_lazily():
    """Streaming: the pool never reads far ahead of what has been handed back."""
    pulled = []

    def documents():
        for i in range(1000):
            pulled.append(i)
            yield Document(str(i), f"Text {i}.\n")

    results = clean_parallel(documents(), Config(stages=("whitespace",)), jobs=2, window=4)
    for n, (item, result) in enumerate(results):
        assert item.id == str(n)
        assert len(pulled) <= n + 1 + 4 + 1
        if n == 30:
            results.close()
            break
    assert len(pulled) < 40


def test_a_dying_worker_fails_its_documents_not_the_batch():
    class Killer(str):
        """Text whose cleaning kills the worker process (as the OOM killer would)."""

        def __reduce__(self):
            return (os._exit, (3,))

    docs = [Document("a", "One  \n"), Document("b", Killer("boom")), Document("c", "Three  \n")] + [
        Document(f"z{i}", "More  \n") for i in range(4)]
    out = list(clean_parallel(docs, Config(stages=("whitespace",)), jobs=2, window=2))
    assert [i.id for i, _ in out] == [d.id for d in docs]
    failed = [i for i, r in out if r is None]
    assert any(i.id == "b" for i in failed)
    assert all(isinstance(i, InputError) and "worker process died" in i.message for i in failed)
    assert out[-1][1] is not None and out[-1][1].text == "More\n"  # the pool came back


def test_one_job_freezes_the_loaded_tables_after_its_first_document():
    # In a fresh process: nothing frozen before; after the first document the tables are out of the
    # collector's walks, and every result is the one clean_text gives (the freeze changes no output).
    import subprocess
    import sys

    code = """
import gc
from cleaner.batch import clean_documents
from cleaner.config import Config
from cleaner.io import Document, InputError
from cleaner.pipeline import clean_text
docs = [Document("a", "The goverment said so.\\n"), InputError("b", "unreadable"),
        Document("c", "Leave a Reply\\nThe White Home stated it.\\n")]
before = gc.get_freeze_count()
out = []
for item, result in clean_documents(iter(docs), Config()):
    out.append((item, result, gc.get_freeze_count()))
assert before == 0 and out[0][2] == 0 and out[1][2] > 5000, (before, [o[2] for o in out])
assert [r.text if r else None for _, r, _ in out] == [clean_text(docs[0].text).text, None, clean_text(docs[2].text).text]
print("ok")
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr
