"""Clean a stream of documents on several processes, in input order.

The parent reads documents, sends their texts in chunks to a pool of worker
processes and yields the results in the order the documents came in, so the
output (files, report, exit code) is the same as with one process. At most
``window`` documents and ``IN_FLIGHT_CHARS`` characters (or one document, if
larger) are in flight at once: memory stays bounded by the largest document,
not by the size of the batch. Batch statistics are
computed once, in the parent, and handed to every worker when it starts.

>>> from cleaner.config import Config
>>> from cleaner.io import Document
>>> docs = [Document(str(i), "Caf\\u00c3\\u00a9  au lait.\\n\\n\\n\\nEnd.\\n") for i in range(3)]
>>> [r.text for _, r in clean_parallel(docs, Config(), jobs=2)]
['Café  au lait.\\n\\nEnd.\\n', 'Café  au lait.\\n\\nEnd.\\n', 'Café  au lait.\\n\\nEnd.\\n']
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Iterable, Iterator, Mapping

from cleaner.config import Config
from cleaner.io import Document, InputError
from cleaner.edits import apply
from cleaner.pipeline import Result, clean_text

Item = Document | InputError

# Documents in flight per worker: enough to keep every worker busy while the
# parent writes results, few enough that memory does not grow with the batch.
IN_FLIGHT_PER_JOB = 128
# ... and characters in flight at most (one document more, if it alone is larger).
IN_FLIGHT_CHARS = 1 << 23
# Documents sent to a worker at once (and their characters at most): a task costs the pool about as much
# as cleaning a short clean article, so documents travel in chunks.
CHUNK_DOCS = 16
CHUNK_CHARS = 1 << 18

# Set in each worker by _init_worker; the parent never touches them.
_WORKER_CONFIG: Config | None = None
_WORKER_BATCH: Mapping[str, Any] | None = None


def resolve_jobs(jobs: int | None) -> int:
    """``0`` or ``None`` means one per CPU this process may use.

    >>> resolve_jobs(3), resolve_jobs(0) >= 1
    (3, True)
    """
    if jobs is None or jobs <= 0:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)
    return jobs


def clean_one(item: Item, config: Config, batch: Mapping[str, Any] | None) -> tuple[Item, Result | None]:
    """One item through the pipeline; a failure becomes an :class:`InputError`, never an exception."""
    if isinstance(item, InputError):
        return item, None
    try:
        return item, clean_text(item.text, config, doc_id=item.id, batch=batch)
    except Exception as exc:  # a bug on one document must not lose the batch
        return InputError(item.id, _internal(exc),
                          item.source, "internal"), None


def _internal(exc: Exception) -> str:
    return f"internal error while cleaning: {type(exc).__name__}: {exc}"


def _init_worker(config: Config, batch: Mapping[str, Any] | None) -> None:
    global _WORKER_CONFIG, _WORKER_BATCH
    _WORKER_CONFIG, _WORKER_BATCH = config, batch


def _work(chunk: list[tuple[str, str]]) -> list[tuple | str]:
    """In a worker: for each (text, id), the result's parts the parent cannot rebuild, or the error message
    (exceptions stay in the worker). The text and its cleaned copy do not travel back: the parent has the
    one and rebuilds the other with ``apply``, which halves what crosses the process boundary."""
    assert _WORKER_CONFIG is not None
    out: list[tuple | str] = []
    for text, doc_id in chunk:
        try:
            r = clean_text(text, _WORKER_CONFIG, doc_id=doc_id, batch=_WORKER_BATCH)
            out.append((r.edits, r.suggestions, dict(r.scores), dict(r.stats)))
        except Exception as exc:
            out.append(_internal(exc))
    return out


def _rebuild(item: Document, parts: tuple | str) -> tuple[Item, Result | None]:
    if isinstance(parts, str):
        return InputError(item.id, parts, item.source, "internal"), None
    edits, suggestions, scores, stats = parts
    text = apply(item.text, edits) if edits else item.text
    return item, Result(item.text, text, edits, suggestions, scores, stats, item.id)


def _context():
    # forkserver: workers start from a clean process (no threads or locks copied
    # from the parent, e.g. a progress bar's); spawn where forkserver is missing.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        ctx.set_forkserver_preload(["cleaner.warm"])  # workers fork with resources loaded
    return ctx


def _collect(chunk: list[Document], future: Future) -> list[tuple[Item, Result | None]]:
    try:
        out = future.result()
    except BrokenProcessPool:
        raise
    except Exception as exc:  # the results could not come back (e.g. not picklable)
        out = [_internal(exc)] * len(chunk)
    return [_rebuild(item, parts) for item, parts in zip(chunk, out)]


def _chunk_size(jobs: int, window: int) -> int:
    """Documents per submission: enough to spread the per-task cost of the pool over several documents,
    few enough that every worker has at least two chunks in flight."""
    return max(1, min(CHUNK_DOCS, window // (2 * jobs)))


def clean_parallel(items: Iterable[Item], config: Config, batch: Mapping[str, Any] | None = None,
                   jobs: int = 2, window: int | None = None) -> Iterator[tuple[Item, Result | None]]:
    """Like :func:`cleaner.batch.clean_documents`, on ``jobs`` processes; same results, same order.

    A worker that dies (killed, out of memory) fails the documents it had in
    flight, each reported as an ``internal`` error, and the pool is restarted.
    """
    jobs = resolve_jobs(jobs)
    window = window or jobs * IN_FLIGHT_PER_JOB
    stream = iter(items)
    head = list(itertools.islice(stream, 2))
    if jobs == 1 or len(head) < 2:  # one document: a pool would only add start-up time
        for item in itertools.chain(head, stream):
            yield clean_one(item, config, batch)
        return
    stream = itertools.chain(head, stream)
    size = _chunk_size(jobs, window)
    # Entries in input order: an error read from the input (no future), or a chunk of documents.
    pending: deque[tuple[Item | list[Document], Future | None, int]] = deque()  # ..., its characters
    docs = chars = 0  # documents and characters in flight

    def push(entry: Item | list[Document], future: Future | None, n_chars: int = 0) -> None:
        nonlocal docs, chars
        pending.append((entry, future, n_chars))
        docs += len(entry) if future else 1
        chars += n_chars

    pool = _start(config, batch, jobs)
    try:
        exhausted = False
        while True:
            chunk: list[Document] = []
            chunk_chars = 0
            while not exhausted and docs + len(chunk) < window and (chars + chunk_chars < IN_FLIGHT_CHARS or not
                                                                   (pending or chunk)):
                item = next(stream, None)
                if item is None:
                    exhausted = True
                    break
                if isinstance(item, InputError):
                    if chunk:
                        push(chunk, _submit(pool, chunk), chunk_chars)
                        chunk, chunk_chars = [], 0
                    push(item, None)
                    continue
                chunk.append(item)
                chunk_chars += len(item.text)
                if len(chunk) >= size or chunk_chars >= CHUNK_CHARS:
                    push(chunk, _submit(pool, chunk), chunk_chars)
                    chunk, chunk_chars = [], 0
            if chunk:
                push(chunk, _submit(pool, chunk), chunk_chars)
            if not pending:
                return
            entry, future, entry_chars = pending.popleft()
            if future is None:
                docs -= 1
                yield entry, None
                continue
            docs -= len(entry)
            chars -= entry_chars
            try:
                yield from _collect(entry, future)
            except BrokenProcessPool:
                # Every document in flight is lost with the pool; report them, start afresh.
                pool.shutdown(wait=False, cancel_futures=True)
                lost = [(entry, future)] + [(e, f) for e, f, _ in pending]
                pending.clear()
                docs = chars = 0
                for it, fut in lost:
                    if fut is None:
                        yield it, None
                        continue
                    for doc in it:
                        yield InputError(doc.id, "internal error while cleaning: the worker process died "
                                         "(killed or out of memory)", doc.source, "internal"), None
                pool = _start(config, batch, jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, chunk: list[Document]) -> Future:
    try:
        return pool.submit(_work, [(d.text, d.id) for d in chunk])
    except BrokenProcessPool as exc:
        # The pool broke before its failed future came up: collect this chunk as lost too.
        future: Future = Future()
        future.set_exception(exc)
        return future


def _start(config: Config, batch: Mapping[str, Any] | None, jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init_worker,
                               initargs=(config, dict(batch) if batch else None))
