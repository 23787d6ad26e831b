"""Give a repair the capitalisation of the text it replaces.

>>> match_case("Chilly Battle", "cold war")
'Cold War'
>>> match_case("JAP EUROPE", "eastern europe")
'EASTERN EUROPE'
>>> match_case("Instructed reporters", "told reporters")
'Told reporters'
>>> match_case("stated", "said")
'said'
>>> match_case("White Home", "white house")
'White House'
"""

from __future__ import annotations


def _word_case(src: str, word: str) -> str:
    if len(src) > 1 and src.isupper():
        return word.upper()
    if src[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def match_case(before: str, after: str) -> str:
    src, dst = before.split(), after.split()
    if not src or not dst:
        return after
    if all(len(w) > 1 and w.isupper() for w in src if w.isalpha()) and any(w.isalpha() for w in src):
        return after.upper()
    if len(src) > 1 and all(w[:1].isupper() for w in src):  # Title Case
        return " ".join(w[:1].upper() + w[1:] for w in dst)
    if len(src) == len(dst):
        return " ".join(_word_case(s, d) for s, d in zip(src, dst))
    return " ".join([_word_case(src[0], dst[0])] + dst[1:])
