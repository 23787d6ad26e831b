"""The line rules of the boilerplate stage. Each takes a :class:`Doc` and returns findings.

A rule only says which lines are junk and how sure it is; the stage resolves
lines claimed by several rules (the first rule in its list wins) and builds the
edits. Thresholds below were measured on ../shared/dev (see docs/boilerplate.md).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from functools import cached_property
from typing import Iterable

import regex

from cleaner.boilerplate.furniture import Furniture
from cleaner.boilerplate.lines import (ODD_SPACES, ends_sentence, fold, heads, is_all_caps, split_only, unify,
                                      word_count)
from cleaner.boilerplate.spans import Finding
from cleaner.text import Lines, split_lines

# A copyright notice with a year ends an article: "(c) 2022, The Washington Post", "Copyright 2019 X.".
_COPYRIGHT = regex.compile(r"^\W*(?:\(c\)|©|copyright)\W*(?:©\s*)?(?:19|20)\d\d\b", regex.I)
# What folded text holds wherever `_COPYRIGHT` matches: under regex.I these characters match only
# themselves and their ASCII other case, but for "i" ("İ" folds to "i̇"), hence "copyr".
_COPYRIGHT_FOLDED = ("©", "(c)", "copyr")
# A site's name in braces glued to a line: "... Loveday Morris {Matzav.com}".
SOURCE_TAG = regex.compile(r"[ \t]*\{[\p{L}\p{N}.\-]+\.(?:com|net|org|info|news|co|us|uk|io|tv)\}[ \t]*$", regex.I)
# The last character of a line that ends a sentence, folded (checked by the tests): terminal
# punctuation, a closing quote or bracket, or white space.
_MAY_END = frozenset(".!?…\"')] " + ODD_SPACES)
_ODD_ASCII = "".join(c for c in ODD_SPACES if c.isascii())

# An ALL-CAPS line this long is a headline, not a subhead: the longest ALL-CAPS subhead among the
# 79 gold articles in ../shared/dev/clean has 7 words, and those are questions or labels.
CAPS_HEADLINE_WORDS = 8
# Repeating a line this long is not style but a scraper picking up a paragraph twice.
DUPLICATE_MIN_WORDS = 8


class Doc:
    """A document's lines and what the rules ask about them.

    Everything per line is computed on first use, and the rules first ask which lines can
    concern them at all (``candidates``, ``repeated``, ...): on most documents no rule fires,
    and per-line work was most of the stage's time. ``folded`` is each line through
    :func:`fold` (what :func:`unify` does, but for the whole text at once).
    """

    def __init__(self, text: str, furniture: Furniture):
        self.source = text
        self.furniture = furniture
        self.folded_text = fold(text)
        self.folded = split_lines(self.folded_text)
        # Folding keeps white space white and everything else not (checked by the tests).
        self.nonblank = [i for i, s in enumerate(self.folded) if s and not s.isspace()]
        self._words: dict[str, int] = {}
        self._unified: dict[int, str] = {}
        self._rows: dict[int, object] = {}
        self._prose: dict[int, bool] = {}

    @cached_property
    def lines(self) -> list[str]:
        return split_lines(self.source)

    @cached_property
    def line_spans(self) -> Lines:
        """The lines with their offsets (for the edits)."""
        return Lines(self.source, self.lines)

    def text(self, i: int) -> str:
        return self.lines[i]

    def words_in(self, lines: Iterable[int]) -> int:
        """``sum(self.words(i) for i in lines)``, in one count."""
        return word_count("\n".join([self.lines[i] for i in lines]))

    def words(self, i: int) -> int:
        # Keyed by the text: pages repeat their menus and teasers.
        t = self.lines[i]
        n = self._words.get(t)
        if n is None:
            n = self._words[t] = word_count(t)
        return n

    @cached_property
    def total_words(self) -> int:
        # Words never span a line break: the text's count is the sum of its lines'.
        return word_count(self.source) or 1

    def position(self, i: int) -> float:
        """Share of the document's words before line ``i`` (where in the article it sits)."""
        start = self.line_spans[i].start
        before = word_count(self.source[:start])
        if "total_words" not in self.__dict__:  # not yet counted: count the rest, not the whole text again
            self.__dict__["total_words"] = before + word_count(self.source[start:]) or 1
        return before / self.total_words

    def unified(self, i: int) -> str:
        """``unify(self.text(i))``, from the folded line (folding and collapsing white space commute,
        checked by the tests) unless it holds white space that unify treats apart."""
        u = self._unified.get(i)
        if u is None:
            f = self.folded[i]
            u = " ".join(f.split()) if f.isprintable() or not split_only(f) else unify(self.lines[i])
            self._unified[i] = u
        return u

    def row(self, i: int):
        """The furniture table row line ``i`` matches, or None."""
        if i not in self._rows:
            self._rows[i] = self.furniture.match_unified(self.unified(i))
        return self._rows[i]

    @cached_property
    def _folded_n(self) -> str:
        """The folded text with "\\n" for every line break."""
        f = self.folded_text
        return f if "\r" not in f else "\n".join(self.folded)

    @cached_property
    def candidates(self) -> list[int]:
        """The lines that may match a furniture row (all that do, in order)."""
        return self.furniture.candidates(self.folded, heads(self._folded_n), self.nonblank, self.folded_text)

    def repeated(self, min_chars: int) -> list[int]:
        """The lines of ``min_chars`` characters or more whose unified text may be another such
        line's (all that are, in order)."""
        # Only lines of at least `min_chars` characters (folding never shortens a line).
        folded = self.folded
        long = [i for i in self.nonblank if len(folded[i]) >= min_chars]
        # Equal unified lines are equal without their white space, and equal once stripped where
        # it is only single spaces (most texts).
        f = self.folded_text
        if "  " in f or any(c in f for c in (ODD_SPACES if not f.isascii() else _ODD_ASCII)):
            sigs = ["".join(folded[i].split()) for i in long]
        else:
            sigs = [folded[i].strip() for i in long]
        if len(set(sigs)) == len(sigs):
            return []
        counts = Counter(sigs)
        return [i for i, s in zip(long, sigs) if counts[s] > 1]

    def first_line_with(self, pieces: tuple[str, ...]) -> int | None:
        """The first line whose folded text holds one of ``pieces`` (none holds a line break)."""
        f = self._folded_n
        found = [k for k in map(f.find, pieces) if k >= 0]
        return f.count("\n", 0, min(found)) if found else None

    @cached_property
    def may_have_copyright(self) -> bool:
        """False when no line can match `_COPYRIGHT`."""
        return self.first_line_with(_COPYRIGHT_FOLDED) is not None

    def prose(self, i: int) -> bool:
        """``is_prose(self.text(i))``, with the word count already known."""
        p = self._prose.get(i)
        if p is None:
            t = self.lines[i]
            p = self._prose[i] = (ends_sentence(t) and self.words(i) >= 8
                                  and any(c.islower() for c in t))
        return p

    def neighbours(self, i: int) -> tuple[int | None, int | None]:
        k = bisect_left(self.nonblank, i)
        before = self.nonblank[k - 1] if k > 0 else None
        after = self.nonblank[k + 1] if k + 1 < len(self.nonblank) else None
        return before, after

    def between_prose(self, i: int) -> bool:
        a, b = self.neighbours(i)
        return a is not None and b is not None and self.prose(a) and self.prose(b)


