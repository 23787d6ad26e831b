"""The pipeline API: clean_record, clean_batch, clean_stream agree with clean_text and the CLI."""

from __future__ import annotations

import pickle

import pytest

from cleaner import clean_batch, clean_record
from cleaner.api import RecordError, clean_stream
from cleaner.config import Config
from cleaner.edits import apply
from cleaner.pipeline import clean_text
from tests.conftest import SEEDS

GARBLED = "The Kremlinâ€™s reply came late.\n\n\n\nOfficials said “cautious optimism” was warranted.\n"


def test_clean_record_replaces_text_adds_metadata_keeps_the_rest():
    rec = {"url": "u", "text": GARBLED, "n": 1.5, "id": "k"}
    out = clean_record(rec)
    assert out["text"] == clean_text(GARBLED).text != GARBLED
    assert list(out) == ["url", "text", "n", "id", "cleaner"] and out["n"] == 1.5
    assert rec["text"] == GARBLED and "cleaner" not in rec  # the input is not mutated
    meta = out["cleaner"]
    assert meta["rules"] == {"encoding.mojibake": 1, "whitespace.blank-run": 1} and meta["applied"] == 2
    assert set(meta) >= {"spin_score", "verdict", "scores", "suggested", "suggested_rules"}


def test_clean_record_with_other_fields_and_bad_records():
    out = clean_record({"body": "a  \n", "key": 3}, text_field="body", id_field="key", meta_field="m")
    assert out["body"] == "a\n" and out["m"]["applied"] == 1
    with pytest.raises(RecordError):
        clean_record({"id": 1})
    with pytest.raises(RecordError):
        clean_record({"text": None})


def test_spun_seed_gets_its_verdict_in_metadata():
    spun = next(p for p in SEEDS if p.name.startswith("003"))
    meta = clean_record({"text": spun.read_text(encoding="utf-8")})["cleaner"]
    result = clean_text(spun.read_text(encoding="utf-8"))
    assert meta["verdict"] == result.scores.get("spin.verdict")
    assert meta["spin_score"] == result.scores.get("spin.score")


def test_clean_batch_mixes_texts_and_records_and_jobs_agree():
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    items = texts + [{"id": i, "text": t} for i, t in enumerate(texts)]
    one = clean_batch(items)
    two = clean_batch(items, jobs=2)
    n = len(texts)
    for t, r1, r2 in zip(texts, one[:n], two[:n]):
        assert r1.text == r2.text == clean_text(t).text and r1.edits == r2.edits
        assert apply(t, r1.edits) == r1.text
    assert one[n:] == two[n:] and [r["text"] for r in one[n:]] == [r.text for r in one[:n]]


def test_clean_batch_with_batch_statistics_sees_repeated_lines():
    junk = "Produced by the Riverside Desk"
    texts = [f"Article number {i} is about a different council vote on the budget. The members argued for "
             f"an hour before they agreed on a date.\n\n{junk}\n" for i in range(8)]
    config = Config(stages=("whitespace", "boilerplate"))
    alone = clean_batch(texts, config)
    together = clean_batch(texts, config, batch=True)
    assert all(junk in r.text for r in alone)
    assert all(junk not in r.text for r in together)
    assert {e.rule for r in together for e in r.edits} == {"boilerplate.batch-repeated"}


def test_clean_stream_is_lazy():
    seen = []

    def gen():
        for i in range(100):
            seen.append(i)
            yield f"text {i}  \n"

    stream = clean_stream(gen(), Config(stages=("whitespace",)))
    assert next(stream).text == "text 0\n" and len(seen) <= 2


def test_config_survives_pickling_with_options():
    c = Config().replace(stage_options={"spin": {"threshold": 2.0}}, allow_words={"Kremlin"})
    back = pickle.loads(pickle.dumps(c))
    assert back == c and back.option("spin", "threshold") == 2.0 and hash(back.stages) == hash(c.stages)
    with pytest.raises(TypeError):
        back.stage_options["spin"]["threshold"] = 3.0  # still read-only after the trip
