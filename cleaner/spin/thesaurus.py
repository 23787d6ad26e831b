"""Candidate originals of a word or phrase a spinner may have written.

Sources, merged: ``wordlists/spin_candidates.tsv`` (the Moby Thesaurus inverted and re-inflected, built by
``tools/build_spin_candidates.py``), the ``context`` rows of ``spin_fingerprints.tsv`` (pairs Moby lacks:
"got here" -> "came"), and a user's spinner synonym file (``head|syn|syn`` per line: every member of a
group is a candidate original of every other member).

>>> th = Thesaurus.from_pairs({"stated": ["said"], "calls for": ["demands"]})
>>> th.lookup(["officials", "stated", "calls", "for"], 1)
[(('stated',), ('said',))]
>>> th.lookup(["russian", "calls", "for", "that"], 1)
[(('calls', 'for'), ('demands',))]
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from cleaner.wordlists import load

Entry = tuple[tuple[str, ...], tuple[str, ...]]  # (spun words, candidate originals)


class Thesaurus:
    def __init__(self) -> None:
        # first word -> entries starting with it, longest first
        self._index: dict[str, tuple[Entry, ...]] = {}
        # The same entries for lookup: spun words -> candidates, and first word -> key lengths, longest first
        # (a key is unique, so each length matches at most one entry: one dict probe per length instead
        # of a scan over the ~200 entries that start with "in" or "the").
        self._entries: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._lengths: dict[str, tuple[int, ...]] = {}
        self._cands: dict[tuple[str, ...], list[str]] | None = {}  # None once frozen

    @classmethod
    def from_pairs(cls, pairs: Mapping[str, Iterable[str]]) -> "Thesaurus":
        th = cls()
        for k, v in pairs.items():
            th.add(k, v)
        th.freeze()
        return th

    def add(self, spun: str, candidates: Iterable[str]) -> None:
        if self._cands is None:
            raise ValueError("a frozen thesaurus takes no more entries")
        key = tuple(spun.lower().replace("’", "'").split())
        if not key:
            return
        have = self._cands.setdefault(key, [])
        for c in candidates:
            c = c.strip().lower()
            if c and c != " ".join(key) and c not in have:
                have.append(c)

    def freeze(self) -> None:
        """Build the lookup tables; the thesaurus takes no more entries.

        The tables hold only tuples and strings, and the lists entries were gathered in are dropped:
        the garbage collector then stops tracking tens of thousands of containers that never form a
        cycle (each full collection walked them all: ~30 ms for the shipped thesaurus).
        """
        index: dict[str, list[Entry]] = {}
        for key, cands in self._cands.items():
            if cands:
                index.setdefault(key[0], []).append((key, tuple(cands)))
        self._index = {w: tuple(sorted(v, key=lambda e: -len(e[0]))) for w, v in index.items()}
        self._cands = None
        self._entries = {key: cands for v in self._index.values() for key, cands in v}
        self._lengths = {w: tuple(sorted({len(e[0]) for e in v}, reverse=True)) for w, v in self._index.items()}

    def lookup(self, words: Sequence[str], i: int) -> list[Entry]:
        """Entries whose spun side starts at ``words[i]`` and matches the following words, longest first."""
        lengths = self._lengths.get(words[i])
        if lengths is None:
            return []
        out, entries, n = [], self._entries, len(words)
        for k in lengths:
            if i + k <= n:  # a key runs to its full length (a cut slice must not match a shorter key)
                key = tuple(words[i:i + k])
                cands = entries.get(key)
                if cands is not None:
                    out.append((key, cands))
        return out

    @property
    def starts(self) -> Mapping[str, tuple[int, ...]]:
        """The first word of every key, with its keys' lengths: a word not in it starts no entry."""
        return self._lengths

    def __contains__(self, word: str) -> bool:
        return word in self._index


def read_synonym_file(path: str | Path) -> list[list[str]]:
    """Groups of a spinner synonym file: ``head|syn|syn`` one group per line; ``#`` comments.

    >>> import tempfile, os
    >>> p = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False); _ = p.write("# x\\nsay|state|tell\\n"); p.close()
    >>> read_synonym_file(p.name); os.unlink(p.name)
    [['say', 'state', 'tell']]
    """
    groups = []
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        g = [w.strip() for w in line.split("|") if w.strip()]
        if len(g) > 1:
            groups.append(g)
    return groups


@lru_cache(maxsize=4)
def load_thesaurus(synonyms_path: str | None = None, with_moby: bool = True) -> Thesaurus:
    th = Thesaurus()
    if synonyms_path:
        # The user's spinner database first: its pairs are the real ones and rank first.
        for g in read_synonym_file(synonyms_path):
            for w in g:
                th.add(w, [x for x in g if x != w])
    for row in load("spin_fingerprints.tsv").as_dicts():
        if row["tier"] == "context":
            th.add(row["phrase"], [row["replacement"]])
    if with_moby:
        for spun, cands, _tier in load("spin_candidates.tsv").rows:
            th.add(spun, cands.split("|"))
    th.freeze()
    return th
