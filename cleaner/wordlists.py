"""Load the data tables in ``wordlists/``: plain, sorted, commented TSV files.

Format (tested for every table in tests/test_wordlists.py):

* ``#`` starts a comment line; blank lines are ignored;
* the first comment line of the form ``#! columns: a b c`` names the columns;
* every row has exactly that many tab-separated fields (the last may be empty);
* rows are sorted by their first field (case-folded) and the first field is unique.

A user may load a table of the same shape from any path.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

_HERE = Path(__file__).resolve().parent


class TableError(ValueError):
    pass


class Table(NamedTuple):
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def as_dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, r)) for r in self.rows]


def wordlists_dir() -> Path:
    """The installed tables (inside the wheel) or the source checkout's ``wordlists/``."""
    for candidate in (_HERE / "_wordlists", _HERE.parent / "wordlists"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("cleaner's wordlists/ folder is missing from this installation")


def parse_table(text: str, name: str = "<table>") -> Table:
    columns: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if line.startswith("#! columns:"):
            columns = tuple(line.split(":", 1)[1].split())
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if columns is None:
            raise TableError(f"{name}:{n}: data before the '#! columns:' header")
        fields = tuple(line.split("\t"))
        if len(fields) != len(columns):
            raise TableError(f"{name}:{n}: {len(fields)} fields, expected {len(columns)} ({' '.join(columns)})")
        rows.append(fields)
    if columns is None:
        raise TableError(f"{name}: no '#! columns:' header")
    return Table(name, columns, tuple(rows))


def load_path(path: str | Path) -> Table:
    p = Path(path)
    return parse_table(p.read_text(encoding="utf-8"), str(p))


@lru_cache(maxsize=None)
def load(name: str) -> Table:
    """Load a shipped table by file name, e.g. ``load("boilerplate_lines.tsv")``."""
    return load_path(wordlists_dir() / name)


def shipped_tables() -> list[Path]:
    return sorted(wordlists_dir().glob("*.tsv"))