def furniture_lines(doc: Doc) -> list[Finding]:
    out = []
    for i in doc.candidates:
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
    first = doc.first_line_with(_COPYRIGHT_FOLDED)
    if first is None:
        return []
    for i in doc.nonblank[bisect_left(doc.nonblank, first):]:
        if _COPYRIGHT.match(doc.text(i)):
            if doc.position(i) < 0.5:
                return []
            tail = [j for j in doc.nonblank if j > i]
            return [Finding(j, "boilerplate.after-end", "safe", 0.9,
                            "after the article's copyright notice (reader comment or site footer)") for j in tail]
    return []


def comment_section(doc: Doc) -> list[Finding]:
    """Lines after a comment-section header ("Leave a Reply", "12 Comments") in the second half."""
    for i in doc.candidates:  # only they have a row
        row = doc.row(i)
        if row is not None and row.kind == "comments" and doc.position(i) >= 0.5:
            return [Finding(j, "boilerplate.reader-comment", "unsafe", 0.7,
                            f"after the comment-section header '{doc.text(i).strip()}'")
                    for j in doc.nonblank if j > i]
    return []


def duplicate_paragraphs(doc: Doc) -> list[Finding]:
    """A long line that repeats an earlier one (up to quote style, dashes, case and spacing)."""
    seen: dict[str, int] = {}
    out = []
    # n words take at least 2n - 1 characters: most repeated lines are short menu items. The
    # other lines have a unified text of their own.
    for i in doc.repeated(2 * DUPLICATE_MIN_WORDS - 1):
        if doc.words(i) < DUPLICATE_MIN_WORDS:
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
    for i in _between_sentence_ends(doc):
        t = doc.text(i).strip()
        # Title-case lines between paragraphs were tried too (as unsafe): on the 7 extractors'
        # output 22 of 27 such lines were real subheads, so only ALL-CAPS ones are taken.
        if ends_sentence(t) or t.endswith((":", ";", ",")) or not is_all_caps(t):
            continue
        n = doc.words(i)
        if n >= CAPS_HEADLINE_WORDS and not (doc.may_have_copyright and _COPYRIGHT.match(t)) \
                and doc.between_prose(i):
            out.append(Finding(i, "boilerplate.related-headline", "safe", 0.9,
                               f"ALL-CAPS headline of {n} words between paragraphs (real subheads are shorter)"))
    return out


def _between_sentence_ends(doc: Doc) -> list[int]:
    """The lines that do not end a sentence between two lines that may: all that
    :func:`related_headlines` can take (it wants prose on either side), read from last characters."""
    nb, folded = doc.nonblank, doc.folded
    last = [folded[i][-1] for i in nb]
    may_end = [c in _MAY_END for c in last]
    # A folded line ending in one of these ends a sentence (checked by the tests).
    return [i for i, c, a, b in zip(nb[1:], last[1:], may_end, may_end[2:]) if a and b and c not in ".!?…"]
