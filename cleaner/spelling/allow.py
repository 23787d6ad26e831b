"""Words the dictionary stage must leave alone: project, user and batch-learned allowlists.

* the project list ``wordlists/spelling_allow.tsv`` (news vocabulary the dictionaries lack);
* the user's ``Config.allow_words`` and plain word-list files (one word a line, ``#`` comments),
  given as ``config.option("spelling", "allow_files", ())`` (the CLI's ``--allow FILE``);
* in batch mode, words learned from the batch (:func:`learn`).

All keys are lower-case with straight apostrophes (:func:`cleaner.spelling.lexicon.norm`).

>>> "zelenskyy" in project_words()
True
>>> sorted(learn(["Kuleba met Blinken.", "Kuleba spoke.", "A zorbl here."]))
['kuleba']
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from cleaner.spelling.lexicon import known, norm
from cleaner.tokens import words

# Batch learning: a capitalised non-word in this many files is a name; any non-word in this many is a term.
NAME_FILES = 2
TERM_FILES = 3


@lru_cache(maxsize=1)
def project_words() -> frozenset[str]:
    from cleaner.wordlists import load

    return frozenset(norm(row[0]) for row in load("spelling_allow.tsv").rows)


@lru_cache(maxsize=32)
def file_words(paths: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for p in paths:
        for line in Path(p).read_text(encoding="utf-8").splitlines():
            w = line.strip()
            if w and not w.startswith("#"):
                out.add(norm(w))
    return frozenset(out)


def user_words(config) -> frozenset[str]:
    paths = config.option("spelling", "allow_files", ()) or ()
    if isinstance(paths, str):
        paths = (paths,)
    return frozenset(norm(w) for w in config.allow_words) | file_words(tuple(str(p) for p in paths))


def learn(texts: Iterable[str]) -> frozenset[str]:
    """Non-words that recur across the batch: capitalised in >= NAME_FILES files, any in >= TERM_FILES."""
    caps: Counter[str] = Counter()
    anyw: Counter[str] = Counter()
    for text in texts:
        seen_cap: set[str] = set()
        seen: set[str] = set()
        for w in set(words(text)):
            if known(w):
                continue
            key = norm(w)
            seen.add(key)
            if w[:1].isupper():
                seen_cap.add(key)
        caps.update(seen_cap)
        anyw.update(seen)
    return frozenset({k for k, n in caps.items() if n >= NAME_FILES} | {k for k, n in anyw.items() if n >= TERM_FILES})


def batch_stats(texts: Iterable[str], config) -> frozenset[str]:
    return learn(texts)
