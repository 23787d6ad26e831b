"""The context model: the CMU English 3-gram model inside the ``pocketsphinx`` wheel (BSD), loaded lazily.

Optional: without pocketsphinx, :func:`get_model` returns None and context repair is skipped
(fingerprints still work). Scores are log10 probabilities.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

LOG10_PER_UNIT = _LOG10_PER_UNIT = 0.0000434272768626696  # pocketsphinx log base 1.0001, in log10
_OOV = -536870912
# The log10 probability given to a word the model does not know (rarer than anything it knows).
OOV_LOGP = -7.0
_CACHE_MAX = 1_000_000


class Model:
    def __init__(self, ngram) -> None:
        self._lm = ngram
        self._cache: dict[tuple[str, ...], float] = {}

    def known(self, word: str) -> bool:
        return self.prob((word,)) > OOV_LOGP

    def prob(self, key: tuple[str, ...]) -> float:
        """log10 P(key[0] | key[2] key[1]): pocketsphinx takes the word, then its history, nearest first."""
        p = self._cache.get(key)
        if p is None:
            raw = self._lm.prob(key)
            p = OOV_LOGP if raw <= _OOV else raw * _LOG10_PER_UNIT
            if len(self._cache) >= _CACHE_MAX:  # a long batch must not grow the cache without end
                self._cache.clear()
            self._cache[key] = p
        return p

    @property
    def raw_prob(self):
        """The model's own uncached query: an int, log base 1.0001 (times ``LOG10_PER_UNIT`` is log10).

        For the evidence scan, whose trigrams rarely repeat; an unknown word gets a huge negative floor.
        """
        return self._lm.prob

    def score(self, words: Sequence[str], first: int, last: int) -> float:
        """Sum of log10 P(w_k | two words before) for k in [first, last); history stops at '<s>'."""
        total = 0.0
        for k in range(first, last):
            w = words[k]
            if w == "<s>":
                continue
            h1 = words[k - 1] if k >= 1 else "<s>"
            h2 = words[k - 2] if k >= 2 and h1 != "<s>" else None
            key = (w, h1, h2) if h2 else (w, h1)
            total += self.prob(key)
        return total


@lru_cache(maxsize=1)
def get_model() -> Model | None:
    """The shared model, or None when pocketsphinx is not installed."""
    try:
        import os

        import pocketsphinx
        from pocketsphinx import NGramModel
    except ImportError:
        return None
    path = os.path.join(pocketsphinx.get_model_path(), "en-us", "en-us.lm.bin")
    if not os.path.exists(path):
        return None
    try:
        pocketsphinx.set_loglevel("FATAL")
    except Exception:  # older versions have no log control
        pass
    return Model(NGramModel.readfile(path))
