"""Clean a stream of documents on several processes, in input order.

The parent reads documents, sends each one's text to a pool of worker
processes and yields the results in the order the documents came in, so the
output (files, report, exit code) is the same as with one process. At most
``window`` documents are in flight at once: memory stays bounded by the
largest documents, not by the size of the batch. Batch statistics are
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
from cleaner.pipeline import Result, clean_text

Item = Document | InputError

# Documents in flight per worker: enough to keep every worker busy while the
# parent writes results, few enough that memory does not grow with the batch.
IN_FLIGHT_PER_JOB = 4

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
        return InputError(item.id, f"internal error while cleaning: {type(exc).__name__}: {exc}",
                          item.source, "internal"), None


def _init_worker(config: Config, batch: Mapping[str, Any] | None) -> None:
    global _WORKER_CONFIG, _WORKER_BATCH
    _WORKER_CONFIG, _WORKER_BATCH = config, batch


def _work(text: str, doc_id: str) -> Result | str:
    """In a worker: the result, or the error message (exceptions stay in the worker)."""
    assert _WORKER_CONFIG is not None
    try:
        return clean_text(text, _WORKER_CONFIG, doc_id=doc_id, batch=_WORKER_BATCH)
    except Exception as exc:
        return f"internal error while cleaning: {type(exc).__name__}: {exc}"


def _context():
    # forkserver: workers start from a clean process (no threads or locks copied
    # from the parent, e.g. a progress bar's); spawn where forkserver is missing.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        ctx.set_forkserver_preload(["cleaner.warm"])  # workers fork with resources loaded
    return ctx


def _collect(item: Document, future: Future) -> tuple[Item, Result | None]:
    try:
        out = future.result()
    except BrokenProcessPool:
        raise
    except Exception as exc:  # the result could not come back (e.g. not picklable)
        out = f"internal error while cleaning: {type(exc).__name__}: {exc}"
    if isinstance(out, str):
        return InputError(item.id, out, item.source, "internal"), None
    return item, out


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
    pending: deque[tuple[Item, Future | None]] = deque()
    pool = _start(config, batch, jobs)
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                item = next(stream, None)
                if item is None:
                    exhausted = True
                    break
                if isinstance(item, InputError):
                    pending.append((item, None))
                else:
                    try:
                        future = pool.submit(_work, item.text, item.id)
                    except BrokenProcessPool as exc:
                        # The pool broke before its failed future came up: collect this one as lost too.
                        future = Future()
                        future.set_exception(exc)
                    pending.append((item, future))
            if not pending:
                return
            item, future = pending.popleft()
            if future is None:
                yield item, None
                continue
            try:
                yield _collect(item, future)
            except BrokenProcessPool:
                # Every document in flight is lost with the pool; report them, start afresh.
                pool.shutdown(wait=False, cancel_futures=True)
                lost = [(item, future)] + list(pending)
                pending.clear()
                for it, fut in lost:
                    if fut is None:
                        yield it, None
                    else:
                        yield InputError(it.id, "internal error while cleaning: the worker process died "
                                         "(killed or out of memory)", it.source, "internal"), None
                pool = _start(config, batch, jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start(config: Config, batch: Mapping[str, Any] | None, jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init_worker,
                               initargs=(config, dict(batch) if batch else None))
