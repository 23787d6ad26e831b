"""Edits are the data: every change `cleaner` makes is an :class:`Edit`.

An edit replaces ``original[start:end]`` (which must equal ``before``) by
``after``. The cleaned text of a document is ``apply(original, edits)`` for the
accepted edits; reports, diffs, ``check``, ``review`` and ``apply`` are all
views of the same list.

>>> e = Edit(0, 5, "Chilly", "Cold", "spin.fingerprint", "safe", 0.99, "spun phrase")
>>> apply("Chilly Battle", [Edit(0, 6, "Chilly", "Cold", "spin.fingerprint"),
...                         Edit(7, 13, "Battle", "War", "spin.fingerprint")])
'Cold War'
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Iterable, Literal, Sequence

Safety = Literal["safe", "unsafe"]
SAFETIES: tuple[str, ...] = ("safe", "unsafe")


@dataclass(frozen=True, slots=True)
class Edit:
    """One explained replacement of ``original[start:end]`` by ``after``."""

    start: int
    end: int
    before: str
    after: str
    rule: str
    safety: Safety = "safe"
    confidence: float = 1.0
    reason: str = ""

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad span {self.start}:{self.end}")
        if self.safety not in SAFETIES:
            raise ValueError(f"bad safety {self.safety!r}")
        if self.before == self.after:
            raise ValueError(f"edit changes nothing: {self!r}")

    @property
    def stage(self) -> str:
        """The stage that proposed the edit: the rule id's first part."""
        return self.rule.split(".", 1)[0]

    def shifted(self, offset: int) -> "Edit":
        return Edit(self.start + offset, self.end + offset, self.before, self.after,
                    self.rule, self.safety, self.confidence, self.reason)

    def trimmed(self) -> "Edit":
        """The same change with the common prefix and suffix of before/after left out.

        >>> e = Edit(0, 4, "\\n\\n\\n\\n", "\\n\\n", "w").trimmed()
        >>> (e.start, e.end, e.before, e.after)
        (2, 4, '\\n\\n', '')
        """
        b, a = self.before, self.after
        p = 0
        while p < len(b) and p < len(a) and b[p] == a[p]:
            p += 1
        q = 0
        while q < len(b) - p and q < len(a) - p and b[-1 - q] == a[-1 - q]:
            q += 1
        return Edit(self.start + p, self.end - q, b[p:len(b) - q], a[p:len(a) - q], self.rule,
                    self.safety, self.confidence, self.reason)

    def change_id(self, doc_id: str) -> str:
        """A stable id: same document, rule, span and text give the same id on a re-run.

        >>> Edit(0, 1, "a", "b", "x.y").change_id("doc") == Edit(0, 1, "a", "b", "x.y").change_id("doc")
        True
        """
        key = "\x1f".join((doc_id, self.rule, str(self.start), str(self.end), self.before, self.after))
        return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()

    def to_dict(self, doc_id: str | None = None) -> dict:
        d = asdict(self)
        if doc_id is not None:
            d = {"doc": doc_id, "id": self.change_id(doc_id), **d}
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Edit":
        return cls(int(d["start"]), int(d["end"]), d["before"], d["after"], d["rule"],
                   d.get("safety", "safe"), float(d.get("confidence", 1.0)), d.get("reason", ""))


class EditConflict(ValueError):
    """Raised when edits overlap or do not match the text they claim to replace."""


def sort_edits(edits: Iterable[Edit]) -> list[Edit]:
    return sorted(edits, key=lambda e: (e.start, e.end))


def check_edits(original: str, edits: Sequence[Edit]) -> list[Edit]:
    """Return ``edits`` sorted, raising :class:`EditConflict` on overlap or a stale ``before``."""
    ordered = sort_edits(edits)
    pos, last_insertion = 0, -1
    for e in ordered:
        # Two insertions at one point would have no defined order.
        if e.start < pos or (e.start == e.end == last_insertion):
            raise EditConflict(f"overlapping edit at {e.start}: {e.rule}")
        if e.end > len(original) or original[e.start:e.end] != e.before:
            raise EditConflict(f"edit {e.rule} at {e.start}:{e.end} does not match the text")
        pos = e.end
        if e.start == e.end:
            last_insertion = e.start
    return ordered


