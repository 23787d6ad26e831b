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

import re
from collections import Counter
from functools import lru_cache

import regex

from cleaner.edits import Edit
from cleaner.spelling import allow as allowlists
from cleaner.spelling import suggest
from cleaner.spelling.lexicon import CLITICS, known, norm, plain_known_words
from cleaner.stages import Stage, StageContext, StageOutput
from cleaner.wordscan import RunTable, scan

# A word we may correct, as cleaner.tokens would cut it: lower-case ASCII letters with an optional
# clitic ("goverment’s"), or a lower-case word glued to a capitalised one ("saidPutin"); not part of
# a compound, number, abbreviation, address, handle or identifier (no such character next to it).
_CHECKED = regex.compile(r"""
    (?<![\p{L}\p{M}\p{N}’'\-./@\#_\\])
    (?:[a-z]{2,}(?:[A-Z][a-z]+|[A-Z]{2,})(?![a-z])|[a-z]{3,}(?:['’][a-z]{1,2})?)
    (?![\p{L}\p{M}\p{N}\-_/\\@=]|['’.][\p{L}\p{N}])""", regex.X)
# Where a word of the document's word scan (cleaner.wordscan: maximal runs of ASCII letters) stands, the
# word as _CHECKED could cut it: the run, and a clitic if one follows.
_WORD_AT = re.compile(rb"[A-Za-z]+(?:'[a-z]{1,2}|\xe2\x80\x99[a-z]{1,2})?")
# After an apostrophe, a tail that known() does not strip ("’t", "’n", "’em"): the one way a known run
# of letters can begin an unknown word. The tails it does strip, not followed by a letter, are left out.
_ODD_TAIL = re.compile(rb"(?!(?:s|ll|re|ve|d|m)(?![A-Za-z]))[a-z]")
# The run of ASCII letters that ends where an apostrophe starts (matched backwards).
_RUN_BEFORE = regex.compile(rb"[A-Za-z]+", regex.REVERSE)
_CAMEL = regex.compile(r"[a-z]{2,}(?:[A-Z][a-z]+|[A-Z]{2,})")
_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{L}\p{M}]*")
# Next to these a word is part of a path, an identifier or markup, not prose.
_CODE_CHARS = frozenset("/\\_@#=&+*<>|~^`{}[]$%")
# Segment boundaries for the foreign-language test: sentence ends, quotes, brackets, lines.
_SEGMENT = regex.compile(r"[.!?;:\n\r\"“”«»()\[\]…]")
_SEGMENT_BEFORE = regex.compile(_SEGMENT.pattern, regex.REVERSE)
# A segment where this share of the lower-case words are non-words is another language or code.
FOREIGN_SHARE = 0.4
# A non-word this often in one document is deliberate (a term, a name written in lower case).
REPEAT = 2
# Runs of letters known() said yes to that are not among the dictionary's plain words (inflections it
# derives): learned in any document, so that each is looked up once per process. Bounded like known()'s
# own cache.
_KNOWN: set[bytes] = set()
KNOWN_MAX = 1 << 19


@lru_cache(maxsize=1)
def _plain_words() -> RunTable:
    return RunTable(plain_known_words())


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
        fix = suggest.camel_glued(word, set(_CAPITALISED.findall(text)))
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


def _unknown_words(text: str) -> list[str]:
    """The distinct words known() says no to, among those _CHECKED could cut: each one letter for letter
    (a few that _CHECKED does not cut may come with them; the stage then finds them nowhere).

    A word without a clitic is a whole run of ASCII letters, so it is one of the document's runs
    (:func:`cleaner.wordscan.scan`): those that start with two lower-case letters (as _CHECKED's words
    do, 3+ letters) and are neither among the dictionary's plain words (one pass over the document,
    :meth:`~cleaner.wordscan.Words.absent`) nor in ``_KNOWN`` are looked up, and only the unknown ones
    are found in the text (to take a clitic that follows them). A known run starts an unknown word only
    through a clitic known() does not strip; those are found from their apostrophes (``_ODD_TAIL``),
    which are few.
    """
    sc = scan(text)
    runs = []
    for b in sc.absent(_plain_words()).difference(_KNOWN):
        if not known(b.decode()):
            runs.append(b)
        elif len(_KNOWN) < KNOWN_MAX:
            _KNOWN.add(b)
    utf8, letters = sc.utf8, sc.letters
    words = set()
    for run in runs:
        # Found with the space before it; the byte after it tells whether the run is whole.
        needle, n = b" " + run, len(run) + 1
        at = letters.find(needle)  # utf8 offset of the run's first letter (letters is one byte ahead)
        while at >= 0:
            if letters[at + n] == 32:
                words.add(_WORD_AT.match(utf8, at).group().decode())
            at = letters.find(needle, at + n)
    for quote in (b"'", b"\xe2\x80\x99"):
        at = utf8.find(quote)
        while at >= 0:
            # A tail known() does not strip, after a run of 3+ letters.
            if _ODD_TAIL.match(utf8, at + len(quote)):
                head = _RUN_BEFORE.match(utf8, 0, at)
                if head and at - head.start() >= 3:
                    words.add(_WORD_AT.match(utf8, head.start()).group().decode())
            at = utf8.find(quote, at + 1)
    return [w for w in words if not known(w)]


