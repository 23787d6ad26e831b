"""Token alignment for spin evaluation: which tokens a spinner changed, and what a cleaner made of them.

Three texts take part: ``original`` (ground truth), ``spun`` (the spinner's
output, the cleaner's input) and the cleaner's applied ``edits`` of ``spun``.
Word tokens of spun and original are aligned with difflib, line by line when
both have the same number of lines (the spinner keeps lines). Every non-equal
block is a *site* (what the spinner changed). Sites and edits that touch are
merged into *clusters*, whose ends fall inside equal runs, so each cluster maps
to a definite stretch of the original; inside a cluster the cleaned tokens
are aligned against the original once more to score each site and token.

Outcomes, counted in tokens (a site weighs max(spun side, original side)):

- ``restored``: the site reads exactly as the original after cleaning;
- ``wrong``: an edit touched the site, but it does not read as the original;
- ``missed``: no edit touched the site;
- ``damaged``: a token that already equalled the original was changed away from it.

>>> o = "The Cold War is over, officials said."
>>> s = "The Chilly Battle is over, officers stated."
>>> [t.text for t in spun_tokens(s, o)]
['Chilly', 'Battle', 'officers', 'stated']
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import regex

# Words with inner apostrophes, hyphens, dots and digit commas stay one token: "Ukraine’s", "U.S", "8,500".
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[’‘'\-.,][\p{L}\p{M}\p{N}]+)*")
# Curly and straight apostrophes are the same word for this purpose (the real spinner swaps them).
_KEY = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    line: int

    @property
    def key(self) -> str:
        return self.text.translate(_KEY)


def tokenize(text: str) -> list[Token]:
    """Word tokens with their spans and line numbers.

    >>> [(t.text, t.line) for t in tokenize("U.S. troops: 8,500\\nUkraine’s")]
    [('U.S', 0), ('troops', 0), ('8,500', 0), ('Ukraine’s', 1)]
    """
    out: list[Token] = []
    line, pos = 0, 0
    for m in _TOKEN.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        out.append(Token(m.start(), m.end(), m.group(0), line))
    return out


def words(text: str) -> int:
    """The number of word tokens (the denominator of 'per 10,000 words')."""
    return sum(1 for _ in _TOKEN.finditer(text))


def _by_line(tokens: Sequence[Token]) -> dict[int, list[int]]:
    lines: dict[int, list[int]] = {}
    for i, t in enumerate(tokens):
        lines.setdefault(t.line, []).append(i)
    return lines


def opcodes(a: Sequence[Token], b: Sequence[Token], by_line: bool = True) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes between two token lists, line by line when the line counts agree.

    >>> opcodes(tokenize("a b c"), tokenize("a x c"))
    [('equal', 0, 1, 0, 1), ('replace', 1, 2, 1, 2), ('equal', 2, 3, 2, 3)]
    """
    la, lb = _by_line(a), _by_line(b)
    if not (by_line and a and b and len(la) == len(lb)):
        sm = difflib.SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
        return sm.get_opcodes()
    out: list[tuple[str, int, int, int, int]] = []
    for ia, ib in zip(la.values(), lb.values()):
        oa, ob = ia[0], ib[0]
        sm = difflib.SequenceMatcher(None, [a[i].key for i in ia], [b[i].key for i in ib], autojunk=False)
        out.extend((tag, i1 + oa, i2 + oa, j1 + ob, j2 + ob) for tag, i1, i2, j1, j2 in sm.get_opcodes())
    return out


def spun_tokens(spun: str, original: str) -> list[Token]:
    """The tokens of ``spun`` that differ from the aligned original (the spinner's work)."""
    s, o = tokenize(spun), tokenize(original)
    return [s[i] for tag, i1, i2, _, _ in opcodes(s, o) if tag != "equal" for i in range(i1, i2)]


