"""A datatrove pipeline step that cleans each document's text (``pip install cleaner[datatrove]``).

>>> from datatrove.executor import LocalPipelineExecutor          # doctest: +SKIP
>>> from datatrove.pipeline.readers import JsonlReader            # doctest: +SKIP
>>> from datatrove.pipeline.writers import JsonlWriter            # doctest: +SKIP
>>> LocalPipelineExecutor([JsonlReader("in/"), CleanerStep(drop_spun=True), JsonlWriter("out/")],
...                       tasks=8, logging_dir="logs/").run()     # doctest: +SKIP

Each document's text is replaced by the cleaned text, ``doc.metadata[meta_key]`` gets the
counts per rule, the spin score and verdict (:func:`cleaner.api.metadata`), and the step's
statistics (``logs/stats.json``) count the edits of every rule (``edits/<rule>``), the
documents changed, spun and failed. A document the pipeline fails on keeps its text and gets
``{"error": ...}`` in its metadata.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.typeshelper import StatHints

from cleaner.api import SPIN_VERDICT, metadata
from cleaner.config import Config
from cleaner.io import Document as CleanerDocument
from cleaner.parallel import clean_one
from cleaner.pipeline import DEFAULT_CONFIG


class CleanerStep(PipelineStep):
    """Clean every document; optionally drop (or divert to ``exclusion_writer``) those judged spun."""

    name = "🧽 cleaner"
    type = "✂️ - FORMAT"

    def __init__(self, config: Config = DEFAULT_CONFIG, meta_key: str = "cleaner", drop_spun: bool = False,
                 exclusion_writer: Any = None, batch_stats: dict[str, Any] | None = None):
        super().__init__()
        # datatrove writes every step's attributes to executor.json via dataclasses.asdict, which
        # cannot copy the config's read-only mappings: keep the config as its plain state.
        self.config_state = config.__getstate__()
        self.meta_key = meta_key
        self.drop_spun = drop_spun
        self.exclusion_writer = exclusion_writer
        self.batch_stats = batch_stats

    @property
    def config(self) -> Config:
        config = Config.__new__(Config)
        config.__setstate__(self.config_state)
        return config

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        config = self.config
        writer = self.exclusion_writer
        if writer is not None:
            writer.__enter__()
        try:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    item, result = clean_one(CleanerDocument(str(doc.id), doc.text), config, self.batch_stats)
                if result is None:
                    self.stat_update("failed")
                    doc.metadata[self.meta_key] = {"error": item.message}
                    self.stat_update(StatHints.forwarded)
                    yield doc
                    continue
                doc.text = result.text
                doc.metadata[self.meta_key] = metadata(result)
                for rule, n in sorted(Counter(e.rule for e in result.edits).items()):
                    self.stat_update(f"edits/{rule}", value=n)
                for rule, n in sorted(Counter(e.rule for e in result.suggestions).items()):
                    self.stat_update(f"suggested/{rule}", value=n)
                if result.edits:
                    self.stat_update("changed")
                spun = result.scores.get(SPIN_VERDICT) == "spun"
                if spun:
                    self.stat_update("spun")
                if spun and self.drop_spun:
                    self.stat_update(StatHints.dropped)
                    if writer is not None:
                        writer.write(doc, rank)
                    continue
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc
        finally:
            if writer is not None:
                writer.__exit__(None, None, None)
