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

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from types import MappingProxyType
from typing import Any, Iterable, Mapping

import regex

from cleaner.config import Config
from cleaner.edits import Edit, Projection, sort_edits
from cleaner.stages import Stage, StageContext, StageOutput, available, get_stage

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}’'\-]+")
DEFAULT_CONFIG = Config()
_EMPTY: Mapping[str, Any] = MappingProxyType({})
# sort_edits' key (start, end), computed in C.
_SPAN = attrgetter("start", "end")


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
    """Keep edits in order of position, dropping any that overlaps one kept before (or in ``taken``).

    ``taken`` must be non-overlapping (applied edits are): sorted by start, their
    ends are then sorted too, so one bisection finds the only span that can clash.

    >>> a, b = Edit(0, 2, "ab", "x", "t.a"), Edit(1, 3, "bc", "y", "t.b")
    >>> _non_overlapping([b, a])
    ([Edit(start=0, end=2, before='ab', after='x', rule='t.a', safety='safe', confidence=1.0, reason='')], 1)
    >>> _non_overlapping([b], taken=[Edit(3, 3, "", "!", "t.c")])[1], _non_overlapping([b], taken=[a])[1]
    (0, 1)
    """
    kept: list[Edit] = []
    spans = sorted((e.start, e.end) for e in (taken or []))
    starts = [s for s, _ in spans]
    insertions = {s for s, t in spans if s == t}
    dropped = 0
    for e in sorted(edits, key=_SPAN):
        # The last taken span starting before e ends has the largest end of all such spans.
        i = bisect.bisect_left(starts, e.end) - 1 if spans else -1
        clash = (i >= 0 and spans[i][1] > e.start) or (e.start == e.end and e.start in insertions)
        if clash or (kept and (e.start < kept[-1].end or e.start == e.end == kept[-1].start == kept[-1].end)):
            dropped += 1
            continue
        kept.append(e)
    return kept, dropped


@lru_cache(maxsize=64)
def _stages(names: tuple[str, ...]) -> tuple[tuple[str, Stage], ...]:
    """The stages to run, looked up once per stage list (finding a module is a file-system search)."""
    return tuple((n, get_stage(n)) for n in available(names))


def clean_text(text: str, config: Config = DEFAULT_CONFIG, *, doc_id: str = "-",
               batch: Mapping[str, Any] | None = None) -> Result:
    """Clean one document. The library's entry point.

    Returns applied ``edits`` (``apply(text, edits) == result.text``) and
    ``suggestions`` that the config does not apply (unsafe ones by default).
    """
    applied: list[Edit] = []
    suggested: list[Edit] = []
    scores: dict[str, Any] = {}
    # "dropped.overlap" is the first key, as when every stage added its count (zeros are dropped at the end).
    stats: dict[str, int] = {"dropped.overlap": 0}
    # The text as the stages left it, and its projection (built on first need; the identity until a
    # stage applies something).
    current, proj, identity = text, None, True
    # Stages get read-only views (they cannot touch the pipeline's state), so one context serves
    # every stage until one writes scores.
    ctx_batch = MappingProxyType(dict(batch)) if batch else _EMPTY
    ctx = None
    for name, stage in _stages(tuple(config.stages)):
        if ctx is None:
            ctx = StageContext(doc_id=doc_id, config=config, batch=ctx_batch,
                               scores=MappingProxyType(dict(scores)) if scores else _EMPTY)
        out = stage.fn(current, ctx)
        if isinstance(out, list):
            out = StageOutput(out)
        if out.scores:
            scores.update(out.scores)
            ctx = None
        if not out.edits:
            continue
        stage_edits, overlaps = _non_overlapping(out.edits)
        stats["dropped.overlap"] += overlaps
        if proj is None:
            proj = Projection.build(text, [])
        new_applied = False
        for e in stage_edits:
            if current[e.start:e.end] != e.before:
                raise ValueError(f"stage {name} proposed an edit that does not match its text: {e!r}")
            stats[e.rule] = stats.get(e.rule, 0) + 1
            if config.allow_words and _protected(e, config.allow_words):
                stats["dropped.protected"] = stats.get("dropped.protected", 0) + 1
                continue
            applies = config.applies(e.safety)
            # Under the identity projection to_original would return a copy of the edit.
            mapped = e if identity and e.end <= len(text) else proj.to_original(e)
            if mapped is None and applies:
                absorbed = proj.absorb(e)
                if absorbed is not None:
                    mapped, superseded = absorbed
                    applied = [x for x in applied if x not in superseded]
                    stats["superseded"] = stats.get("superseded", 0) + len(superseded)
            if mapped is None:
                stats["dropped.unmappable"] = stats.get("dropped.unmappable", 0) + 1
                continue
            if applies:
                applied.append(mapped)
                new_applied = True
            else:
                suggested.append(mapped)
        if new_applied:
            proj = Projection.build(text, applied)
            current, identity = proj.text, False
    # A suggestion made before a later stage rewrote the same span can no longer be accepted alone.
    suggestions: list[Edit] = []
    if suggested:
        suggestions, clashes = _non_overlapping(suggested, taken=applied)
        stats["dropped.overlap"] += clashes
    edits = tuple(sorted(applied, key=_SPAN))
    # The projection was last built from exactly these edits: its text is apply(text, edits).
    return Result(original=text, text=current, edits=edits,
                  suggestions=tuple(suggestions), scores=scores,
                  stats={k: v for k, v in stats.items() if v}, doc_id=doc_id)
