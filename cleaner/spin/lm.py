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


def _history(left: list[str]) -> tuple[str, str | None]:
    """The two words :meth:`Model.score` conditions the word after ``left`` on, nearest first (the
    second None at the start or after a break)."""
    if not left:
        return "<s>", None
    h1 = left[-1]
    return h1, (left[-2] if len(left) >= 2 and h1 != "<s>" else None)


class Model:
    def __init__(self, ngram) -> None:
        self._lm = ngram
        self._cache: dict[tuple[str, ...], float] = {}
        self._plans: dict[tuple[str, ...], tuple[tuple[str, ...], list[list[str]]]] = {}

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

    def window_scores(self, left: list[str], mids: Sequence[list[str]], right: list[str]) -> list[float]:
        """``[score(b, len(left), len(b)) for b = left + mid + right]``, one per ``mid``, the same floats.

        Context repair scores every candidate of a spun word in the same window: this is :meth:`score`
        with :meth:`prob` inlined (a cache hit is one dict probe; ``get(key) or prob(key)`` is the
        cached value either way, 0.0 included), terms summed in the same order. A one-word middle (most
        candidates) has its keys built directly: they differ from one candidate to the next in that word.
        """
        get, prob, first, out = self._cache.get, self.prob, len(left), []
        # For b = left + [x] + right, score() scores x after (h1, h2), the first right word r1 after
        # (x, g1) and the second after (r1, x); derived for a right side of at most two words, no '<s>'.
        h1, h2 = _history(left)
        g1 = left[-1] if first else None
        r1 = right[0] if right else None
        r2 = right[1] if len(right) > 1 else None
        plain = len(right) <= 2 and "<s>" not in right
        for mid in mids:
            if plain and len(mid) == 1 and mid[0] and mid[0] != "<s>":
                x = mid[0]
                key = (x, h1, h2) if h2 else (x, h1)
                total = 0.0 + (get(key) or prob(key))
                if r1 is not None:
                    key = (r1, x, g1) if g1 else (r1, x)
                    total += get(key) or prob(key)
                    if r2 is not None:
                        key = (r2, r1, x)
                        total += get(key) or prob(key)
                out.append(total)
                continue
            b = left + mid + right
            total = 0.0
            for k in range(first, len(b)):
                w = b[k]
                if w == "<s>":
                    continue
                if k:
                    p1 = b[k - 1]
                    p2 = b[k - 2] if k >= 2 and p1 != "<s>" else None
                    key = (w, p1, p2) if p2 else (w, p1)
                else:
                    key = (w, "<s>")
                total += get(key) or prob(key)
            out.append(total)
        return out

    def next_word_scores(self, left: list[str], words: Sequence[str]) -> list[float]:
        """``log10 P(w | the words of left before it)`` for each ``w``: the first term of
        ``window_scores(left, [[w, ...]], right)`` (the same key, the same float).

        Every term of a window's score is a log probability, at most 0: this first term bounds the
        whole score of a window that starts with ``w`` from above (context repair prunes with it).
        """
        get, prob = self._cache.get, self.prob
        h1, h2 = _history(left)
        out = []
        for w in words:
            key = (w, h1, h2) if h2 else (w, h1)
            out.append(get(key) or prob(key))
        return out

    def scorable(self, phrases: tuple[str, ...]) -> tuple[tuple[str, ...], list[list[str]]]:
        """The phrases the model knows every word of, in order, and their words.

        Memoised per tuple: a thesaurus entry's candidates recur in every document.
        """
        plan = self._plans.get(phrases)
        if plan is None:
            names, split = [], []
            for c in phrases:
                words = c.split()
                if all(self.known(w) for w in words):
                    names.append(c)
                    split.append(words)
            if len(self._plans) >= _CACHE_MAX:
                self._plans.clear()
            plan = self._plans[phrases] = (tuple(names), split)
        return plan

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
