"""The line rules of the boilerplate stage. Each takes a :class:`Doc` and returns findings.

A rule only says which lines are junk and how sure it is; the stage resolves
lines claimed by several rules (the first rule in its list wins) and builds the
edits. Thresholds below were measured on ../shared/dev (see docs/boilerplate.md).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import cached_property
from itertools import accumulate, compress
from typing import Iterable

import regex

from cleaner.boilerplate.furniture import Furniture, lines_with
from cleaner.boilerplate.lines import (ODD_SPACES, ends_sentence, fold, heads, is_all_caps, may_be_all_caps,
                                      split_only, unify, word_count)
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
# In the string of the last characters of the folded nonblank lines: the lines that do not end in
# terminal punctuation between two that may end a sentence (stdlib `\s` is str.isspace).
_BETWEEN = re.compile(r"(?<=[.!?…\"')\]\s])[^.!?…](?=[.!?…\"')\]\s])")
_ODD_ASCII = "".join(c for c in ODD_SPACES if c.isascii())

# An ALL-CAPS line this long is a headline, not a subhead: the longest ALL-CAPS subhead among the
# 79 gold articles in ../shared/dev/clean has 7 words, and those are questions or labels.
CAPS_HEADLINE_WORDS = 8
# Repeating a line this long is not style but a scraper picking up a paragraph twice.
DUPLICATE_MIN_WORDS = 8


class Doc:
    """A document's lines and what the rules ask about them.

    Built on creation: the folded lines (each line through :func:`fold`: what :func:`unify`
    does, but for the whole text at once), the head of each and the nonblank lines.
    Everything else is computed on first use, and the rules first ask which lines can concern
    them at all (``candidates``, ``repeated``, ...), mostly by scans of the whole text: on
    most documents no rule fires, and per-line work was most of the stage's time.
    """

    def __init__(self, text: str, furniture: Furniture):
        self.source = text
        self.furniture = furniture
        if "\r" in text:
            self.lines = split_lines(text)
            text = "\n".join(self.lines) + "\n"  # a break after each line: "\r\n" is one empty line
        # Folding maps each character on its own and keeps line breaks (checked by the tests): the
        # lines of the folded text are the folded lines.
        self.folded_text = fold(text)
        self.folded = split_lines(self.folded_text)
        self.heads = heads(self.folded_text)
        # Folding keeps white space white and everything else not (checked by the tests): a line
        # is blank exactly where its folded head is "".
        self.nonblank = list(compress(range(len(self.folded)), self.heads))
        # Where every character folds to one (most texts) and line breaks are "\n", line i of the
        # text is where line i of the folded text is: read there without splitting the text.
        self._sliced = "lines" not in self.__dict__ and len(self.folded_text) == len(text)
        self._starts: list[int] | None = None
        self._words: dict[str, int] = {}
        self._line_words: dict[int, int] = {}
        self._unified: dict[str, str] = {}
        self._rows: dict[int, object] = {}
        self._prose: dict[int, bool] = {}
        self._candidates: list[int] | None = None
        self._matched: list[tuple[int, object]] | None = None
        self._pieced: set[int] | None = None
        self._copyright: list[int] | None = None

    @cached_property
    def lines(self) -> list[str]:
        return split_lines(self.source)

    @cached_property
    def line_spans(self) -> Lines:
        """The lines with their offsets (for the edits)."""
        return Lines(self.source, self.lines)

    @property
    def starts(self) -> list[int]:
        """Where each line starts in the text."""
        if self._starts is None:
            if not self.folded:
                self._starts = []
            elif self._sliced:
                self._starts = list(accumulate(map((1).__add__, map(len, self.folded[:-1])), initial=0))
            else:
                self._starts = [l.start for l in self.line_spans]
        return self._starts

    def text(self, i: int) -> str:
        if not self._sliced:
            return self.lines[i]
        s = (self._starts or self.starts)[i]
        return self.source[s:s + len(self.folded[i])]

    def words_in(self, lines: Iterable[int]) -> int:
        """``sum(self.words(i) for i in lines)``, in one count."""
        lines = sorted(lines)
        if not self._sliced or not lines:
            return word_count("\n".join([self.text(i) for i in lines]))
        # Runs of lines with only blank lines between them (which hold no words) are read as one
        # piece of the text: a deleted tail is one piece.
        nb, starts, folded, source = self.nonblank, self.starts, self.folded, self.source
        pieces = []
        k, n = bisect_left(nb, lines[0]), len(lines)
        j = 0
        while j < n:
            first = lines[j]
            k = bisect_left(nb, first, k)
            while j + 1 < n and k + 1 < len(nb) and nb[k] == lines[j] and nb[k + 1] == lines[j + 1]:
                j += 1
                k += 1
            last = lines[j]
            pieces.append(source[starts[first]:starts[last] + len(folded[last])])
            j += 1
        return word_count("\n".join(pieces))

    def words(self, i: int) -> int:
        n = self._line_words.get(i)
        if n is None:
            # Keyed by the text too: pages repeat their menus and teasers.
            t = self.text(i)
            n = self._words.get(t)
            if n is None:
                n = self._words[t] = word_count(t)
            self._line_words[i] = n
        return n

    @cached_property
    def total_words(self) -> int:
        # Words never span a line break: the text's count is the sum of its lines'.
        return word_count(self.source) or 1

    def position(self, i: int) -> float:
        """Share of the document's words before line ``i`` (where in the article it sits)."""
        start = self.starts[i]
        before = word_count(self.source[:start])
        if "total_words" not in self.__dict__:  # not yet counted: count the rest, not the whole text again
            self.__dict__["total_words"] = before + word_count(self.source[start:]) or 1
        return before / self.total_words

    def unified(self, i: int) -> str:
        """``unify(self.text(i))``, from the folded line (folding and collapsing white space commute,
        checked by the tests) unless it holds white space that unify treats apart."""
        f = self.folded[i]
        # Keyed by the folded line (which is all unify depends on, its slow path too): repeated lines
        # are unified once.
        u = self._unified.get(f)
        if u is None:
            u = " ".join(f.split()) if f.isprintable() or not split_only(f) else unify(self.text(i))
            self._unified[f] = u
        return u

    def row(self, i: int):
        """The furniture table row line ``i`` matches, or None."""
        row = self._rows.get(i, self)
        if row is self:
            if self._candidates is None:
                self.candidates  # sets `_pieced`
            pieced = self._pieced is None or i in self._pieced
            row = self._rows[i] = self.furniture.match_line(self.unified(i), self.heads[i], pieced)
        return row

    @property
    def rows(self) -> list[tuple[int, object]]:
        """The lines that match a furniture row, with the row, in order."""
        if self._matched is None:
            # `row` inlined: a document has a few candidates, but this runs for every document.
            lines = self.candidates
            pieced, heads, known, match = self._pieced, self.heads, self._rows, self.furniture.match_line
            out = []
            for i in lines:
                row = known.get(i, self)
                if row is self:
                    row = known[i] = match(self.unified(i), heads[i], pieced is None or i in pieced)
                if row is not None:
                    out.append((i, row))
            self._matched = out
        return self._matched

    @property
    def candidates(self) -> list[int]:
        """The lines that may match a furniture row (all that do, in order)."""
        if self._candidates is None:
            if self.furniture.every_line:
                self._candidates = self.nonblank
            else:
                self._candidates, self._pieced = self.furniture.candidates(self.heads, self.folded_text)
        return self._candidates

    def repeated(self, min_words: int) -> list[int]:
        """The lines that may hold ``min_words`` words or more and whose unified text may be another
        such line's (all that are, in order)."""
        folded, hd, nb = self.folded, self.heads, self.nonblank
        # n words take 2n - 1 characters, n of them not white space (folding never makes fewer).
        chars = 2 * min_words - 1
        # Lines with the same unified text have the same words between white space (``unified(i).split()``
        # is ``folded[i].split()``): the same head and last word. That is asked first, as it needs no
        # look at a whole line; the characters that are not white space are counted only on the few
        # lines that share both.
        ends = [(hd[i], l.rsplit(None, 1)[-1]) for i in nb if len(l := folded[i]) >= chars]
        if len(set(ends)) == len(ends):
            return []
        shared = Counter(ends)
        f = self.folded_text
        white = [" ", *(c for c in (ODD_SPACES if not f.isascii() else _ODD_ASCII) if c in f)]
        long = [i for i in nb if len(folded[i]) >= chars]
        keys = {}
        for i, e in compress(zip(long, ends), map((1).__lt__, map(shared.__getitem__, ends))):
            if (n := len(l := folded[i]) - sum(map(l.count, white))) >= min_words:
                keys[i] = (e, n)
        counts = Counter(keys.values())
        return [i for i, k in keys.items() if counts[k] > 1]

    @property
    def copyright_lines(self) -> list[int]:
        """The lines whose folded text holds one of `_COPYRIGHT_FOLDED` (all that can match `_COPYRIGHT`)."""
        if self._copyright is None:
            f = self.folded_text
            # "(" is rare in news text, "(c)" rarer: found by a search for the bracket.
            found = [i for p in _COPYRIGHT_FOLDED for i, _, _ in lines_with(f, p, by_first=p == "(c)")]
            self._copyright = sorted(set(found)) if found else []
        return self._copyright

    @property
    def may_have_copyright(self) -> bool:
        """False when no line can match `_COPYRIGHT`."""
        return bool(self.copyright_lines)

    def prose(self, i: int) -> bool:
        """``is_prose(self.text(i))``, with the word count already known."""
        p = self._prose.get(i)
        if p is None:
            t = self.text(i)
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
    for i, row in doc.rows:
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
    nb = doc.nonblank
    for i in doc.copyright_lines:  # only they can match
        if _COPYRIGHT.match(doc.text(i)):
            if doc.position(i) < 0.5:
                return []
            return [Finding(j, "boilerplate.after-end", "safe", 0.9,
                            "after the article's copyright notice (reader comment or site footer)")
                    for j in nb[bisect_right(nb, i):]]
    return []


