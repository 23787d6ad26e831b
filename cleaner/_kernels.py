"""Compiled passes over a document's letters (numba, the ``fast`` extra): see :mod:`cleaner.wordscan`.

Every function reads ``letters``, the scan's bytes where each byte that is not an ASCII letter is a
space (with a space before and after the text), and looks each maximal run of letters up in a table
built by :func:`build`: open addressing (linear probing) on a 64-bit hash. A slot holds what a
lookup compares, so that a probe reads one cache line: the key's first 16 bytes as two little-endian
words, its length and index, and its value. A key longer than 16 bytes is compared in full against
the key bytes. The answers are exact; the pure-Python passes in :mod:`cleaner.wordscan` are the
reference, and tests/test_wordscan.py holds the two to the same results.

Importing this module imports numba and compiles the functions (or loads them from numba's cache).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_SPACE = 32
_FNV_PRIME = np.uint64(1099511628211)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
# Slot columns: key bytes 0-7, key bytes 8-15, (index << 16) | length (0: empty slot), value (float64 bits).
_W0, _W1, _META, _VALUE = 0, 1, 2, 3
MAX_KEY = 0xFFFF  # longer keys are left out of a table (no run of a word is that long)


# Inlined where called: a call between compiled functions passes each array with reference counting,
# which made the passes 5x slower.
@njit(cache=True, nogil=True, inline="always")
def _digest(buf, start, end):
    """(hash, first 8 bytes, next 8 bytes) of ``buf[start:end]``, the words little-endian, zero-padded.

    The hash mixes the two words, the length and (FNV-1a) any bytes after the 16th with the
    splitmix64 finaliser: no multiply chain through every byte, which made hashing the pass's main cost.
    """
    n = end - start
    w0 = np.uint64(0)
    w1 = np.uint64(0)
    for d in range(min(n, 8)):
        w0 |= np.uint64(buf[start + d]) << np.uint64(8 * d)
    for d in range(8, min(n, 16)):
        w1 |= np.uint64(buf[start + d]) << np.uint64(8 * (d - 8))
    h = np.uint64(n) * _FNV_PRIME
    for d in range(16, n):
        h = (h ^ np.uint64(buf[start + d])) * _FNV_PRIME
    h ^= w0 + _GOLDEN
    h ^= (w1 << np.uint64(29)) | (w1 >> np.uint64(35))
    h = (h ^ (h >> np.uint64(30))) * _MIX1
    h = (h ^ (h >> np.uint64(27))) * _MIX2
    return h ^ (h >> np.uint64(31)), w0, w1


@njit(cache=True, nogil=True)
def build(keys, offsets, values, mask):
    """The slots (``mask + 1`` rows, a power of two) for keys ``keys[offsets[i]:offsets[i + 1]]``
    (distinct, 1 to MAX_KEY bytes) with ``values[i]``."""
    slots = np.zeros((mask + 1, 4), np.uint64)
    fslots = slots.view(np.float64)
    for i in range(offsets.shape[0] - 1):
        start, end = offsets[i], offsets[i + 1]
        h, w0, w1 = _digest(keys, start, end)
        k = np.int64(h & np.uint64(mask))
        while slots[k, _META] != 0:
            k = (k + 1) & mask
        slots[k, _W0] = w0
        slots[k, _W1] = w1
        slots[k, _META] = (np.uint64(i) << np.uint64(16)) | np.uint64(end - start)
        fslots[k, _VALUE] = values[i]
    return slots


@njit(cache=True, nogil=True)
def count(letters):
    """How many runs of letters."""
    n = 0
    prev = _SPACE
    for b in letters:
        if b != _SPACE and prev == _SPACE:
            n += 1
        prev = b
    return n


# What lookup() reports.
TOTAL, STARTS, ABSENT = 0, 1, 2


@njit(cache=True, nogil=True)
def digest_runs(letters):
    """One row per run of letters: (start, end, hash, first 8 bytes, next 8 bytes), as uint64."""
    n = letters.shape[0]
    out = np.empty((count(letters), 5), np.uint64)  # sized exactly: a bound on the rows would be 4x larger
    m = 0
    i = 0
    while i < n:
        if letters[i] == _SPACE:
            i += 1
            continue
        j = i
        while letters[j] != _SPACE:  # the letters end with a space
            j += 1
        h, w0, w1 = _digest(letters, i, j)
        out[m, 0] = i
        out[m, 1] = j
        out[m, 2] = h
        out[m, 3] = w0
        out[m, 4] = w1
        m += 1
        i = j
    return out[:m]


@njit(cache=True, nogil=True)
def lookup(letters, runs, keys, offsets, slots, mask, mode):
    """Each run of ``letters`` (the rows of :func:`digest_runs`) looked up in the table; returns
    (hits, total, rows):

    * TOTAL: hits = runs found, total = the sum of their values added in text order (zeros left out);
    * STARTS: rows = (offset of the space before the run, key index) of each run found, in text order;
    * ABSENT: rows = (start, end) of each run of 3+ letters that starts with two lower-case ones and is
      not in the table, in text order.

    The runs are digested once for every table (spin and spelling ask three); the probe is written out
    here: as a separate compiled function (even inlined) it made the passes 4x slower.
    """
    fslots = slots.view(np.float64)
    nr = runs.shape[0]
    rows = np.empty((nr if mode != TOTAL else 0, 2), np.int64)
    hits = 0
    s = 0.0
    m = 0
    umask = np.uint64(mask)
    for r in range(nr):
        i = np.int64(runs[r, 0])
        j = np.int64(runs[r, 1])
        size = j - i
        if mode == ABSENT and not (size >= 3 and 97 <= letters[i] <= 122 and 97 <= letters[i + 1] <= 122):
            continue
        found = -1
        if size <= MAX_KEY:
            w0 = runs[r, 3]
            w1 = runs[r, 4]
            k = np.int64(runs[r, 2] & umask)
            while True:
                meta = slots[k, _META]
                if meta == 0:
                    break
                if (meta & np.uint64(0xFFFF)) == np.uint64(size) and slots[k, _W0] == w0 and slots[k, _W1] == w1:
                    same = True
                    if size > 16:
                        o = offsets[np.int64(meta >> np.uint64(16))]
                        for d in range(16, size):
                            if keys[o + d] != letters[i + d]:
                                same = False
                                break
                    if same:
                        found = k
                        break
                k = (k + 1) & mask
        if mode == TOTAL:
            if found >= 0:
                hits += 1
                v = fslots[found, _VALUE]
                if v != 0.0:
                    s += v
        elif mode == STARTS:
            if found >= 0:
                rows[m, 0] = i - 1
                rows[m, 1] = np.int64(slots[found, _META] >> np.uint64(16))
                m += 1
        elif found < 0:
            rows[m, 0] = i
            rows[m, 1] = j
            m += 1
    return hits, s, rows[:m]
