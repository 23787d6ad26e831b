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
from itertools import compress, count

import regex

from cleaner.boilerplate.lines import DECORATION, TAIL_DECORATION, head, key, key_of_unified, unify, words
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
        # What a line that matches must have (see `candidates`): a head of a phrase, or decoration in
        # front, or for a regex row the head its matches start with or else the pieces of text it
        # requires. A line whose key is empty matches nothing.
        self._pieces = [_required(pat.pattern) for pat, _ in self.patterns]
        self._need = [_head_of_matches(pat.pattern) for pat, _ in self.patterns]
        self._regex_heads = frozenset(h for h in self._need if h)
        heads = [head(k) for k in self.exact] + [head(unify(r.phrase)) for r in self.leads]
        self._hits = (frozenset(heads) | self._regex_heads | DECORATION) - {""}
        # By head, the `line` rows' keys and the lead rows (longest first) a line with that head (not
        # decoration) can match.
        self._exact_by_head: dict[str, list[str]] = {}
        for k in self.exact:
            if k:
                self._exact_by_head.setdefault(head(k), []).append(k)
        self._leads_by_head: dict[str, list[tuple[str, int, Row]]] = {}
        for p, limit, r in [t for bucket in self._leads.values() for t in bucket]:
            self._leads_by_head.setdefault(head(p), []).append((p, limit, r))
        for bucket in self._leads_by_head.values():
            bucket.sort(key=lambda t: self.leads.index(t[2]))
        # Regex rows without a head are found by a scan for their rarest piece (most likely the longest).
        self._scan = [sorted(p, key=len, reverse=True) for p, h in zip(self._pieces, self._need) if p and not h]
        self._every_line = bool(self._any_lead) or any(not p and not h for p, h in zip(self._pieces, self._need))

    @classmethod
    def shipped(cls) -> "Furniture":
        return _shipped()

    @classmethod
    def from_path(cls, path: str) -> "Furniture":
        return cls(load_path(path))

    def candidates(self, heads: list[str], text: str) -> tuple[list[int], set[int]]:
        """The lines that may match a row (all lines that do, and few others, in order), and those
        among them that hold the pieces of a regex row without a head (see :meth:`match_line`).

        ``text`` is a folded text (:func:`~cleaner.boilerplate.lines.fold`) with "\\n" breaks only,
        ``heads`` its :func:`~cleaner.boilerplate.lines.heads`. A line matches a `line` or lead row only
        if its head is the phrase's or decoration, a regex row only if its head is the one the row's
        matches start with or decoration, or else if it holds the row's pieces. The caller deals with a
        table where every line may match (``every_line``).
        """
        hits = self._hits.intersection(heads)
        out = list(compress(count(), map(hits.__contains__, heads))) if hits else []
        pieced: set[int] = set()
        for first, *rest in self._scan:
            pieced.update(i for i, s, e in lines_with(text, first) if all(text.find(p, s, e) >= 0 for p in rest))
        if pieced:
            out = list(pieced.union(out))
            out.sort()
        return out, pieced

    @property
    def every_line(self) -> bool:
        """Whether any line may match a row (an empty lead phrase, or a regex row without head or pieces)."""
        return self._every_line

    def match_line(self, u: str, h: str, pieced: bool) -> Row | None:
        """:meth:`match_unified` of a line with head ``h`` (``head(u)``) that holds the pieces of no regex
        row without a head unless ``pieced``, tried only against the rows it can match."""
        if pieced or h in DECORATION or h in self._regex_heads or self._any_lead:
            return self.match_unified(u, h, pieced)
        # Without decoration in front, the key of ``u`` is ``u`` up to decoration at its end: it is a
        # `line` row's phrase that ``u`` starts with, and its head is the phrase's; so is a lead's.
        for k in self._exact_by_head.get(h, ()):
            if u.startswith(k) and not u[len(k):].lstrip(TAIL_DECORATION):
                return self.exact[k]
        for p, limit, row in self._leads_by_head.get(h, ()):
            if _leads(u, p, limit):
                return row
        return None

    def match(self, line: str) -> Row | None:
        """The row a whole line matches, or None."""
        return self.match_unified(unify(line))

    def match_unified(self, u: str, h: str | None = None, pieced: bool = True) -> Row | None:
        """:meth:`match` of the line whose :func:`unify` is ``u``. Regex rows that cannot match are not
        tried: where the head ``h`` of ``u`` is known, those whose matches start with another (unless ``h``
        is decoration), and unless ``pieced``, those without a head (``u`` lacks their pieces)."""
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
            if _leads(u, p, limit):
                return row
        for (pat, row), pieces, need in zip(self.patterns, self._pieces, self._need):
            if need is None and not pieced or need and h is not None and h != need and h not in DECORATION:
                continue
            if (pieces is None or all(p in k for p in pieces)) and pat.fullmatch(k):
                return row
        return None


def _leads(u: str, p: str, limit: int) -> bool:
    """Whether the unified line ``u`` is the lead phrase ``p`` followed by at most ``limit`` words
    (not a question or an exclamation)."""
    if u.startswith(p) and (len(u) == len(p) or not u[len(p)].isalnum() or p[-1] in ":"):
        rest = u[len(p):].strip(" :-|")
        return len(words(rest)) <= limit and not rest.endswith(("?", "!"))
    return False


def lines_with(text: str, piece: str, by_first: bool = False) -> list[tuple[int, int, int]]:
    """(index, start, end) of each line of ``text`` ("\\n" breaks only) that holds ``piece`` (no
    line break in it), in order, by a scan for the piece rather than a look at every line; with
    ``by_first``, a scan for its first character (fast where that is rare, as "(" in news text).

    >>> lines_with("a cat\\nno\\ncat cat\\n", "cat"), lines_with("(a) (c)\\n(c)", "(c)", by_first=True)
    ([(0, 0, 5), (2, 9, 16)], [(0, 0, 7), (1, 8, 11)])
    """
    out = []
    line, counted = 0, 0
    k = _find(text, piece, 0, by_first)
    while k >= 0:
        line += text.count("\n", counted, k)
        counted = k
        start = text.rfind("\n", 0, k) + 1
        end = text.find("\n", k)
        if end < 0:
            end = len(text)
        out.append((line, start, end))
        k = _find(text, piece, end, by_first)
    return out


def _find(text: str, piece: str, start: int, by_first: bool) -> int:
    if not by_first:
        return text.find(piece, start)
    k = text.find(piece[0], start)
    while k >= 0 and not text.startswith(piece, k):
        k = text.find(piece[0], k + 1)
    return k


def _head_of_matches(pattern: str) -> str | None:
    """The :func:`~cleaner.boilerplate.lines.head` of every string a regex row matches, where the
    pattern (one of `_SIMPLE_REGEX`) starts with alphanumeric characters that something not
    alphanumeric must follow (or nothing); else None.

    >>> _head_of_matches(r"image \\d+ of \\d+"), _head_of_matches(r"\\d+ comments?"), _head_of_matches("ab?c")
    ('image', None, None)
    """
    if not _SIMPLE_REGEX.fullmatch(pattern):
        return None
    word = ""
    for atom, quantifier in _ATOM.findall(pattern):
        if len(atom) == 1 and not quantifier and atom.isalnum():
            word += atom
            continue
        # The word ends here if every character this atom matches ends it, and the atom is not optional.
        ends = atom == "\\s" or len(atom) == 1 and not atom.isalnum()
        return word if word and ends and quantifier in ("", "+") else None
    return word or None


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