def comment_section(doc: Doc) -> list[Finding]:
    """Lines after a comment-section header ("Leave a Reply", "12 Comments") in the second half."""
    for i, row in doc.rows:
        if row.kind == "comments" and doc.position(i) >= 0.5:
            nb = doc.nonblank
            return [Finding(j, "boilerplate.reader-comment", "unsafe", 0.7,
                            f"after the comment-section header '{doc.text(i).strip()}'")
                    for j in nb[bisect_right(nb, i):]]
    return []


def duplicate_paragraphs(doc: Doc) -> list[Finding]:
    """A long line that repeats an earlier one (up to quote style, dashes, case and spacing)."""
    seen: dict[str, int] = {}
    out = []
    # Most documents have no two long lines alike; of those that may be alike, only lines whose
    # unified text is another's can repeat or be repeated.
    lines = doc.repeated(DUPLICATE_MIN_WORDS)
    if not lines:
        return []
    texts = [doc.unified(i) for i in lines]
    shared = Counter(texts)
    for i, u in zip(lines, texts):
        if shared[u] < 2 or doc.words(i) < DUPLICATE_MIN_WORDS:
            continue
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
    folded = doc.folded
    for i in _between_sentence_ends(doc):
        if len(folded[i]) < 2 * CAPS_HEADLINE_WORDS - 1:  # n words take 2n - 1 characters
            continue
        t = doc.text(i).strip()
        # Title-case lines between paragraphs were tried too (as unsafe): on the 7 extractors'
        # output 22 of 27 such lines were real subheads, so only ALL-CAPS ones are taken.
        if ends_sentence(t) or t.endswith((":", ";", ",")) or not may_be_all_caps(t) or not is_all_caps(t):
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
    return [nb[m.start()] for m in _BETWEEN.finditer("".join([folded[i][-1] for i in nb]))]
