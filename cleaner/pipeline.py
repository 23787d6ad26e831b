"""Run the stages over one document and collect their edits.

Each stage sees the text as the earlier stages left it (with the edits that
will be applied under the config), and proposes edits of that text; the
pipeline maps them back to spans of the original, so every edit in a
:class:`Result` is a span of the input and ``apply(original, result.edits)``
rebuilds ``result.text``.

>>> r = clean_text("Caf\\u00c3\\u00a9  au lait\\n\\n\\n\\nThe end.\\n")
>>> r.text
'Café  au lait\\n\\nThe end.\\n'
>>> sorted({e.rule for e in r.edits})
['encoding.mojibake', 'whitespace.blank-run']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import regex

from cleaner.config import Config
from cleaner.edits import Edit, Projection, apply, sort_edits
from cleaner.stages import StageContext, StageOutput, available, get_stage

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}’'\-]+")
DEFAULT_CONFIG = Config()


@dataclass(frozen=True)
class Result:
    """The outcome for one document: applied edits, suggestions, scores and statistics."""

    original: str
    text: str
    edits: tuple[Edit, ...]
    # Proposed but not applied under the config (unsafe edits in default mode).
    suggestions: tuple[Edit, ...] = ()
    scores: Mapping[str, Any] = field(default_factory=dict)
    # Per-rule counts of proposed edits, plus `dropped.*` counts of edits the pipeline refused.
    stats: Mapping[str, int] = field(default_factory=dict)
    doc_id: str = "-"

    @property
    def changed(self) -> bool:
        return bool(self.edits)

    def all_edits(self) -> list[Edit]:
        return sort_edits(self.edits + self.suggestions)


def _protected(edit: Edit, allow: frozenset[str]) -> bool:
    """An edit that rewrites (not deletes) an allowlisted word is refused."""
    if not allow or not edit.after:
        return False
    return any(w.group(0) in allow or w.group(0).lower() in allow for w in _WORD.finditer(edit.before))


def _non_overlapping(edits: Iterable[Edit], taken: list[Edit] | None = None) -> tuple[list[Edit], int]:
    """Keep edits in order of position, dropping any that overlaps one kept before (or in ``taken``)."""
    kept: list[Edit] = []
    spans = sorted((e.start, e.end) for e in (taken or []))
    dropped = 0
    for e in sort_edits(edits):
        clash = any(s < e.end and e.start < t or (s == t == e.start == e.end) for s, t in spans)
        if clash or (kept and (e.start < kept[-1].end or e.start == e.end == kept[-1].start == kept[-1].end)):
            dropped += 1
            continue
        kept.append(e)
    return kept, dropped


def clean_text(text: str, config: Config = DEFAULT_CONFIG, *, doc_id: str = "-",
               batch: Mapping[str, Any] | None = None) -> Result:
    """Clean one document. The library's entry point.

    Returns applied ``edits`` (``apply(text, edits) == result.text``) and
    ``suggestions`` that the config does not apply (unsafe ones by default).
    """
    applied: list[Edit] = []
    suggested: list[Edit] = []
    scores: dict[str, Any] = {}
    stats: Counter[str] = Counter()
    proj = Projection.build(text, [])
    for name in available(config.stages):
        stage = get_stage(name)
        ctx = StageContext(doc_id=doc_id, config=config, batch=dict(batch or {}), scores=dict(scores))
        out = stage.fn(proj.text, ctx)
        if isinstance(out, list):
            out = StageOutput(out)
        scores.update(out.scores)
        stage_edits, overlaps = _non_overlapping(out.edits)
        stats["dropped.overlap"] += overlaps
        new_applied = False
        for e in stage_edits:
            if proj.text[e.start:e.end] != e.before:
                raise ValueError(f"stage {name} proposed an edit that does not match its text: {e!r}")
            stats[e.rule] += 1
            if _protected(e, config.allow_words):
                stats["dropped.protected"] += 1
                continue
            mapped = proj.to_original(e)
            if mapped is None:
                stats["dropped.unmappable"] += 1
                continue
            if config.applies(e.safety):
                applied.append(mapped)
                new_applied = True
            else:
                suggested.append(mapped)
        if new_applied:
            proj = Projection.build(text, applied)
    # A suggestion made before a later stage rewrote the same span can no longer be accepted alone.
    suggestions, clashes = _non_overlapping(suggested, taken=applied)
    stats["dropped.overlap"] += clashes
    stats = Counter({k: v for k, v in stats.items() if v})
    edits = tuple(sort_edits(applied))
    return Result(original=text, text=apply(text, edits) if edits else text, edits=edits,
                  suggestions=tuple(suggestions), scores=scores, stats=dict(stats), doc_id=doc_id)
