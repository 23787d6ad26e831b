"""The document's spin verdict: fingerprint evidence per 1,000 words.

>>> verdict(fingerprints=3.0, words=330)
(9.09, 'spun')
>>> verdict(fingerprints=1.0, words=800)
(1.25, 'suspect')
>>> verdict(fingerprints=0.0, words=500)
(0.0, 'clean')
"""

from __future__ import annotations

# A document is judged spun on at least this much fingerprint weight (a safe hit weighs 1, an unsafe one
# 0.5) ... and this score per 1,000 words; one hit alone is only 'suspect'.
MIN_WEIGHT = 2.0
MIN_SCORE = 1.0


def verdict(fingerprints: float, words: int, min_weight: float = MIN_WEIGHT,
            min_score: float = MIN_SCORE) -> tuple[float, str]:
    score = round(1000.0 * fingerprints / max(words, 1), 2)
    if fingerprints >= min_weight and score >= min_score:
        return score, "spun"
    return score, "suspect" if fingerprints > 0 else "clean"