def apply(original: str, edits: Iterable[Edit]) -> str:
    """Rebuild the text from ``original`` and any non-overlapping subset of its edits.

    >>> apply("a  b", [Edit(1, 3, "  ", " ", "whitespace.space-run")])
    'a b'
    >>> apply("abc", [])
    'abc'
    """
    parts: list[str] = []
    pos = 0
    for e in check_edits(original, list(edits)):
        parts.append(original[pos:e.start])
        parts.append(e.after)
        pos = e.end
    parts.append(original[pos:])
    return "".join(parts)


@dataclass(frozen=True)
class Projection:
    """The text after some edits, with a map back to the original's offsets.

    Later stages work on the projected text; their edits are mapped back with
    :meth:`to_original` so that every edit in a result is a span of the original.
    """

    original: str
    text: str
    # (projected_start, original_start, length) of every verbatim-copied run, in order.
    _runs: tuple[tuple[int, int, int], ...] = field(repr=False)
    # The edits the projection applied, sorted.
    _edits: tuple[Edit, ...] = field(default=(), repr=False)

    @classmethod
    def build(cls, original: str, edits: Sequence[Edit]) -> "Projection":
        parts: list[str] = []
        runs: list[tuple[int, int, int]] = []
        pos = proj = 0
        ordered = check_edits(original, edits)
        for e in ordered:
            if e.start > pos:
                runs.append((proj, pos, e.start - pos))
                parts.append(original[pos:e.start])
                proj += e.start - pos
            parts.append(e.after)
            proj += len(e.after)
            pos = e.end
        if pos < len(original):
            runs.append((proj, pos, len(original) - pos))
            parts.append(original[pos:])
        return cls(original, "".join(parts), tuple(runs), tuple(ordered))

    def to_original(self, edit: Edit) -> Edit | None:
        """Map an edit of the projected text to the original, or None if it touches replaced text.

        An edit inside one verbatim run maps by offset (an insertion at a run's
        edge maps to that edge). Anything that would rewrite another stage's
        output is dropped: its attribution would be ambiguous.
        """
        if not self._runs:
            return edit if not self.original else None
        i = bisect.bisect_right(self._starts, edit.start) - 1
        if i < 0:
            return None
        pstart, ostart, length = self._runs[i]
        if edit.end <= pstart + length:
            return edit.shifted(ostart - pstart)
        return None

    def absorb(self, edit: Edit) -> tuple[Edit, list[Edit]] | None:
        r"""Map a deletion that covers earlier edits whole, and name the edits it replaces.

        Deleting a junk line supersedes an earlier stage's fix inside that line
        (an entity unescaped, trailing spaces trimmed): the deletion then spans the
        original line and the earlier edits are dropped. Deletions that cut into
        another edit's output, and replacements, are not absorbed.

        >>> original = "keep\nAT&amp;T junk\nkeep\n"
        >>> proj = Projection.build(original, [Edit(5, 13, "AT&amp;T", "AT&T", "encoding.html-entity")])
        >>> new, gone = proj.absorb(Edit(5, 15, "AT&T junk\n", "", "boilerplate.x"))
        >>> (new.before, [g.rule for g in gone])
        ('AT&amp;T junk\n', ['encoding.html-entity'])
        """
        if edit.after or edit.start == edit.end:
            return None
        start = self._original_offset(edit.start, past_deletions=True)
        end = self._original_offset(edit.end, past_deletions=False)
        if start is None or end is None or end <= start:
            return None
        inside = [x for x in self._edits if start <= x.start and x.end <= end]
        if any(x.start < end and start < x.end and x not in inside for x in self._edits):
            return None
        reason = edit.reason + (f" (replaces {len(inside)} earlier edit(s) inside it)" if inside else "")
        return Edit(start, end, self.original[start:end], "", edit.rule, edit.safety, edit.confidence,
                    reason), inside

    def _original_offset(self, p: int, past_deletions: bool) -> int | None:
        """The original offset of projected offset ``p``; None if ``p`` is inside an edit's output."""
        proj = pos = 0
        for x in self._edits:
            gap = x.start - pos
            if proj <= p < proj + gap:
                return pos + (p - proj)
            proj += gap
            if p == proj and not (past_deletions and not x.after):
                return x.start
            if proj < p < proj + len(x.after):
                return None
            proj += len(x.after)
            pos = x.end
            if p == proj and x.after:
                return x.end
        if proj <= p <= proj + len(self.original) - pos:
            return pos + (p - proj)
        return None

    @property
    def _starts(self) -> list[int]:
        starts = self.__dict__.get("_starts_cache")
        if starts is None:
            starts = [r[0] for r in self._runs]
            object.__setattr__(self, "_starts_cache", starts)
        return starts
