"""The stage registry (ftfy's FIXERS is the model).

A stage is a pure function ``fn(text, ctx) -> StageOutput`` that proposes
edits of ``text`` (the document as earlier stages left it) and never mutates
anything. Each stage lives in its own module, imported only when it runs, so a
heavy dependency costs nothing to users who switch the stage off.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from cleaner.config import Config
from cleaner.edits import Edit

# name -> module that defines `STAGE`. Order of running comes from Config.stages.
REGISTRY: dict[str, str] = {
    "encoding": "cleaner.stages.encoding",
    "whitespace": "cleaner.stages.whitespace",
    "boilerplate": "cleaner.stages.boilerplate",
    "spin": "cleaner.stages.spin",
    "spelling": "cleaner.stages.spelling",
}


@dataclass(frozen=True)
class StageContext:
    """What a stage may read besides the text: all read-only (the pipeline passes read-only
    mappings, and one context serves several stages while no scores change)."""

    doc_id: str
    config: Config
    # Batch statistics by stage name (empty unless batch mode was asked for).
    batch: Mapping[str, Any] = field(default_factory=dict)
    # Scores written by earlier stages (e.g. the spin verdict).
    scores: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StageOutput:
    edits: list[Edit] = field(default_factory=list)
    scores: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage:
    name: str
    fn: Callable[[str, StageContext], StageOutput]
    description: str = ""
    # Optional: statistics over a whole batch of texts, given to `ctx.batch[name]`.
    batch_stats: Callable[[Iterable[str], Config], Any] | None = None


_loaded: dict[str, Stage] = {}


def get_stage(name: str) -> Stage:
    if name not in _loaded:
        if name not in REGISTRY:
            raise KeyError(f"unknown stage {name!r}; known: {', '.join(REGISTRY)}")
        _loaded[name] = importlib.import_module(REGISTRY[name]).STAGE
    return _loaded[name]


def available(names: Iterable[str]) -> list[str]:
    """The names among ``names`` whose module this installation has."""
    return [n for n in names if n in REGISTRY and importlib.util.find_spec(REGISTRY[n]) is not None]
