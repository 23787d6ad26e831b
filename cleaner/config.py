"""The immutable run configuration (ftfy's ``TextFixerConfig`` is the model)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

# encoding -> whitespace -> boilerplate -> spin -> spelling; stages missing from
# cleaner.stages.REGISTRY are simply not run.
DEFAULT_STAGES: tuple[str, ...] = ("encoding", "whitespace", "boilerplate", "spin", "spelling")


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Config:
    """How to clean. Build a variant with :meth:`replace`.

    >>> Config().unsafe_fixes
    False
    >>> Config().replace(unsafe_fixes=True).unsafe_fixes
    True
    """

    stages: tuple[str, ...] = DEFAULT_STAGES
    # Apply `unsafe` edits too (otherwise they are only suggested).
    unsafe_fixes: bool = False
    # Words no stage may rewrite (user and project allowlists).
    allow_words: frozenset[str] = frozenset()
    # A user spinner synonym file (`head|syn|syn` per line) and extra substitution tables.
    synonyms_path: str | None = None
    tables: tuple[str, ...] = ()
    # Per-stage settings, e.g. {"spin": {"threshold": 2.0}}; read with `option()`.
    stage_options: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: _frozen({}))

    def replace(self, **changes: Any) -> "Config":
        if "allow_words" in changes:
            changes["allow_words"] = frozenset(changes["allow_words"])
        if "stage_options" in changes:
            changes["stage_options"] = _frozen({k: _frozen(v) for k, v in changes["stage_options"].items()})
        return dataclasses.replace(self, **changes)

    # A MappingProxyType cannot be pickled; worker processes need the config, so the
    # stage options travel as plain dicts and are frozen again on arrival.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["stage_options"] = {k: dict(v) for k, v in self.stage_options.items()}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        state["stage_options"] = _frozen({k: _frozen(v) for k, v in state["stage_options"].items()})
        for key, value in state.items():
            object.__setattr__(self, key, value)

    def option(self, stage: str, name: str, default: Any = None) -> Any:
        return self.stage_options.get(stage, {}).get(name, default)

    def applies(self, safety: str) -> bool:
        """Whether an edit of this safety is applied (not just suggested) under this config."""
        return safety == "safe" or self.unsafe_fixes
