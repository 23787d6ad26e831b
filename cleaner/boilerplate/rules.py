"""The line rules of the boilerplate stage. Each takes a :class:`Doc` and returns findings.

A rule only says which lines are junk and how sure it is; the stage resolves
lines claimed by several rules (the first rule in its list wins) and builds the
edits. Thresholds below were measured on ../shared/dev (see docs/boilerplate.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import regex

from cleaner.boilerplate.furniture import Furniture
from cleaner.boilerplate.lines import ends_sentence, is_all_caps, unify, word_count
from cleaner.boilerplate.spans import Finding
from cleaner.text import Line

# A copyright notice with a year ends an article: "(c) 2022, The Washington Post", "Copyright 2019 X.".
_COPYRIGHT = regex.compile(r"^\W*(?:\(c\)|©|copyright)\W*(?:©\s*)?(?:19|20)\d\d\b", regex.I)
# A site's name in braces glued to a line: "... Loveday Morris {Matzav.com}".
SOURCE_TAG = regex.compile(r"[ \t]*\{[\p{L}\p{N}.\-]+\.(?:com|net|org|info|news|co|us|uk|io|tv)\}[ \t]*$", regex.I)

# An ALL-CAPS line this long is a headline, not a subhead: the longest ALL-CAPS subhead among the
# 79 gold articles in ../shared/dev/clean has 7 words, and those are questions or labels.
CAPS_HEADLINE_WORDS = 8
# Repeating a line this long is not style but a scraper picking up a paragraph twice.
DUPLICATE_MIN_WORDS = 8


@dataclass
class Doc:
    lines: list[Line]
    furniture: Furniture
    batch: Mapping | None = None
    nonblank: list[int] = field(init=False)
    # Share of the document's words before each line (where in the article a line sits).
    position: dict[int, float] = field(init=False)

    def __post_init__(self) -> None:
        self.nonblank = [l.index for l in self.lines if l.text and not l.blank]
        counts = {i: word_count(self.lines[i].text) for i in self.nonblank}
        total = sum(counts.values()) or 1
        acc, self.position = 0, {}
        for i in self.nonblank:
            self.position[i] = acc / total
            acc += counts[i]
        self.word_counts = counts
        self.total_words = total
        self._rank = {i: k for k, i in enumerate(self.nonblank)}
        # Several rules look at the same line: its unified form and table row are computed once.
        self._unified: dict[int, str] = {}
        self._rows: dict[int, object] = {}
        self._prose: dict[int, bool] = {}

    def text(self, i: int) -> str:
        return self.lines[i].text

    def unified(self, i: int) -> str:
        u = self._unified.get(i)
        if u is None:
            u = self._unified[i] = unify(self.lines[i].text)
        return u

    def row(self, i: int):
        """The furniture table row line ``i`` matches, or None."""
        if i not in self._rows:
            self._rows[i] = self.furniture.match(self.lines[i].text, self.unified(i))
        return self._rows[i]

    def prose(self, i: int) -> bool:
        """``is_prose(self.text(i))``, with the word count already known."""
        p = self._prose.get(i)
        if p is None:
            t = self.lines[i].text
            p = self._prose[i] = (self.word_counts[i] >= 8 and any(c.islower() for c in t)
                                  and ends_sentence(t))
        return p

    def neighbours(self, i: int) -> tuple[int | None, int | None]:
        k = self._rank[i]
        before = self.nonblank[k - 1] if k > 0 else None
        after = self.nonblank[k + 1] if k + 1 < len(self.nonblank) else None
        return before, after

    def between_prose(self, i: int) -> bool:
        a, b = self.neighbours(i)
        return a is not None and b is not None and self.prose(a) and self.prose(b)


def furniture_lines(doc: Doc) -> list[Finding]:
    out = []
    for i in doc.nonblank:
        row = doc.row(i)
        if row is None:
            continue
        conf = 0.95 if row.safety == "safe" else 0.6
        out.append(Finding(i, "boilerplate.furniture-line", row.safety, conf,
                           f"site furniture ({row.kind}): whole line matches '{row.phrase}' in boilerplate_lines.tsv"))
    return out


def after_end(doc: Doc) -> list[Finding]:
    """Lines after the article's copyright notice (reader comments, footer): the article is over.

    Only the document's first notice counts, and only in its second half: were a
    later notice allowed, deleting the tail after it would push an earlier notice
    past the half-way mark and the next run would eat real paragraphs.
    """
    for i in doc.nonblank:
        if _COPYRIGHT.match(doc.text(i)):
            if doc.position[i] < 0.5:
                return []
            tail = [j for j in doc.nonblank if j > i]
            return [Finding(j, "boilerplate.after-end", "safe", 0.9,
                            "after the article's copyright notice (reader comment or site footer)") for j in tail]
    return []


def comment_section(doc: Doc) -> list[Finding]:
    """Lines after a comment-section header ("Leave a Reply", "12 Comments") in the second half."""
    for i in doc.nonblank:
        if doc.position[i] < 0.5:
            continue
        row = doc.row(i)
        if row is not None and row.kind == "comments":
            return [Finding(j, "boilerplate.reader-comment", "unsafe", 0.7,
                            f"after the comment-section header '{doc.text(i).strip()}'")
                    for j in doc.nonblank if j > i]
    return []


def duplicate_paragraphs(doc: Doc) -> list[Finding]:
    """A long line that repeats an earlier one (up to quote style, dashes, case and spacing)."""
    seen: dict[str, int] = {}
    out = []
    for i in doc.nonblank:
        if doc.word_counts[i] < DUPLICATE_MIN_WORDS:
            continue
        u = doc.unified(i)
        if u in seen:
            first = seen[u]
            how = "verbatim" if doc.text(first).strip() == doc.text(i).strip() else "up to quote style or case"
            out.append(Finding(i, "boilerplate.duplicate-paragraph", "safe", 0.95,
                               f"repeats line {first + 1} {how}"))
        else:
            seen[u] = i
    return out


def related_headlines(doc: Doc) -> list[Finding]:
    """A headline-shaped line dropped between two paragraphs of prose: a link to another story."""
    out = []
    for i in doc.nonblank:
        t = doc.text(i).strip()
        n = doc.word_counts[i]
        if n < 5 or ends_sentence(t) or t.endswith((":", ";", ",")) or _COPYRIGHT.match(t) \
                or not doc.between_prose(i):
            continue
        # Title-case lines between paragraphs were tried too (as unsafe): on the 7 extractors'
        # output 22 of 27 such lines were real subheads, so they are left alone.
        if is_all_caps(t) and n >= CAPS_HEADLINE_WORDS and not t.endswith("?"):
            out.append(Finding(i, "boilerplate.related-headline", "safe", 0.9,
                               f"ALL-CAPS headline of {n} words between paragraphs (real subheads are shorter)"))
    return out
