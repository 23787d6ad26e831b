"""The document's spin verdict: fingerprints per 1,000 words, and context evidence.

Two kinds of evidence, judged separately (each calibrated on its own) and added into one score:

- fingerprints (:mod:`~cleaner.spin.fingerprints`): weight of spun phrases (a safe hit 1, an unsafe
  one 0.5); ``spun`` on at least ``MIN_WEIGHT`` and ``MIN_SCORE`` per 1,000 words;
- context gain (:mod:`~cleaner.spin.evidence`): the mean log10 gain of the best thesaurus candidate
  over the written word; ``spun`` at ``SPUN_GAIN``, ``suspect`` at ``SUSPECT_GAIN``.

``spin.score`` = fingerprints per 1,000 words + ``GAIN_SCALE`` x the positive part of the context gain.

>>> verdict(fingerprints=3.0, words=330)
(9.09, 'spun')
>>> verdict(fingerprints=1.0, words=800)
(1.25, 'suspect')
>>> verdict(fingerprints=0.0, words=500)
(0.0, 'clean')
>>> verdict(fingerprints=0.0, words=500, context_gain=0.9)
(9.0, 'spun')
>>> verdict(fingerprints=0.0, words=500, context_gain=0.1)
(1.0, 'clean')
"""

from __future__ import annotations

# A document is judged spun on at least this much fingerprint weight (a safe hit weighs 1, an unsafe one
# 0.5) ... and this score per 1,000 words; one hit alone is only 'suspect'.
MIN_WEIGHT = 2.0
MIN_SCORE = 1.0
# Context gain thresholds (log10), calibrated on the even-numbered half of the 79 clean articles and of
# their Moby-spun copies (tools/spin_calibrate.py): clean max 0.33 (mean 0.00, sd 0.16), spun min 0.81.
SPUN_GAIN = 0.6
SUSPECT_GAIN = 0.45
GAIN_SCALE = 10.0


def verdict(fingerprints: float, words: int, min_weight: float = MIN_WEIGHT, min_score: float = MIN_SCORE,
            context_gain: float = 0.0, spun_gain: float = SPUN_GAIN,
            suspect_gain: float = SUSPECT_GAIN) -> tuple[float, str]:
    fp_score = 1000.0 * fingerprints / max(words, 1)
    score = round(fp_score + GAIN_SCALE * max(0.0, context_gain), 2)
    if (fingerprints >= min_weight and fp_score >= min_score) or context_gain >= spun_gain:
        return score, "spun"
    return score, "suspect" if fingerprints > 0 or context_gain >= suspect_gain else "clean"
