"""Clean a ``dask.bag`` of records on a Dask cluster (``pip install cleaner[dask]``).

>>> import dask.bag as db                                          # doctest: +SKIP
>>> from distributed import Client                                 # doctest: +SKIP
>>> client = Client("tcp://scheduler:8786")                        # doctest: +SKIP
>>> bag = db.read_text("s3://bucket/in/*.jsonl").map(json.loads)   # doctest: +SKIP
>>> clean_bag(bag).map(json.dumps).to_textfiles("s3://bucket/out/*.jsonl")  # doctest: +SKIP

Each partition is cleaned by :func:`cleaner.api.clean_stream` in one worker
task: records come back as :func:`cleaner.api.clean_record` would return them
(cleaned text, metadata field, other fields untouched, in order), plain
strings as :class:`cleaner.pipeline.Result` objects.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Iterable, Mapping

from cleaner.api import clean_stream
from cleaner.config import Config
from cleaner.pipeline import DEFAULT_CONFIG


def clean_partition(records: Iterable[Mapping[str, Any] | str], config: Config = DEFAULT_CONFIG,
                    text_field: str = "text", id_field: str = "id", meta_field: str = "cleaner",
                    batch: Mapping[str, Any] | None = None) -> list:
    """Clean one partition (a list of records or texts), in order."""
    return list(clean_stream(records, config, 1, text_field, id_field, meta_field, batch))


def clean_bag(bag: Any, config: Config = DEFAULT_CONFIG, text_field: str = "text", id_field: str = "id",
              meta_field: str = "cleaner", batch: Mapping[str, Any] | None = None) -> Any:
    """A lazy bag of cleaned records (``.compute()`` or ``.to_textfiles()`` runs it on the cluster)."""
    fn = partial(clean_partition, config=config, text_field=text_field, id_field=id_field,
                 meta_field=meta_field, batch=dict(batch) if batch else None)
    return bag.map_partitions(fn)
