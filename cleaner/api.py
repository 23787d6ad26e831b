"""The Python API for ingestion pipelines: clean records (dicts) or plain texts.

Everything goes through :func:`cleaner.batch.clean_documents`, the engine
behind the CLI, so a record cleaned here gets exactly what ``cleaner clean``
would write.

>>> rec = {"id": "a1", "text": "Itâ€™s late.\\n\\n\\n\\nEnd.\\n", "lang": "en"}
>>> out = clean_record(rec)
>>> out["text"], out["lang"], out["cleaner"]["rules"]
('It’s late.\\n\\nEnd.\\n', 'en', {'encoding.mojibake': 1, 'whitespace.blank-run': 1})
>>> list(out) == ["id", "text", "lang", "cleaner"] and rec["text"].startswith("Itâ")
True
>>> [r.text for r in clean_batch(["a  b  \\n", "fine\\n"])]
['a  b\\n', 'fine\\n']
"""

from __future__ import annotations

from collections import Counter, deque
from typing import Any, Iterable, Iterator, Mapping

from cleaner.batch import batch_statistics, clean_documents
from cleaner.config import Config
from cleaner.io import Document, InputError
from cleaner.pipeline import DEFAULT_CONFIG, Result

# Score keys promoted to the top of the metadata: what a pipeline filters on.
SPIN_SCORE = "spin.score"
SPIN_VERDICT = "spin.verdict"


class RecordError(ValueError):
    """A record that cannot be cleaned (no text field, or not a string)."""


def metadata(result: Result) -> dict[str, Any]:
    """What a record carries about its cleaning: counts per rule, spin score and verdict, all scores.

    >>> from cleaner import clean_text
    >>> m = metadata(clean_text("a  \\n", Config(stages=("whitespace",))))
    >>> m["applied"], m["rules"], m["verdict"]
    (1, {'whitespace.trailing-space': 1}, None)
    """
    return {
        "applied": len(result.edits),
        "suggested": len(result.suggestions),
        "rules": dict(sorted(Counter(e.rule for e in result.edits).items())),
        "suggested_rules": dict(sorted(Counter(e.rule for e in result.suggestions).items())),
        "spin_score": result.scores.get(SPIN_SCORE),
        "verdict": result.scores.get(SPIN_VERDICT),
        "scores": {k: _plain(v) for k, v in sorted(result.scores.items())},
    }


def _plain(value: Any) -> Any:
    """A score as a JSON value (stages may use numpy floats, tuples...)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def record_document(record: Mapping[str, Any], text_field: str = "text", id_field: str = "id",
                    default_id: str = "-") -> Document:
    """The document inside a record; :class:`RecordError` if its text field is missing or not a string."""
    if not isinstance(record, Mapping):
        raise RecordError(f"a record is a dict, not {type(record).__name__}")
    text = record.get(text_field)
    if text_field not in record:
        raise RecordError(f"record has no {text_field!r} field")
    if not isinstance(text, str):
        raise RecordError(f"record field {text_field!r} is {type(text).__name__}, not a string")
    doc_id = record.get(id_field)
    return Document(default_id if doc_id is None else str(doc_id), text)


def updated_record(record: Mapping[str, Any], result: Result | None, error: str | None = None,
                   text_field: str = "text", meta_field: str = "cleaner") -> dict[str, Any]:
    """A copy of ``record`` with the cleaned text and the metadata; other fields untouched, in order."""
    out = dict(record)
    if result is not None:
        out[text_field] = result.text
        out[meta_field] = metadata(result)
    else:
        out[meta_field] = {"error": error}
    return out


def clean_record(record: Mapping[str, Any], config: Config = DEFAULT_CONFIG, text_field: str = "text",
                 id_field: str = "id", meta_field: str = "cleaner",
                 batch: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Clean one record: a new dict whose ``text_field`` is cleaned and ``meta_field`` holds :func:`metadata`.

    Raises :class:`RecordError` for a record without a string text field. If a
    stage fails on the text, the text is left as it was and the metadata says
    ``{"error": ...}`` (one bad document must not stop a pipeline).
    """
    doc = record_document(record, text_field, id_field)
    (item, result), = clean_documents([doc], config, dict(batch) if batch else None)
    return updated_record(record, result, None if result else item.message, text_field, meta_field)


def clean_stream(items: Iterable[str | Mapping[str, Any]], config: Config = DEFAULT_CONFIG, jobs: int = 1,
                 text_field: str = "text", id_field: str = "id", meta_field: str = "cleaner",
                 batch: Mapping[str, Any] | None = None) -> Iterator[Result | dict[str, Any]]:
    """Lazily clean texts (giving :class:`Result`) and records (giving cleaned dicts), in order.

    ``jobs`` > 1 uses that many processes (0: one per CPU); memory stays bounded.
    """
    # The records whose documents are in flight, oldest first (results come back in order).
    waiting: deque[Mapping[str, Any] | None] = deque()

    def documents() -> Iterator[Document]:
        for n, it in enumerate(items):
            if isinstance(it, str):
                waiting.append(None)
                yield Document(str(n), it)
            else:
                waiting.append(it)
                yield record_document(it, text_field, id_field, str(n))

    for n, (item, result) in enumerate(clean_documents(documents(), config, dict(batch) if batch else None,
                                                       jobs)):
        record = waiting.popleft()
        if record is None:
            if result is None:
                raise RuntimeError(f"text {n}: {item.message}")
            yield result
        else:
            yield updated_record(record, result, None if result else item.message, text_field, meta_field)


def clean_batch(items: Iterable[str | Mapping[str, Any]], config: Config = DEFAULT_CONFIG, jobs: int = 1,
                text_field: str = "text", id_field: str = "id", meta_field: str = "cleaner",
                batch: bool = False) -> list[Result | dict[str, Any]]:
    """Clean a list of texts and/or records; ``batch=True`` learns from the whole list first.

    Texts give :class:`Result` objects (``.text``, ``.edits``, ``.scores``);
    records give cleaned copies as :func:`clean_record` does.
    """
    items = list(items)
    stats = None
    if batch:
        stats = batch_statistics(lambda: (it if isinstance(it, str) else
                                          record_document(it, text_field, id_field).text for it in items), config)
    return list(clean_stream(items, config, jobs, text_field, id_field, meta_field, stats))
