"""The engine adapters on real local engines with separate processes, against the single-process result.

Skipped where the extra is not installed (``cleaner[datatrove]``, ``cleaner[dask]``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cleaner import clean_record
from tests.conftest import SEEDS

GARBLED = "The Kremlinâ€™s reply came late.\n\n\n\nOfficials said “cautious optimism” was warranted.\n"


def _records() -> list[dict]:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS] + [GARBLED, "Plain words.\n"]
    return [{"id": f"r{i}", "text": t, "source": f"site-{i % 3}"} for i, t in enumerate(texts)]


def test_datatrove_step_with_two_tasks_matches_clean_record(tmp_path: Path):
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.adapters.datatrove import CleanerStep

    records = _records()
    src, out, spun_out, logs = tmp_path / "in", tmp_path / "out", tmp_path / "spun", tmp_path / "logs"
    src.mkdir()
    for part in (0, 1):  # one file per task
        with open(src / f"part{part}.jsonl", "w", encoding="utf-8") as fh:
            for rec in records[part::2]:
                fh.write(json.dumps(rec) + "\n")
    step = CleanerStep(drop_spun=True, exclusion_writer=JsonlWriter(str(spun_out), compression=None,
                                                                    output_filename="${rank}.jsonl"))
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(src)), step, JsonlWriter(str(out), compression=None, output_filename="${rank}.jsonl")],
        tasks=2, workers=2, logging_dir=str(logs), start_method="spawn",
    ).run()

    def read(folder: Path) -> dict[str, dict]:
        rows = [json.loads(line) for f in sorted(folder.glob("*.jsonl")) for line in f.read_text().splitlines()]
        return {r["id"]: r for r in rows}

    kept, spun = read(out), read(spun_out)
    assert sorted(kept) + sorted(spun) and set(kept) | set(spun) == {r["id"] for r in records}
    expected = {r["id"]: clean_record(r) for r in records}
    assert set(spun) == {i for i, e in expected.items() if e["cleaner"]["verdict"] == "spun"}
    for rid, row in {**kept, **spun}.items():
        assert row["text"] == expected[rid]["text"]
        assert row["metadata"]["cleaner"] == expected[rid]["cleaner"]
        assert row["metadata"]["source"] == expected[rid]["source"]
    # Per-rule statistics, merged over both tasks.
    stats = json.loads((logs / "stats.json").read_text())
    step_stats = next(s for s in stats if "cleaner" in s["name"])["stats"]
    total_mojibake = sum(e["cleaner"]["rules"].get("encoding.mojibake", 0) for e in expected.values())
    assert total_mojibake >= 1 and _total(step_stats["edits/encoding.mojibake"]) == total_mojibake
    assert _total(step_stats["total"]) == len(records)
    assert _total(step_stats["spun"]) == _total(step_stats["dropped"]) == len(spun) >= 1
    assert len(list((logs / "stats").glob("*.json"))) == 2  # two tasks ran


def _total(stat) -> int:
    """datatrove writes a counter seen once as a bare number, else as a dict with its total."""
    return stat["total"] if isinstance(stat, dict) else stat


def test_dask_bag_on_a_two_process_cluster_matches_clean_record(tmp_path: Path):
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    import dask.bag as db

    from cleaner.adapters.dask import clean_bag

    records = _records()
    expected = [clean_record(r) for r in records]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  local_directory=str(tmp_path), silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        pids = set(client.run(os.getpid).values())
        assert len(pids) == 2 and os.getpid() not in pids
        got = clean_bag(db.from_sequence(records, npartitions=4)).compute()
    assert got == expected
    assert any(r["cleaner"]["applied"] for r in got) and [r["source"] for r in got] == [r["source"] for r in records]
