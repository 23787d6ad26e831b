"""Options and helpers shared by the commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from cleaner.config import DEFAULT_STAGES, Config
from cleaner.stages import REGISTRY


class Fatal(Exception):
    """A usage or fatal error: message on stderr, exit code 2."""


def console(quiet: bool = False):
    from rich.console import Console

    # rich honours NO_COLOR and stops colouring when stderr is not a terminal.
    return Console(stderr=True, quiet=quiet, highlight=False, soft_wrap=True)


def read_word_list(path: str) -> set[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise Fatal(f"cannot read word list {path}: {exc.strerror or exc}") from None
    return {w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#")}


def parse_option(raw: str) -> tuple[str, str, Any]:
    """``stage.name=value`` with value parsed as int, float, bool or string."""
    try:
        key, value = raw.split("=", 1)
        stage, name = key.split(".", 1)
    except ValueError:
        raise Fatal(f"--option wants stage.name=value, got {raw!r}") from None
    parsed: Any = value
    if value.lower() in ("true", "false"):
        parsed = value.lower() == "true"
    else:
        for cast in (int, float):
            try:
                parsed = cast(value)
                break
            except ValueError:
                pass
    return stage, name, parsed


def build_config(*, unsafe_fixes: bool = False, stages: Optional[str] = None, disable: Optional[list[str]] = None,
                 allow: Optional[list[str]] = None, synonyms: Optional[str] = None,
                 tables: Optional[list[str]] = None, options: Optional[list[str]] = None) -> Config:
    names = tuple(s.strip() for s in stages.split(",")) if stages else DEFAULT_STAGES
    unknown = [n for n in names + tuple(disable or ()) if n not in REGISTRY]
    if unknown:
        raise Fatal(f"unknown stage(s): {', '.join(unknown)} (known: {', '.join(REGISTRY)})")
    names = tuple(n for n in names if n not in set(disable or ()))
    words: set[str] = set()
    for path in allow or ():
        words |= read_word_list(path)
    for path in [synonyms, *(tables or [])]:
        if path and not Path(path).is_file():
            raise Fatal(f"no such file: {path}")
    stage_options: dict[str, dict[str, Any]] = {}
    for raw in options or ():
        stage, name, value = parse_option(raw)
        stage_options.setdefault(stage, {})[name] = value
    if allow:
        stage_options.setdefault("spelling", {})["allow_files"] = tuple(allow)
    return Config(stages=names, unsafe_fixes=unsafe_fixes).replace(
        allow_words=frozenset(words), synonyms_path=synonyms, tables=tuple(tables or ()),
        stage_options=stage_options)


def use_color(stream=sys.stdout) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


# Reusable option declarations (typer reads them from default values).
UNSAFE = typer.Option(False, "--unsafe-fixes", help="Apply unsafe edits too (otherwise they are only suggested).")
STAGES = typer.Option(None, "--stages", help=f"Comma-separated stages to run (default: {','.join(DEFAULT_STAGES)}).")
DISABLE = typer.Option(None, "--disable", help="A stage to skip (repeatable).")
ALLOW = typer.Option(None, "--allow", help="A word list (one per line) no stage may rewrite (repeatable).")
SYNONYMS = typer.Option(None, "--synonyms", help="A spinner synonym file: one group per line, head|syn|syn.")
TABLES = typer.Option(None, "--table", help="An extra substitution table (TSV, same format as wordlists/) (repeatable).")
OPTIONS = typer.Option(None, "--option", help="A stage setting, stage.name=value (repeatable).")
GLOB = typer.Option("*.txt", "--glob", help="File pattern inside folders.")
BATCH = typer.Option(False, "--batch", help="Learn from the whole batch (lines repeated across files, recurring names).")
QUIET = typer.Option(False, "--quiet", "-q", help="No messages or progress on stderr.")
VERBOSE = typer.Option(False, "--verbose", "-v", help="A line per document on stderr.")
MAX_BYTES = typer.Option(64 * 1024 * 1024, "--max-bytes", help="Refuse input files larger than this.")
