"""Compiled passes over a document's letters (numba, the ``fast`` extra): see :mod:`cleaner.wordscan`.

Every function reads ``letters``, the scan's bytes where each byte that is not an ASCII letter is a
space (with a space before and after the text), and looks each maximal run of letters up in a table
built by :func:`build`: open addressing (linear probing) on a 64-bit FNV-1a hash. A slot holds what a
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
_FNV_OFFSET = np.uint64(14695981039346656037)
_FNV_PRIME = np.uint64(1099511628211)
# Slot columns: key bytes 0-7, key bytes 8-15, (index << 16) | length (0: empty slot), value (float64 bits).
_W0, _W1, _META, _VALUE = 0, 1, 2, 3
MAX_KEY = 0xFFFF  # longer keys are left out of a table (no run of a word is that long)


# Inlined where called: a call between compiled functions passes each array with reference counting,
# which made the passes 5x slower.
@njit(cache=True, nogil=True, inline="always")
def _digest(buf, start, end):
    """(hash, first 8 bytes, next 8 bytes) of ``buf[start:end]``, the words little-endian, zero-padded."""
    h = _FNV_OFFSET
    w0 = np.uint64(0)
    w1 = np.uint64(0)
    for k in range(start, end):
        b = np.uint64(buf[k])
        h = (h ^ b) * _FNV_PRIME
        d = k - start
        if d < 8:
            w0 |= b << np.uint64(8 * d)
        elif d < 16:
            w1 |= b << np.uint64(8 * (d - 8))
    return h, w0, w1


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
def lookup(letters, keys, offsets, slots, mask, mode):
    """Each run of ``letters`` looked up in the table; returns (hits, total, rows):

    * TOTAL: hits = runs found, total = the sum of their values added in text order (zeros left out);
    * STARTS: rows = (offset of the space before the run, key index) of each run found, in text order;
    * ABSENT: rows = (start, end) of each run of 3+ letters that starts with two lower-case ones and is
      not in the table, in text order.

    One function with the lookup written out in it: as a separate compiled function (even inlined)
    it made the passes 4x slower.
    """
    fslots = slots.view(np.float64)
    n = letters.shape[0]
    rows = np.empty((n // 2 + 1 if mode == STARTS else n // 4 + 1 if mode == ABSENT else 0, 2), np.int64)
    hits = 0
    s = 0.0
    m = 0
    i = 0
    while i < n:
        if letters[i] == _SPACE:
            i += 1
            continue
        j = i
        while letters[j] != _SPACE:  # the letters end with a space
            j += 1
        size = j - i
        if mode == ABSENT and not (size >= 3 and 97 <= letters[i] <= 122 and 97 <= letters[i + 1] <= 122):
            i = j
            continue
        found = -1
        if size <= MAX_KEY:
            h, w0, w1 = _digest(letters, i, j)
            k = np.int64(h & np.uint64(mask))
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
        i = j
    return hits, s, rows[:m]
