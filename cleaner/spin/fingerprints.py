"""Spun phrases found by token lookups (no big regex): fingerprints, spintax debris, digits for number words.

>>> from cleaner.spin.tokens import tokenize
>>> text = "The two former Chilly Battle foes met at the White Home."
>>> [(m.before(text), m.after, m.tier) for m in find_phrases(tokenize(text), text, default_index())]
[('Chilly Battle foes', 'Cold War foes', 'safe'), ('White Home', 'White House', 'safe')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import regex

from cleaner.spin.casing import match_case
from cleaner.spin.tokens import Token
from cleaner.wordlists import Table, load, load_path
from cleaner.wordscan import RunTable, Words, cased

TIERS = ("safe", "unsafe", "context", "keep")


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]
    replacement: str
    tier: str
    match: str  # "any" or "title"
    note: str


@dataclass(frozen=True, slots=True)
class Match:
    i: int  # first token
    j: int  # one past the last token
    start: int
    end: int
    after: str
    tier: str
    note: str

    def before(self, text: str) -> str:
        return text[self.start:self.end]


Index = dict[str, list[Phrase]]


def phrases_of(table: Table) -> list[Phrase]:
    """Rows of a fingerprint-shaped table; a user table needs only ``phrase`` and ``replacement``."""
    out = []
    for row in table.as_dicts():
        key = row.get("phrase") or row.get(table.columns[0], "")
        rep = row.get("replacement") or (row.get(table.columns[1], "") if len(table.columns) > 1 else "")
        tier = row.get("tier", "unsafe") or "unsafe"
        if not key.strip() or not rep.strip() or tier not in TIERS:
            continue
        out.append(Phrase(tuple(key.lower().replace("’", "'").split()), rep.lower(), tier,
                          row.get("match", "any") or "any", row.get("note", "") or "user table"))
    return out


def build_index(phrases: Iterable[Phrase]) -> Index:
    """First word -> phrases starting with it, longest first (so 'chilly battle foes' beats 'chilly battle')."""
    index: Index = {}
    for p in phrases:
        index.setdefault(p.words[0], []).append(p)
    for v in index.values():
        v.sort(key=lambda p: -len(p.words))
    return index


@lru_cache(maxsize=8)
def default_index(extra_tables: tuple[str, ...] = ()) -> Index:
    phrases = phrases_of(load("spin_fingerprints.tsv"))
    for path in extra_tables:
        phrases += phrases_of(load_path(path))  # a user's entries come last and win on equal keys
    index = build_index(phrases)
    return index


def evidence_index(index: Index) -> RunTable | None:
    """First word, in each :func:`~cleaner.wordscan.cased` form -> a pattern for each phrase that counts as
    evidence (safe and unsafe tiers), to search :func:`~cleaner.wordscan.scan`'s ``letters`` with: the
    first word as that form, the next words in any case, each whole and apart only by spaces there
    (anything between them in the text that is not a letter).

    None when a phrase has a character other than ASCII letters, digits and punctuation (a user's table
    may): the bytes pre-check could miss it, so every document then takes the full path.
    """
    out: dict[bytes, list[re.Pattern]] = {}
    for ps in index.values():
        for p in ps:
            if p.tier not in ("safe", "unsafe"):
                continue
            phrase = " ".join(p.words).lower()
            words = tuple(Words(phrase.encode("utf-8", "surrogatepass")).words)
            if not phrase.isascii() or not words:
                return None
            rest = b"".join(b" +(?i:" + re.escape(w) + b")" for w in words[1:])
            for form in cased(words[0].decode()):
                out.setdefault(form, []).append(re.compile(b" " + re.escape(form) + rest + b" "))
    return RunTable(out)


def may_have_evidence(scanned: Words, ev: RunTable | None) -> bool:
    """A quick pre-check on a document's :func:`~cleaner.wordscan.scan`: could an evidence phrase match?

    A superset of :func:`find_phrases` wherever a phrase's first word is written in lower case,
    Capitalised or in CAPITALS (not "WHite House"): a phrase's words are consecutive tokens there, so
    their letters are consecutive runs of ASCII letters here (punctuation, digits and sentence breaks
    between them are not looked at). Where a first word stands in the document's letters (one pass,
    :meth:`~cleaner.wordscan.Words.starts`: usually a few common words, "white", "information", or
    none), its phrases' patterns are matched there.

    >>> from cleaner.wordscan import scan
    >>> ev = evidence_index(default_index())
    >>> may_have_evidence(scan("the Chilly Battle"), ev), may_have_evidence(scan("a chilly morning"), ev)
    (True, False)
    """
    if ev is None:
        return True
    letters, patterns = scanned.letters, ev.values
    for at, w in scanned.starts(ev):
        for phrase in patterns[w]:
            if phrase.match(letters, at):
                return True
    return False


def find_phrases(tokens: list[Token], text: str, index: Index) -> list[Match]:
    """Non-overlapping phrase matches, left to right, longest first at each token."""
    out: list[Match] = []
    i, n = 0, len(tokens)
    while i < n:
        cands = index.get(tokens[i].lower)
        hit = None
        if cands:
            for p in cands:
                k = len(p.words)
                if i + k > n:
                    continue
                span = tokens[i:i + k]
                if any(t.lower != w for t, w in zip(span, p.words)) or any(t.brk for t in span[1:]):
                    continue
                if p.match == "title" and not all(t.capitalised for t in span):
                    continue
                before = text[span[0].start:span[-1].end]
                after = p.replacement if p.tier == "keep" else match_case(before, p.replacement)
                if "’" in before:  # keep the text's apostrophe style
                    after = after.replace("'", "’")
                hit = Match(i, i + k, span[0].start, span[-1].end, after, p.tier, p.note)
                break
        if hit:
            out.append(hit)
            i = hit.j
        else:
            i += 1
    return out


# Spintax left in the text: "{that a}" or "{said|stated}". Letters and spaces only, a few words.
_SPINTAX = regex.compile(r"\{([\p{L}' ]{1,40}(?:\|[\p{L}' ]{1,40})*)\}")


def find_spintax(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, repair, has_alternatives) for spintax debris; the first alternative is kept.

    >>> find_spintax("or {that a} willingness and {said|stated} he")
    [(3, 11, 'that a', False), (28, 41, 'said', True)]
    >>> find_spintax("a {name} placeholder")
    []
    """
    if "{" not in text:
        return []
    out = []
    for m in _SPINTAX.finditer(text):
        alts = [a.strip() for a in m.group(1).split("|")]
        if len(alts) == 1 and len(alts[0].split()) < 2:
            continue  # "{name}" is a template placeholder, not a spinner's leftover
        if all(alts):
            out.append((m.start(), m.end(), alts[0], len(alts) > 1))
    return out


