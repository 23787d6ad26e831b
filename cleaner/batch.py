"""Clean a batch of documents: the engine behind ``clean``, ``check`` and ``diff``.

The CLI, the Python API and the pipeline adapters all go through
:func:`clean_documents`, so they agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from cleaner.config import Config
from cleaner.gcfreeze import freeze_loaded
from cleaner.io import Document, InputError, iter_documents, keep_backup, write_atomic
from cleaner.pipeline import Result, clean_text
from cleaner.stages import available, get_stage

Item = Document | InputError


def batch_statistics(texts: Iterable[str] | Callable[[], Iterable[str]], config: Config) -> dict[str, Any]:
    """Each stage's statistics over the whole batch (batch mode only).

    ``texts`` may be a callable returning a fresh iterable, so that each stage
    can stream the batch without holding it in memory.
    """
    stats: dict[str, Any] = {}
    for name in available(config.stages):
        stage = get_stage(name)
        if stage.batch_stats is not None:
            stream = texts() if callable(texts) else texts
            stats[name] = stage.batch_stats(stream, config)
    return stats


def clean_documents(items: Iterable[Item], config: Config, batch: dict[str, Any] | None = None,
                    jobs: int = 1) -> Iterator[tuple[Item, Result | None]]:
    """Clean each document in order; an :class:`InputError` passes through with ``None``.

    ``jobs`` > 1 cleans on that many processes (0: one per CPU) with the same
    results in the same order (see :mod:`cleaner.parallel`). In one process, what the first document
    loaded (the tables) is then kept out of the garbage collector's walks (:mod:`cleaner.gcfreeze`).
    """
    from cleaner.parallel import clean_one, clean_parallel

    if jobs != 1:
        yield from clean_parallel(items, config, batch, jobs)
        return
    first = True
    for item in items:
        yield clean_one(item, config, batch)
        if first and isinstance(item, Document):
            first = False
            freeze_loaded()


@dataclass
class Outcome:
    documents: int = 0
    changed: int = 0
    failed: int = 0
    applied: int = 0
    suggested: int = 0
    errors: list[InputError] = field(default_factory=list)
    summary: dict[str, Any] | None = None


def output_path(doc: Document, out_dir: Path | None, in_place: bool) -> Path | None:
    if in_place and doc.source:
        return Path(doc.source)
    if out_dir is not None and doc.rel:
        return out_dir / doc.rel
    return None


def write_result(doc: Document, result: Result, target: Path, in_place: bool, backup: bool) -> None:
    """Write the cleaned text; in place, keep the input as ``NAME.orig`` first (unless told not to)."""
    if in_place:
        if not result.edits:
            return  # nothing to change: leave the file (and its mtime) alone
        if backup and doc.source:
            keep_backup(Path(doc.source))  # never overwrites an earlier backup
    write_atomic(target, result.text)


def documents_from(paths: list[str], pattern: str, exclude: Path | None = None,
                   max_bytes: int | None = None) -> Iterator[Item]:
    """Documents of ``paths``; files found inside ``exclude`` (an output folder nested in an
    input folder) are skipped so a rerun does not clean its own output."""
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    for raw in paths:
        skip = exclude if (exclude is not None and raw != "-" and Path(raw).is_dir()) else None
        for item in iter_documents([raw], pattern, **kwargs):
            if skip is not None and item.source and inside(Path(item.source), skip):
                continue
            yield item


def inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False
