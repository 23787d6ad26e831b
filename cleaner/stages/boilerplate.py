"""Boilerplate: scraper junk in plain-text articles, removed a whole line at a time.

Rules (each its own id; see docs/boilerplate.md):

* ``boilerplate.furniture-line``: a whole line from the closed table wordlists/boilerplate_lines.tsv;
* ``boilerplate.source-tag``: a site tag glued to a line end (``{Matzav.com}``), the line is kept;
* ``boilerplate.duplicate-paragraph``: the second copy of a long paragraph (quotes/case aside);
* ``boilerplate.related-headline``: a headline dropped between two paragraphs of prose;
* ``boilerplate.after-end``: lines after the article's copyright notice (reader comments, footers);
* ``boilerplate.reader-comment``: lines after a comment-section header (unsafe);
* ``boilerplate.batch-repeated``: a line found in many files of the batch (batch mode only);
* ``boilerplate.outside-body`` and ``boilerplate.link-run``: page mode only (whole-page text), unsafe.

A document guard: when the safe deletions would remove more than ``guard_share`` of a
document's words, they are all downgraded to ``unsafe`` (shown, not applied) and the
score ``boilerplate.guarded`` is set.

>>> from cleaner import clean_text
>>> from cleaner.config import Config
>>> cfg = Config(stages=("whitespace", "boilerplate"))
>>> t = ("The minister said on Monday that the talks would go on next week.\\n\\n"
...      "Leave a Reply\\n\\nBack to top button\\n")
>>> clean_text(t, cfg).text
'The minister said on Monday that the talks would go on next week.\\n'
"""

from __future__ import annotations

import os
from collections import Counter
from functools import lru_cache
from typing import Any, Iterable

from cleaner.boilerplate import page, rules
from cleaner.boilerplate.furniture import Furniture
from cleaner.boilerplate.lines import is_prose, unify
from cleaner.boilerplate.spans import Finding, deletion_edits
from cleaner.config import Config
from cleaner.edits import Edit
from cleaner.stages import Stage, StageContext, StageOutput
from cleaner.text import iter_lines

NAME = "boilerplate"
# Safe deletions above this share of a document's words are flagged instead of applied.
GUARD_SHARE = 0.35
# Batch mode: a line in at least this many files (and this share of the batch) is a template line.
BATCH_MIN_FILES = 3
BATCH_MIN_SHARE = 0.02

# Order matters: when several rules claim a line, the first one names it.
RULES = (rules.furniture_lines, rules.after_end, rules.duplicate_paragraphs, rules.related_headlines,
         rules.comment_section)


def batch_stats(texts: Iterable[str], config: Config) -> dict[str, Any]:
    """In how many files of the batch each line (unified) occurs."""
    files = 0
    counts: Counter[str] = Counter()
    for text in texts:
        files += 1
        counts.update({unify(l.text) for l in iter_lines(text) if not l.blank})
    return {"files": files, "lines": {k: v for k, v in counts.items() if v >= BATCH_MIN_FILES}}


def batch_repeated(doc: rules.Doc, stats: dict[str, Any] | None, min_files: int) -> list[Finding]:
    if not stats:
        return []
    n = stats["files"]
    need = max(min_files, int(BATCH_MIN_SHARE * n + 0.999))
    out = []
    for i in doc.nonblank:
        c = stats["lines"].get(doc.unified(i), 0)
        # Separators ("___", "* * *") are formatting of the article itself, not template.
        if c >= need and any(ch.isalpha() for ch in doc.text(i)):
            # A short non-sentence line shared by many articles is template; a shared paragraph may be
            # a syndicated story, so it is only suggested.
            safe = not is_prose(doc.text(i), min_words=1) and 2 <= doc.words(i) <= 12
            out.append(Finding(i, "boilerplate.batch-repeated", "safe" if safe else "unsafe", 0.85 if safe else 0.6,
                               f"the same line occurs in {c} of the {n} files of the batch"))
    return out


def _furniture(config: Config, options: dict[str, Any] | None = None) -> Furniture:
    path = (config.stage_options.get(NAME, {}) if options is None else options).get("table")
    if not path:
        return Furniture.shipped()
    # Loaded once per file version, not once per document.
    st = os.stat(path)
    return _user_furniture(os.fspath(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _user_furniture(path: str, mtime_ns: int, size: int) -> Furniture:
    return Furniture.from_path(path)


def find_boilerplate(text: str, ctx: StageContext) -> StageOutput:
    options = ctx.config.stage_options.get(NAME, {})  # what Config.option reads
    doc = rules.Doc(text, _furniture(ctx.config, options))
    if not doc.folded:
        return StageOutput()
    findings: dict[int, Finding] = {}
    for fn in RULES:
        for f in fn(doc):
            findings.setdefault(f.index, f)
    stats = ctx.batch.get(NAME)
    if stats:
        for f in batch_repeated(doc, stats, options.get("batch_min_files", BATCH_MIN_FILES)):
            findings.setdefault(f.index, f)
    if options.get("mode", "article") == "page":
        for f in page.page_rules(doc, findings):
            findings.setdefault(f.index, f)

    # The guard: an unusual share of the document is not deleted by default, only shown.
    if findings:
        total = doc.total_words
        all_share = doc.words_in(findings) / total
        safe = [i for i, f in findings.items() if f.safety == "safe"]
        share = all_share if len(safe) == len(findings) else doc.words_in(safe) / total
    else:
        all_share = share = 0.0
    guard = options.get("guard_share", GUARD_SHARE)
    guarded = guard is not None and share > guard
    if guarded:
        findings = {i: Finding(f.index, f.rule, "unsafe", min(f.confidence, 0.5),
                               f.reason + f"; held back: the rules would delete {share:.0%} of the document")
                    for i, f in findings.items()}

    edits = deletion_edits(text, doc.starts, doc.nonblank, findings.values()) if findings else []
    if "{" in text:  # a source tag is in braces: most documents have none
        edits.extend(_source_tags(doc.line_spans, findings))
    scores = {f"{NAME}.junk_share": round(all_share, 3), f"{NAME}.guarded": guarded}
    return StageOutput(edits, scores)


def _source_tags(lines, findings) -> list[Edit]:
    out = []
    for l in lines:
        if l.index in findings:
            continue
        m = rules.SOURCE_TAG.search(l.text)
        if m and m.start() > 0:
            s, e = l.start + m.start(), l.start + m.end()
            out.append(Edit(s, e, m.group(0), "", "boilerplate.source-tag", "safe", 0.95,
                            f"site tag '{m.group(0).strip()}' glued to the end of the line; the line is kept"))
    return out


STAGE = Stage(NAME, find_boilerplate, "scraper junk: site furniture, source tags, duplicated paragraphs, "
              "related headlines, text after the article", batch_stats=batch_stats)
