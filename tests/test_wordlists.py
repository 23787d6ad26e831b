"""Every shipped table is plain, sorted, commented data (codespell's dictionary tests are the model)."""

from __future__ import annotations

import pytest

from cleaner.wordlists import TableError, load_path, parse_table, shipped_tables

TABLES = shipped_tables()


def test_tables_are_shipped():
    assert TABLES, "wordlists/ has no .tsv tables"


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_table_format(path):
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n"), "file must end with a newline"
    assert text.lstrip().startswith("#"), "a table starts with a comment saying what it is and where it comes from"
    table = load_path(path)
    keys = [r[0] for r in table.rows]
    assert table.rows, "empty table"
    for row in table.rows:
        assert row[0] and row[0] == row[0].strip(), f"bad key {row[0]!r}"
        assert all(f == f.strip() for f in row), f"stray spaces in {row!r}"
    folded = [k.casefold() for k in keys]
    assert folded == sorted(folded), "rows must be sorted by their first field (case-folded)"
    dupes = {k for k in folded if folded.count(k) > 1}
    assert not dupes, f"duplicate keys: {sorted(dupes)[:10]}"


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_substitution_tables_have_no_loops(path):
    """A replacement must not itself be a key that maps back (a -> b -> a)."""
    table = load_path(path)
    if "replacement" not in table.columns:
        pytest.skip("not a substitution table")
    col = table.columns.index("replacement")
    mapping = {r[0].casefold(): r[col].casefold() for r in table.rows}
    loops = [k for k, v in mapping.items() if mapping.get(v) == k and v != k]
    assert not loops, f"substitution loops: {loops[:10]}"


def test_parser_rejects_bad_rows():
    with pytest.raises(TableError):
        parse_table("#! columns: a b\nonly-one-field\n")
    with pytest.raises(TableError):
        parse_table("x\ty\n")
    t = parse_table("# note\n#! columns: a b\nk\tv\n\n# more\nl\t\n")
    assert t.rows == (("k", "v"), ("l", ""))
