"""A document's runs of ASCII letters, looked up in word tables: shared by the stages that look words up.

The spin stage (vocabulary gate, fingerprint pre-check) and the spelling stage (dictionary check) each
look every word of a document up in a table. :func:`scan` prepares the text once: its UTF-8 and the
same bytes with every byte that is not an ASCII letter a space. A :class:`RunTable` is then asked about
all runs at once: how many are in it and the sum of their values (:meth:`Words.total`), where its runs
stand (:meth:`Words.starts`), which lower-case runs are missing from it (:meth:`Words.absent`).

Two ways to answer, with the same results (tests/test_wordscan.py checks them against each other):

* pure Python, C-speed steps: ``bytes.split`` for the runs, one ``frozenset`` of the distinct runs,
  ``map``/set operations against the table. Each run is a Python object; this was about a quarter of the
  default pipeline's time;
* with the ``fast`` extra installed (numba): each run digested once per document, then one compiled loop
  per table (:mod:`cleaner._kernels`); bench/throughput.py prints the pipeline's speed both ways.
  Importing numba costs about half a second and ~135 MB once per process. ``CLEANER_NUMBA=0`` turns it off.

The last scan is kept for the same ``str`` object, so when spin changes nothing, spelling (which then
gets the very same text object from the pipeline) reads the same scan.

>>> text = "Don’t stop the U.S. Navy's well-known café!"
>>> s = scan(text)
>>> s.words
[b'Don', b't', b'stop', b'the', b'U', b'S', b'Navy', b's', b'well', b'known', b'caf']
>>> table = RunTable({b"stop": 1.0, b"the": 0.5, b"Navy": 0.0})
>>> s.count(), s.total(table), sorted(s.absent(table))
(11, (3, 1.5), [b'caf', b'known', b'well'])
>>> [(at, run, s.utf8[at:at + len(run)]) for at, run in s.starts(table)]  # ’ is 3 bytes
[(8, b'stop', b'stop'), (13, b'the', b'the'), (22, b'Navy', b'Navy')]
>>> scan(text) is s
True
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache, reduce
from itertools import accumulate
from operator import add
from typing import Any, Mapping

# ASCII letters kept; everything else, non-ASCII bytes included, a separator: no word the stages look
# up this way has a non-ASCII letter, so "café" may as well read "caf", and curly quotes and dashes
# separate words.
_LETTER_BYTES = bytes(c if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))


@lru_cache(maxsize=1)
def kernels():
    """:mod:`cleaner._kernels` when numba is installed (and ``CLEANER_NUMBA`` is not ``0``), else None."""
    if os.environ.get("CLEANER_NUMBA", "1") == "0":
        return None
    try:
        from cleaner import _kernels
    except ImportError:
        return None
    return _kernels


class RunTable:
    """A read-only word table: runs of ASCII letters (bytes, as written) -> a value (a float, for
    :meth:`Words.total`), or a set of runs.

    ``values`` is kept as given (do not modify it); the compiled form is built on first use.
    """

    __slots__ = ("values", "keys", "_arrays")

    def __init__(self, values: Mapping[bytes, Any] | frozenset[bytes] | set[bytes]) -> None:
        self.values = values
        self.keys = list(values)
        self._arrays = None

    def arrays(self):
        """(keys, offsets, slots, mask) for :mod:`cleaner._kernels` (built once), or None for a table with
        a key no run can be (empty, or longer than the compiled table takes): that one is read in Python."""
        if self._arrays is None:
            import numpy as np

            k = kernels()
            if any(not 0 < len(w) <= k.MAX_KEY for w in self.keys):
                self._arrays = ()
                return None
            buf = np.frombuffer(b"".join(self.keys) or b" ", np.uint8)
            offsets = np.fromiter(accumulate(map(len, self.keys), initial=0), np.int64, len(self.keys) + 1)
            floats = isinstance(self.values, Mapping) and all(type(v) is float for v in self.values.values())
            values = (np.fromiter(self.values.values(), np.float64, len(self.keys)) if floats
                      else np.zeros(len(self.keys), np.float64))
            mask = (1 << max(4, (2 * len(self.keys)).bit_length())) - 1  # at most half full
            self._arrays = (buf, offsets, k.build(buf, offsets, values, mask), mask)
        return self._arrays or None


class Words:
    """A document prepared for word lookups (read-only: shared between stages).

    ``utf8``: the text as UTF-8 (a Kelvin sign as "K"); ``letters``: the same bytes with every byte that
    is not an ASCII letter a space, and one space added before and after: ``b" " + run`` is found
    there exactly where a run starts, at the offset where it starts in ``utf8``.
    """

    __slots__ = ("utf8", "letters", "_words", "_distinct", "_runs")

    def __init__(self, utf8: bytes) -> None:
        self.utf8 = utf8
        self.letters = b" " + utf8.translate(_LETTER_BYTES) + b" "
        self._words = self._distinct = self._runs = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and other.utf8 == self.utf8

    __hash__ = None  # type: ignore[assignment]

    @property
    def words(self) -> list[bytes]:
        """The maximal runs of ASCII letters, as written, in order."""
        if self._words is None:
            self._words = self.letters.split()
        return self._words

    @property
    def distinct(self) -> frozenset[bytes]:
        if self._distinct is None:
            self._distinct = frozenset(self.words)
        return self._distinct

    def _digested(self):
        """(letters as an array, one row per run: where, its hash and first bytes), computed once for
        every table asked about."""
        if self._runs is None:
            import numpy as np

            letters = np.frombuffer(self.letters, np.uint8)
            self._runs = (letters, kernels().digest_runs(letters))
        return self._runs

    def count(self) -> int:
        """How many runs (``len(words)``)."""
        return len(self._digested()[1]) if kernels() else len(self.words)

    def total(self, table: RunTable) -> tuple[int, float]:
        """(how many runs are in the table, the sum of their values added in text order); a mapping only."""
        k = kernels()
        arrays = k and table.arrays()
        if arrays:
            hits, s, _rows = k.lookup(*self._digested(), *arrays, k.TOTAL)
            return int(hits), float(s)
        found = list(map(table.values.get, self.words))  # in C, as the count and the sum
        return len(found) - found.count(None), _sum_in_order(filter(None, found))

    def starts(self, table: RunTable) -> list[tuple[int, bytes]]:
        """(offset in ``letters`` of the space before it, run) for each run in the table, in text order."""
        k = kernels()
        arrays = k and table.arrays()
        if arrays:
            keys = table.keys
            return [(at, keys[w]) for at, w in k.lookup(*self._digested(), *arrays, k.STARTS)[2].tolist()]
        out = []
        letters = self.letters
        for w in self.distinct.intersection(table.values):
            needle = b" " + w + b" "
            at = letters.find(needle)
            while at >= 0:
                out.append((at, w))
                at = letters.find(needle, at + len(w) + 1)
        out.sort()
        return out

    def absent(self, table: RunTable) -> set[bytes]:
        """The distinct runs of 3+ letters that start with two lower-case letters and are not in the table."""
        k = kernels()
        arrays = k and table.arrays()
        if arrays:
            letters = self.letters
            return {letters[s:e] for s, e in k.lookup(*self._digested(), *arrays, k.ABSENT)[2].tolist()}
        return {b for b in self.distinct.difference(table.values) if len(b) >= 3 and b[:2].islower()}


def _sum_in_order(values) -> float:
    """Floats added left to right, as the compiled pass adds them: sum() does so up to Python 3.11 (and
    faster than reduce); from 3.12 on it compensates rounding errors."""
    return float(reduce(add, values, 0.0) if sys.version_info >= (3, 12) else sum(values))


# (text, its scan) for the last text scanned. Replaced whole (one assignment), so a thread reading it
# sees a consistent pair.
_last: tuple[str, Words] | None = None


def scan(text: str) -> Words:
    """``text`` prepared for word lookups.

    The Kelvin sign is the one non-ASCII character whose lower case is an ASCII letter: it reads "K".
    """
    global _last
    last = _last
    if last is not None and last[0] is text:
        return last[1]
    t = text.replace("\u212a", "K") if "\u212a" in text else text
    out = Words(t.encode("utf-8", "surrogatepass"))
    _last = (text, out)
    return out


def cased(word: str) -> tuple[bytes, ...]:
    """The ways a lower-case word is written in prose, as bytes: as is, Capitalised, in CAPITALS.

    Lookups keyed by these find a word in :func:`scan`'s words whatever its case but a mixed one
    ("iPhone", "McCain", "WHite").

    >>> cased("navy")
    (b'navy', b'Navy', b'NAVY')
    """
    b = word.encode()
    return tuple(dict.fromkeys((b, b.capitalize(), b.upper())))