def _unknown_keys(words: list[str], cfg, learned) -> dict[str, str]:
    """Each of the non-words ``words`` that is not allowlisted, with the lookup key of its head."""
    out = {}
    allowed = None
    for w in words:
        key, head = norm(w), norm(_split_clitic(w)[0])
        allowed = _allowed(cfg) if allowed is None else allowed
        if key in allowed or head in allowed or (learned and (key in learned or head in learned)):
            continue
        out[w] = head
    return out


def _allowed(cfg) -> frozenset[str]:
    return allowlists.project_words() | allowlists.user_words(cfg)


def _hits(text: str, word: str) -> list[int]:
    """Where _CHECKED cuts ``word``: wherever it matches it (its look-behind forbids a match right
    after a letter or apostrophe, so none overlaps another and matching here is finding from the start)."""
    out = []
    pos = text.find(word)
    while pos >= 0:
        m = _CHECKED.match(text, pos)
        if m and m.end() == pos + len(word):
            out.append(pos)
        pos = text.find(word, pos + 1)
    return out


def _lower(text: str) -> str:
    """``text`` lower-cased place for place: "İ", the one letter whose lower case is two characters
    (and not ASCII), is blanked first."""
    return text.replace("\u0130", " ").lower()


def _capitalised(text: str, lower: str, key: str) -> bool:
    """Whether ``text`` has a capitalised word whose key is ``key``: found in ``_lower(text)``, then
    checked as _CAPITALISED cuts it."""
    pos = lower.find(key)
    while pos >= 0:
        m = _CAPITALISED.match(text, pos)
        if m and norm(m.group()) == key:
            return True
        pos = lower.find(key, pos + 1)
    return False


def _segment(text: str, pos: int) -> int:
    """Where the segment holding ``pos`` starts (just after the boundary before it)."""
    m = _SEGMENT_BEFORE.search(text, 0, pos)
    return m.end() if m else 0


def _checked_in_segment(text: str, start: int) -> int:
    """How many words _CHECKED cuts in the segment that starts at ``start``."""
    m = _SEGMENT.search(text, start)
    end = m.start() if m else len(text)
    # Its look-ahead reads two characters past a word: stop the scan there, not at the boundary.
    return sum(1 for w in _CHECKED.finditer(text, start, end + 2) if w.start() < end)


def _foreign_segments(text: str, segs: list[int]) -> set[int]:
    """Segments where many lower-case words are non-words: another language, or code."""
    bad: Counter[int] = Counter(segs)
    return {s for s, n in bad.items() if n >= 2 and n >= FOREIGN_SHARE * _checked_in_segment(text, s)}


def _candidates(text: str, unknown: dict[str, str]) -> list[tuple[int, str]]:
    """Where the non-words ``unknown`` stand as _CHECKED cuts them, not in code, in text order; less
    those written capitalised somewhere in the document (names there, in any case)."""
    cands = sorted((pos, w) for w in unknown for pos in _hits(text, w) if not _in_code(text, pos, pos + len(w)))
    if not cands:
        return cands
    lower = _lower(text)
    names = {w for w in {w for _, w in cands} if any(_capitalised(text, lower, k) for k in {norm(w), unknown[w]})}
    return [(pos, w) for pos, w in cands if w not in names]


def spelling(text: str, ctx: StageContext) -> StageOutput:
    learned = ctx.batch.get("spelling") if ctx.batch else None
    # Each distinct run of letters is looked up once (a known one by a set difference); only the
    # non-words are then found in the text, where _CHECKED would cut them.
    scores = {"spelling.checked": scan(text).count(), "spelling.nonwords": 0, "spelling.suggestions": 0}
    unknown = _unknown_keys(_unknown_words(text), ctx.config, learned)
    cands = _candidates(text, unknown) if unknown else []
    if not cands:
        return StageOutput([], scores)
    segs = [_segment(text, pos) for pos, _ in cands]
    foreign = _foreign_segments(text, segs)
    counts = Counter(w for _, w in cands)
    edits: list[Edit] = []
    nonwords = 0
    for (pos, w), seg in zip(cands, segs):
        if seg in foreign:
            continue
        nonwords += 1
        if counts[w] >= REPEAT:
            continue
        found = _suggestion(w, text)
        if found:
            length, fix, rule, conf, reason = found
            edits.append(Edit(pos, pos + length, text[pos:pos + length], fix, rule, "unsafe", conf, reason))
    scores.update({"spelling.nonwords": nonwords, "spelling.suggestions": len(edits)})
    return StageOutput(edits, scores)


STAGE = Stage("spelling", spelling, "non-words found with a dictionary; typo and glued-word corrections suggested",
              batch_stats=allowlists.batch_stats)
