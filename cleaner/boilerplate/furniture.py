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

from dataclasses import dataclass
from functools import lru_cache

import regex

from cleaner.boilerplate.lines import key, key_of_unified, unify, words
from cleaner.wordlists import Table, load, load_path

TABLE = "boilerplate_lines.tsv"
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

    @classmethod
    def shipped(cls) -> "Furniture":
        return _shipped()

    @classmethod
    def from_path(cls, path: str) -> "Furniture":
        return cls(load_path(path))

    def match(self, line: str, unified: str | None = None) -> Row | None:
        """The row a whole line matches, or None; ``unified`` is ``unify(line)`` if the caller has it."""
        u = unify(line) if unified is None else unified
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
        for pat, row in self.patterns:
            if pat.fullmatch(k):
                return row
        return None


@lru_cache(maxsize=1)
def _shipped() -> Furniture:
    return Furniture(load(TABLE))
