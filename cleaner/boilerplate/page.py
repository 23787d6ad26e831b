"""Page mode (stage option ``mode="page"``): the input is all the visible text of a web page.

The article is the stretch of the page with the most running text: each line of prose
scores its word count, every other line costs a little, and the best-scoring stretch
(the maximum-sum segment) is the body. Lines outside it are menus, teasers and footers;
inside it, runs of short link-like lines are link lists. Every finding here is ``unsafe``:
such input is never cleaned by default.

>>> from cleaner.boilerplate.furniture import Furniture
>>> from cleaner.boilerplate.rules import Doc
>>> page = "Home\\nNews\\nSport\\n" + "The council voted on Monday to close the old bridge for repairs.\\n" * 2 + "About us\\n"
>>> doc = Doc(page, Furniture.shipped())
>>> sorted(f.index for f in page_rules(doc, {}))
[0, 1, 2, 5]
"""

from __future__ import annotations

from cleaner.boilerplate.lines import ends_sentence, is_prose
from cleaner.boilerplate.spans import Finding

# What a line that is not prose costs the body it sits in (prose earns its word count); a
# line of text that is not a sentence (a list item, a tweet, a caption) earns a little.
LINE_COST = 6
TEXT_GAIN = 1
# This many short non-sentence lines in a row inside the body are a link list.
LINK_RUN = 3
LINK_WORDS = 10


def body_range(doc) -> tuple[int, int] | None:
    """(first, last) line index of the maximum-sum stretch, or None when there is no prose."""
    best, best_span = 0, None
    run, run_start = 0, None
    for i in doc.nonblank:
        gain = _gain(doc, i)
        if run <= 0:
            run, run_start = gain, i
        else:
            run += gain
        if run > best:
            best, best_span = run, (run_start, i)
    return best_span


def _gain(doc, i: int) -> int:
    t, n = doc.text(i), doc.words(i)
    if is_prose(t):
        return n
    if n >= 4 and any(c.islower() for c in t):
        return TEXT_GAIN
    return -LINE_COST


def page_rules(doc, findings) -> list[Finding]:
    span = body_range(doc)
    if span is None:
        return []
    first, last = span
    out = [Finding(i, "boilerplate.outside-body", "unsafe", 0.7,
                   "page mode: outside the stretch of running text that holds the article")
           for i in doc.nonblank if (i < first or i > last)]
    run: list[int] = []
    inside = [i for i in doc.nonblank if first <= i <= last] + [None]
    for i in inside:
        if i is not None and i not in findings and doc.words(i) <= LINK_WORDS \
                and not ends_sentence(doc.text(i)):
            run.append(i)
            continue
        if len(run) >= LINK_RUN:
            out += [Finding(j, "boilerplate.link-run", "unsafe", 0.6,
                            f"page mode: one of {len(run)} short link-like lines in a row") for j in run]
        run = []
    return out