NUMBER_WORDS = {"2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight",
                "9": "nine"}
# A spinner writes "the 2 former foes"; clean news writes digits for counts of units, scores, ages, dates.
_DET = frozenset("the these those its their his her our all both first last next past".split())
_UNITS = frozenset("""percent per cent pm am p.m a.m points point pts goals runs yards years year months month weeks
week days day hours hour minutes minute seconds second miles mile km kilometers kilometres meters metres feet
foot inches inch pounds pound lbs kg tons tonnes dollars euros cents million billion trillion thousand hundred
times degrees inning innings sets games game rounds round seeds seed of to and or in on at""".split())


def find_number_words(tokens: list[Token]) -> list[tuple[Token, str]]:
    """Digits 2-9 that stand for a number word: after a determiner, before a lower-case word that is no unit.

    >>> from cleaner.spin.tokens import tokenize
    >>> [(t.text, w) for t, w in find_number_words(tokenize("the 2 former foes; the 2 points; on Jan. 2 they; the 3rd one"))]
    [('2', 'two')]
    """
    out = []
    for k in range(1, len(tokens) - 1):
        t = tokens[k]
        word = NUMBER_WORDS.get(t.text)
        if not word or t.brk:
            continue
        prev, nxt = tokens[k - 1], tokens[k + 1]
        if nxt.brk or prev.lower not in _DET or not nxt.text.isalpha() or not nxt.text.islower():
            continue
        if nxt.start == t.end:
            continue  # an ordinal glued to its digits: "the 3rd", "the 7th"
        if nxt.lower in _UNITS:
            continue
        out.append((t, word))
    return out
