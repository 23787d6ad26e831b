"""Spelling: non-words found with a dictionary, corrections only suggested (unsafe).

Only lower-case plain words are corrected: capitalised words, names, acronyms,
words in all caps, allowlisted words, hyphenated compounds, numbers, URLs,
e-mail addresses, @handles and #tags are never touched. A correction is offered
only when one candidate is clearly best (see :mod:`cleaner.spelling.suggest`).

>>> from cleaner import Config, clean_text
>>> r = clean_text("The goverment said Kuleba met Blinken in the sourcerussian capital.\\n")
>>> r.text == r.original, [(e.before, e.after, e.rule) for e in r.suggestions]
(True, [('goverment', 'government', 'spelling.typo'), ('sourcerussian', 'source russian', 'spelling.glued')])
>>> clean_text("Je ne sais quoi, « c’est la vie », dit-il.\\n").suggestions
()
"""

from __future__ import annotations

import bisect
from collections import Counter

import regex

from cleaner.edits import Edit
from cleaner.spelling import allow as allowlists
from cleaner.spelling import suggest
from cleaner.spelling.lexicon import CLITICS, known, norm
from cleaner.stages import Stage, StageContext, StageOutput

# A word we may correct, as cleaner.tokens would cut it: lower-case ASCII letters with an optional
# clitic ("goverment’s"), or a lower-case word glued to a capitalised one ("saidPutin"); not part of
# a compound, number, abbreviation, address, handle or identifier (no such character next to it).
_CHECKED = regex.compile(r"""
    (?<![\p{L}\p{M}\p{N}’'\-./@\#_\\])
    (?:[a-z]{2,}(?:[A-Z][a-z]+|[A-Z]{2,})(?![a-z])|[a-z]{3,}(?:['’][a-z]{1,2})?)
    (?![\p{L}\p{M}\p{N}\-_/\\@=]|['’.][\p{L}\p{N}])""", regex.X)
_CAMEL = regex.compile(r"[a-z]{2,}(?:[A-Z][a-z]+|[A-Z]{2,})")
_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{L}\p{M}]*")
# Next to these a word is part of a path, an identifier or markup, not prose.
_CODE_CHARS = frozenset("/\\_@#=&+*<>|~^`{}[]$%")
# Segment boundaries for the foreign-language test: sentence ends, quotes, brackets, lines.
_SEGMENT = regex.compile(r"[.!?;:\n\r\"“”«»()\[\]…]")
# A segment where this share of the lower-case words are non-words is another language or code.
FOREIGN_SHARE = 0.4
# A non-word this often in one document is deliberate (a term, a name written in lower case).
REPEAT = 2


def _in_code(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1] in _CODE_CHARS) or (end < len(text) and text[end] in _CODE_CHARS)


def _apostrophe(text: str) -> str:
    return "’" if text.count("’") > text.count("'") else "'"


def _split_clitic(word: str) -> tuple[str, str]:
    """("goverment’s") -> ("goverment", "’s"); a word without a clitic keeps an empty suffix."""
    for q in "'’":
        head, sep, tail = word.rpartition(q)
        if sep and tail in CLITICS:
            return head, sep + tail
    return word, ""


def _suggestion(word: str, text: str, names: set[str]):
    """(span length, replacement, rule, confidence, reason) for a non-word, or None."""
    if _CAMEL.fullmatch(word):
        fix = suggest.camel_glued(word, names)
        return (len(word), fix, "spelling.glued", 0.7,
                f"two words glued together (lost space or line break): '{fix}'") if fix else None
    head, clitic = _split_clitic(word)
    key = norm(head)
    fix_typo, fix_glue = suggest.typo(key), suggest.glued(key)
    if fix_glue and (fix_typo or suggest.near(key)):
        return None  # two readings ("theair": "the air" or "their"): not clearly best
    if fix_glue:
        return (len(head), fix_glue, "spelling.glued", 0.7,
                f"two common words glued together (lost space or line break): '{fix_glue}'")
    if fix_typo:
        fix = fix_typo.replace("'", _apostrophe(text))
        return (len(head), fix, "spelling.typo", 0.6,
                f"not in the dictionary; '{fix}' is one edit away and far more common than any other candidate")
    return None


def _foreign_segments(segs: list[int], seg_words: Counter) -> set[int]:
    """Segments where many lower-case words are non-words: another language, or code."""
    bad: Counter[int] = Counter(segs)
    return {s for s, n in bad.items() if n >= 2 and n >= FOREIGN_SHARE * seg_words[s]}


def _unknown_keys(words: set[str], cfg, learned) -> dict[str, str]:
    """Each non-word among ``words`` (not known, not allowlisted) with its lookup key."""
    out = {}
    allowed = None
    for w in words:
        if known(w):
            continue
        key, head = norm(w), norm(_split_clitic(w)[0])
        allowed = _allowed(cfg) if allowed is None else allowed
        if key in allowed or head in allowed or (learned and (key in learned or head in learned)):
            continue
        out[w] = head
    return out


def _allowed(cfg) -> frozenset[str]:
    return allowlists.project_words() | allowlists.user_words(cfg)


def spelling(text: str, ctx: StageContext) -> StageOutput:
    learned = ctx.batch.get("spelling") if ctx.batch else None
    # Fast path: the distinct lower-case words, looked up once each (lookups are cached).
    hits = [(m.start(), m.group()) for m in _CHECKED.finditer(text)]
    scores = {"spelling.checked": len(hits), "spelling.nonwords": 0, "spelling.suggestions": 0}
    unknown = _unknown_keys({w for _, w in hits}, ctx.config, learned)
    if unknown:
        # Words written capitalised somewhere in the document are names there, in any case.
        names = set(_CAPITALISED.findall(text))
        caps = {norm(w) for w in names}
        unknown = {w: h for w, h in unknown.items() if norm(w) not in caps and h not in caps}
    if not unknown:
        return StageOutput([], scores)
    cands = [(pos, w) for pos, w in hits if w in unknown and not _in_code(text, pos, pos + len(w))]
    bounds = [m.start() for m in _SEGMENT.finditer(text)]
    seg_words = Counter(bisect.bisect_right(bounds, pos) for pos, _ in hits)
    segs = [bisect.bisect_right(bounds, pos) for pos, _ in cands]
    foreign = _foreign_segments(segs, seg_words)
    counts = Counter(w for _, w in cands)
    edits: list[Edit] = []
    nonwords = 0
    for (pos, w), seg in zip(cands, segs):
        if seg in foreign:
            continue
        nonwords += 1
        if counts[w] >= REPEAT:
            continue
        found = _suggestion(w, text, names)
        if found:
            length, fix, rule, conf, reason = found
            edits.append(Edit(pos, pos + length, text[pos:pos + length], fix, rule, "unsafe", conf, reason))
    scores.update({"spelling.nonwords": nonwords, "spelling.suggestions": len(edits)})
    return StageOutput(edits, scores)


STAGE = Stage("spelling", spelling, "non-words found with a dictionary; typo and glued-word corrections suggested",
              batch_stats=allowlists.batch_stats)
