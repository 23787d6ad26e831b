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

from cleaner.boilerplate.lines import key, unify, words
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

    @classmethod
    def shipped(cls) -> "Furniture":
        return _shipped()

    @classmethod
    def from_path(cls, path: str) -> "Furniture":
        return cls(load_path(path))

    def match(self, line: str) -> Row | None:
        k = key(line)
        if not k:
            return None
        row = self.exact.get(k)
        if row is not None:
            return row
        u = unify(line)
        for row in self.leads:
            p = unify(row.phrase)
            if u.startswith(p) and (len(u) == len(p) or not u[len(p)].isalnum() or p[-1] in ":"):
                rest = u[len(p):].strip(" :-|")
                if len(words(rest)) <= LEAD_WORDS[row.match] and not rest.endswith(("?", "!")):
                    return row
        for pat, row in self.patterns:
            if pat.fullmatch(k):
                return row
        return None


@lru_cache(maxsize=1)
def _shipped() -> Furniture:
    return Furniture(load(TABLE))