@dataclass
class Tally:
    """Token counts of the outcomes, plus examples for the report."""

    spun: int = 0
    restored: int = 0
    wrong: int = 0
    missed: int = 0
    correct: int = 0
    damaged: int = 0
    sites: int = 0
    sites_restored: int = 0
    # (spun text, original text, cleaned text, rules) of sites not restored / tokens damaged.
    wrong_examples: list[tuple[str, str, str, str]] = field(default_factory=list)
    missed_examples: list[tuple[str, str]] = field(default_factory=list)
    damage_examples: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in ("spun", "restored", "wrong", "missed", "correct", "damaged", "sites", "sites_restored"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong_examples += other.wrong_examples
        self.missed_examples += other.missed_examples
        self.damage_examples += other.damage_examples

    def share(self, name: str) -> float:
        base = self.correct if name == "damaged" else self.spun
        return getattr(self, name) / base if base else 0.0

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in
                ("spun", "restored", "wrong", "missed", "correct", "damaged", "sites", "sites_restored")}


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge token intervals that overlap or touch (a zero-width one touching a neighbour joins it)."""
    out: list[list[int]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _token_range(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """Indices [i, j) of the tokens overlapping chars [start, end); empty at the insertion point otherwise."""
    i = 0
    while i < len(tokens) and tokens[i].end <= start:
        i += 1
    j = i
    while j < len(tokens) and tokens[j].start < end:
        j += 1
    return i, j


def _got(c_ops, c_words: list[str], b1: int, b2: int) -> str:
    """The cleaned words that stand where original positions [b1, b2) are (for the report)."""
    got: list[str] = []
    for tag, a1, a2, o1, o2 in c_ops:
        if (o1 < b2 and b1 < o2) or (o1 == o2 and b1 <= o1 <= b2) or (b1 == b2 and o1 <= b1 < o2):
            if tag == "equal":
                lo, hi = max(o1, b1), min(o2, b2)
                got += c_words[a1 + lo - o1:a1 + hi - o1]
            else:
                got += c_words[a1:a2]
    return " ".join(got)


def _changes_words(edit) -> bool:
    """Whether an edit changes the word tokens (white space and apostrophe style do not count)."""
    return [t.key for t in tokenize(edit.before)] != [t.key for t in tokenize(edit.after)]


def evaluate(original: str, spun: str, edits: Sequence, rule_of=lambda e: e.rule) -> Tally:
    """Score the cleaner's applied ``edits`` of ``spun`` against ``original``.

    >>> from cleaner.edits import Edit
    >>> o, s = "The Cold War ended.", "The Chilly Battle ended."
    >>> t = evaluate(o, s, [Edit(4, 17, "Chilly Battle", "Cold War", "spin.x")])
    >>> (t.spun, t.restored, t.damaged)
    (2, 2, 0)
    >>> t = evaluate(o, s, [Edit(4, 10, "Chilly", "Cold", "spin.x"), Edit(18, 23, "ended", "stopped", "spin.y")])
    >>> (t.spun, t.restored, t.wrong, t.missed, t.correct, t.damaged)
    (2, 1, 0, 1, 2, 1)
    """
    from cleaner.edits import apply, sort_edits

    s_tok, o_tok = tokenize(spun), tokenize(original)
    tally = Tally()
    # S-index -> O-index at every alignment point (inside equal runs and at site ends).
    s2o: dict[int, int] = {}
    sites: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in opcodes(s_tok, o_tok):
        if tag == "equal":
            for k in range(i2 - i1 + 1):
                s2o.setdefault(i1 + k, j1 + k)
            tally.correct += i2 - i1
        elif tag == "replace" and i2 - i1 == j2 - j1:
            # One-for-one replacements ("officers stated" / "officials said") are scored word by word.
            for k in range(i2 - i1):
                sites.append((i1 + k, i1 + k + 1, j1 + k, j1 + k + 1))
                s2o.setdefault(i1 + k, j1 + k)
            s2o.setdefault(i2, j2)
        else:
            sites.append((i1, i2, j1, j2))
            s2o.setdefault(i1, j1)
            s2o.setdefault(i2, j2)
    s2o.setdefault(len(s_tok), len(o_tok))
    edits = [e for e in sort_edits(edits) if _changes_words(e)]
    ranges = [_token_range(s_tok, e.start, e.end) for e in edits]
    for ci1, ci2 in _merge([(i1, i2) for i1, i2, _, _ in sites] + ranges):
        in_sites = [st for st in sites if ci1 <= st[0] and st[1] <= ci2]
        mine = [k for k, (a, b) in enumerate(ranges) if ci1 <= a and b <= ci2]
        c_edits = [edits[k] for k in mine]
        oj1, oj2 = s2o[ci1], s2o[ci2]
        # The stretch of spun text the cluster covers, widened to hold its edits.
        lo = min([s_tok[ci1].start if ci1 < len(s_tok) else len(spun)] + [e.start for e in c_edits])
        hi = max([s_tok[ci2 - 1].end if ci2 > ci1 else lo] + [e.end for e in c_edits])
        cleaned_text = apply(spun[lo:hi], [e.shifted(-lo) for e in c_edits])
        c_keys = [t.key for t in tokenize(cleaned_text)]
        o_keys = [t.key for t in o_tok[oj1:oj2]]
        rules = ",".join(sorted({rule_of(e) for e in c_edits}))
        # Original positions (relative to oj1) that came out wrong, and gaps where extra tokens appeared.
        bad: set[int] = set()
        bad_gap: set[int] = set()
        c_ops = difflib.SequenceMatcher(None, c_keys, o_keys, autojunk=False).get_opcodes()
        c_words = [t.text for t in tokenize(cleaned_text)]
        for tag, _, _, b1, b2 in c_ops:
            if tag != "equal":
                bad.update(range(b1, b2))
                if b1 == b2:
                    bad_gap.add(b1)
        touched: set[int] = set()
        touched_gaps: set[int] = set()
        for k in mine:
            a, b = ranges[k]
            touched.update(range(a, b))
            if a == b:
                touched_gaps.add(a)
        site_tokens: set[int] = set()
        site_gaps: set[int] = set()
        for i1, i2, j1, j2 in in_sites:
            weight = max(i2 - i1, j2 - j1)
            site_tokens.update(range(i1, i2))
            gaps = range(j1 - oj1, j2 - oj1 + 1)
            site_gaps.update(gaps)
            tally.sites += 1
            tally.spun += weight
            ok = not any(j in bad for j in range(j1 - oj1, j2 - oj1)) and not any(g in bad_gap for g in gaps)
            near = range(i1, i2) if i2 > i1 else range(i1 - 1, i1 + 1)  # a deleted word: its neighbours
            hit = any(i in touched for i in near) or any(g in touched_gaps for g in range(i1, i2 + 1))
            s_text = spun[s_tok[i1].start:s_tok[i2 - 1].end] if i2 > i1 else ""
            o_text = " ".join(t.text for t in o_tok[j1:j2])
            if ok and hit:
                tally.restored += weight
                tally.sites_restored += 1
            elif hit:
                tally.wrong += weight
                tally.wrong_examples.append((s_text, o_text, _got(c_ops, c_words, j1 - oj1, j2 - oj1), rules))
            else:
                tally.missed += weight
                tally.missed_examples.append((s_text, o_text))
        # A correct token an edit touched is damaged when the result differs from the original there.
        for i in sorted(touched - site_tokens):
            j = s2o[i] - oj1
            extra = {j, j + 1} & bad_gap - site_gaps
            if j in bad or extra:
                tally.damaged += 1
                tally.damage_examples.append((s_tok[i].text, o_tok[oj1 + j].text,
                                              _got(c_ops, c_words, j, j + 1) or "(deleted)", rules))
    return tally


def common(pairs: Iterable[tuple[str, ...]], n: int = 15) -> list[tuple[tuple[str, ...], int]]:
    return Counter(pairs).most_common(n)
