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
from cleaner.tokens import tokenize

# A word we may correct: lower-case ASCII letters, optionally with one clitic ("goverment’s").
_PLAIN = regex.compile(r"[a-z]{3,}(?:['’][a-z]{1,2})?")
_CAMEL = regex.compile(r"[a-z]{2,}[A-Z][a-z]{2,}")
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


def _suggestion(word: str, text: str):
    """(span length, replacement, rule, confidence, reason) for a non-word, or None."""
    if _CAMEL.fullmatch(word):
        fix = suggest.camel_glued(word)
        return (len(word), fix, "spelling.glued", 0.7,
                f"two words glued together (lost space or line break): '{fix}'") if fix else None
    head, clitic = _split_clitic(word)
    key = norm(head)
    fix_typo, fix_glue = suggest.typo(key), suggest.glued(key)
    if fix_typo and fix_glue:
        return None  # two readings: not clearly best
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


def spelling(text: str, ctx: StageContext) -> StageOutput:
    cfg = ctx.config
    allowed = allowlists.project_words() | allowlists.user_words(cfg)
    learned = ctx.batch.get("spelling") if ctx.batch else None
    tokens = [t for t in tokenize(text) if t.kind == "word"]
    # Words written capitalised somewhere in the document are names there, in any case.
    caps = {norm(t.text) for t in tokens if t.text[:1].isupper()}
    lower = [t for t in tokens if t.text[:1].islower()]
    counts = Counter(norm(t.text) for t in lower)
    cands = []
    for t in lower:
        w = t.text
        if not (_PLAIN.fullmatch(w) or _CAMEL.fullmatch(w)) or _in_code(text, t.start, t.end):
            continue
        key = norm(w)
        head = norm(_split_clitic(w)[0])
        if known(w) or key in allowed or head in allowed or key in caps or head in caps:
            continue
        if learned and (key in learned or head in learned):
            continue
        cands.append(t)
    scores = {"spelling.checked": len(lower), "spelling.nonwords": 0, "spelling.suggestions": 0}
    if not cands:
        return StageOutput([], scores)
    bounds = [m.start() for m in _SEGMENT.finditer(text)]
    seg_of = lambda pos: bisect.bisect_right(bounds, pos)  # noqa: E731
    seg_words = Counter(seg_of(t.start) for t in lower)
    segs = [seg_of(t.start) for t in cands]
    foreign = _foreign_segments(segs, seg_words)
    edits: list[Edit] = []
    nonwords = 0
    for t, seg in zip(cands, segs):
        if seg in foreign:
            continue
        nonwords += 1
        if counts[norm(t.text)] >= REPEAT:
            continue
        found = _suggestion(t.text, text)
        if found:
            length, fix, rule, conf, reason = found
            edits.append(Edit(t.start, t.start + length, text[t.start:t.start + length], fix, rule,
                              "unsafe", conf, reason))
    scores.update({"spelling.nonwords": nonwords, "spelling.suggestions": len(edits)})
    return StageOutput(edits, scores)


STAGE = Stage("spelling", spelling, "non-words found with a dictionary; typo and glued-word corrections suggested",
              batch_stats=allowlists.batch_stats)
