"""Read a report folder back: documents and their edits, as ``clean`` wrote them.

>>> import json, tempfile
>>> from pathlib import Path
>>> from cleaner.edits import Edit
>>> folder = Path(tempfile.mkdtemp()) / "cleaner-report"; folder.mkdir()
>>> e = Edit(1, 3, "  ", " ", "whitespace.space-run", reason="run of spaces")
>>> _ = (folder / "edits.jsonl").write_text(json.dumps({**e.to_dict("a.txt"), "applied": True}) + "\\n")
>>> _ = (folder / "documents.jsonl").write_text(json.dumps({"doc": "a.txt", "source": "a.txt", "sha256": "0"}) + "\\n")
>>> report = load_report(folder.parent)
>>> [(r.doc, r.edit.rule, r.applied) for r in report.edits]
[('a.txt', 'whitespace.space-run', True)]
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from cleaner.edits import Edit

REPORT_DIRNAME = "cleaner-report"  # same as cleaner.report.REPORT_DIRNAME, without importing the pipeline


class ReportError(ValueError):
    """The folder is not a readable report."""


@dataclass(frozen=True)
class ReviewEdit:
    """An edit of the report with its document, stable id and whether ``clean`` applied it."""

    id: str
    doc: str
    edit: Edit
    applied: bool

    @property
    def rule(self) -> str:
        return self.edit.rule

    @property
    def safety(self) -> str:
        return self.edit.safety


@dataclass
class DocInfo:
    """A line of ``documents.jsonl``."""

    doc: str
    source: str | None
    sha256: str | None
    rel: str | None = None
    output: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Report:
    folder: Path
    docs: list[DocInfo]
    edits: list[ReviewEdit]
    summary: dict[str, Any] = field(default_factory=dict)

    def by_doc(self) -> dict[str, list[ReviewEdit]]:
        """Edits per document, documents in report order, edits by position."""
        out: dict[str, list[ReviewEdit]] = {d.doc: [] for d in self.docs}
        for r in self.edits:
            out.setdefault(r.doc, []).append(r)
        for rows in out.values():
            rows.sort(key=lambda r: (r.edit.start, r.edit.end))
        return out

    def doc_info(self, doc: str) -> DocInfo | None:
        return next((d for d in self.docs if d.doc == doc), None)

    @property
    def output_dir(self) -> Path:
        """The folder ``clean -o`` wrote to (the report sits inside it)."""
        return self.folder.parent


def find_report(path: Path) -> Path:
    """The report folder for a path: the report itself, an output folder holding one, or a file inside it."""
    path = Path(path)
    candidates = [path, path / REPORT_DIRNAME]
    if path.is_file():
        candidates = [path.parent]
    for c in candidates:
        if (c / "edits.jsonl").is_file() and (c / "documents.jsonl").is_file():
            return c
    raise ReportError(f"no report in {path} (expected edits.jsonl and documents.jsonl, "
                      f"or a {REPORT_DIRNAME}/ folder holding them)")


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReportError(f"{path}:{n}: not JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise ReportError(f"{path}:{n}: not a JSON object")
            yield row


def load_report(path: Path) -> Report:
    folder = find_report(path)
    docs = [DocInfo(d["doc"], d.get("source_abs") or d.get("source"), d.get("sha256"), d.get("rel"),
                    d.get("output"), d)
            for d in _jsonl(folder / "documents.jsonl") if "error" not in d]
    edits = []
    for row in _jsonl(folder / "edits.jsonl"):
        try:
            edit = Edit.from_dict(row)
            edits.append(ReviewEdit(row.get("id") or edit.change_id(row["doc"]), row["doc"], edit,
                                    bool(row.get("applied", edit.safety == "safe"))))
        except (KeyError, TypeError, ValueError) as exc:
            raise ReportError(f"{folder / 'edits.jsonl'}: bad edit {row.get('id')}: {exc}") from None
    summary: dict[str, Any] = {}
    if (folder / "summary.json").is_file():
        try:
            summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            summary = {}
    return Report(folder, docs, edits, summary)


def rel_name(info: DocInfo, report: Report) -> str:
    """The document's path under an output folder (as ``clean -o`` named it)."""
    if info.rel:
        return info.rel
    if info.output:
        try:
            return Path(os.path.relpath(info.output, report.output_dir)).as_posix()
        except ValueError:
            pass
    return Path(info.source or info.doc).name
