"""Match whole lines against the furniture table (wordlists/boilerplate_lines.tsv).

Only whole lines match: a phrase inside a sentence is never touched.

>>> f = Furniture.shipped()
>>> f.match("Leave a Reply").kind
'comments'
>>> f.match("CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER").phrase
'click here to read more from'
>>> f.match("Click here to read more from the report, which the agency published on Monday.") is None
True
>>> f.match("Please leave a reply below.") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from cleaner.boilerplate.lines import decorated, head, key, key_of_unified, unify, words
from cleaner.wordlists import Table, load, load_path

TABLE = "boilerplate_lines.tsv"
# A table regex of literal characters, `\d`, `\w`, `\s` and the quantifiers + * ? (no groups,
# classes, alternatives or flags): the literal runs in it occur in every line it matches.
_SIMPLE_REGEX = re.compile(r"(?:(?:\\[dws]|[^\\()\[\]{}|^$.+*?])[+*?]?)*")
_ATOM = re.compile(r"(\\[dws]|[^\\])([+*?]?)")
# How many words may follow a `lead` phrase (a name) or a `lead-headline` phrase (a headline).
LEAD_WORDS = {"lead": 6, "lead-headline": 20}


@dataclass(frozen=True)
class Row:
    phrase: str
    match: str
    safety: str
    kind: str
    note: str


class Furniture:
    def __init__(self, table: Table):
        self.exact: dict[str, Row] = {}
        self.leads: list[Row] = []
        self.patterns: list[tuple[regex.Pattern, Row]] = []
        for d in table.as_dicts():
            row = Row(d["phrase"], d["match"], d["safety"], d["kind"], d.get("note", ""))
            if row.match == "line":
                self.exact[key(row.phrase)] = row
            elif row.match in LEAD_WORDS:
                self.leads.append(row)
            elif row.match == "regex":
                self.patterns.append((regex.compile(row.phrase), row))
            else:
                raise ValueError(f"{table.name}: unknown match kind {row.match!r}")
        # Longest phrase first, so "related:" is not shadowed by a shorter lead.
        self.leads.sort(key=lambda r: -len(r.phrase))
        # Unified once here, not for every line (it was most of the stage's time).
        # Bucketed by first character (a line can only start with a phrase that starts like it),
        # each bucket keeping the longest-first order.
        self._leads: dict[str, list[tuple[str, int, Row]]] = {}
        for r in self.leads:
            p = unify(r.phrase)
            self._leads.setdefault(p[:1], []).append((p, LEAD_WORDS[r.match], r))
        # An empty phrase (never in a valid table, but cheap to honour) would start every line.
        self._any_lead = self._leads.pop("", [])
        # What a line that matches must have (see `candidates`): one of these heads, or the
        # pieces of text some regex row requires.
        self._heads = frozenset([head(k) for k in self.exact] + [head(unify(r.phrase)) for r in self.leads])
        self._pieces = [_required(pat.pattern) for pat, _ in self.patterns]
        self._every_line = bool(self._any_lead) or None in self._pieces

    @classmethod
    def shipped(cls) -> "Furniture":
        return _shipped()

    @classmethod
    def from_path(cls, path: str) -> "Furniture":
        return cls(load_path(path))

    def candidates(self, folded: list[str], heads: list[str], nonblank: list[int], text: str) -> list[int]:
        """The lines among ``nonblank`` that may match a row: all lines that do, and few others.

        ``folded`` are the lines through :func:`~cleaner.boilerplate.lines.fold`, ``heads``
        their :func:`~cleaner.boilerplate.lines.head`, ``text`` the folded text. A line
        matches a `line` row only if its head is the phrase's or it has decoration in front;
        a lead row only if its head is the phrase's; a regex row only if it has the regex's pieces.
        """
        if self._every_line:
            return nonblank
        hs = self._heads
        out = [i for i in nonblank if heads[i] in hs or not heads[i] and decorated(folded[i].lstrip()[0])]
        extra: set[int] = set()
        for pieces in self._pieces:
            if all(p in text for p in pieces):
                # The rarest piece is most likely the longest.
                first, *rest = sorted(pieces, key=len, reverse=True) or [""]
                extra.update(i for i in nonblank if first in folded[i] and all(p in folded[i] for p in rest))
        return sorted(extra.union(out)) if extra else out

    def match(self, line: str) -> Row | None:
        """The row a whole line matches, or None."""
        return self.match_unified(unify(line))

    def match_unified(self, u: str) -> Row | None:
        """:meth:`match` of the line whose :func:`unify` is ``u``."""
        k = key_of_unified(u)
        if not k:
            return None
        row = self.exact.get(k)
        if row is not None:
            return row
        leads = self._leads.get(u[0], ())
        if self._any_lead:
            leads = sorted([*leads, *self._any_lead], key=lambda t: self.leads.index(t[2]))
        for p, limit, row in leads:
            if u.startswith(p) and (len(u) == len(p) or not u[len(p)].isalnum() or p[-1] in ":"):
                rest = u[len(p):].strip(" :-|")
                if len(words(rest)) <= limit and not rest.endswith(("?", "!")):
                    return row
        for (pat, row), pieces in zip(self.patterns, self._pieces):
            if (pieces is None or all(p in k for p in pieces)) and pat.fullmatch(k):
                return row
        return None


def _required(pattern: str) -> tuple[str, ...] | None:
    """Pieces of text without white space that every string ``pattern`` matches holds, or
    None when the pattern is not one of `_SIMPLE_REGEX`.

    >>> _required(r"\\d+ comments?"), _required(r"image \\d+ of \\d+"), _required("(a|b)")
    (('comment',), ('image', 'of'), None)
    """
    if not _SIMPLE_REGEX.fullmatch(pattern):
        return None
    pieces: list[str] = []
    run = ""
    for atom, quantifier in _ATOM.findall(pattern) + [("\\d", "")]:  # the last one ends the last run
        if len(atom) == 1 and not quantifier:
            run += atom
        else:
            pieces += run.split()
            run = ""
    return tuple(pieces)


@lru_cache(maxsize=1)
def _shipped() -> Furniture:
    return Furniture(load(TABLE))
