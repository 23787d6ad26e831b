"""Write a batch's report folder as results stream in.

Files (inside ``OUT/cleaner-report/``):

* ``edits.jsonl``: one edit per line, with document, stable change id, rule,
  safety, confidence, reason, span, before/after, and whether it was applied;
* ``documents.jsonl``: one line per document (source, output, sha256 of the
  input, counts per rule, scores) and one per failed item;
* ``changes.diff``: the word diff of every document;
* ``summary.json``: totals per rule, verdicts, failures;
* ``index.html`` and ``docs/NNNNN.html``: the same for a person.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from cleaner import worddiff
from cleaner.io import Document, InputError, write_atomic
from cleaner.pipeline import Result

REPORT_DIRNAME = "cleaner-report"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def doc_record(doc: Document, result: Result, output: str | None = None) -> dict[str, Any]:
    """The per-document line of ``documents.jsonl`` (also used for JSONL metadata)."""
    rules: Counter[str] = Counter(e.rule for e in result.edits)
    suggested: Counter[str] = Counter(e.rule for e in result.suggestions)
    return {
        "doc": doc.id,
        "source": doc.source,
        "output": output,
        "encoding": doc.encoding,
        "sha256": sha256_text(result.original),
        "chars": len(result.original),
        "applied": len(result.edits),
        "suggested": len(result.suggestions),
        "changed_chars": sum(max(e.end - e.start, len(e.after)) for e in result.edits),
        "rules": dict(sorted(rules.items())),
        "suggested_rules": dict(sorted(suggested.items())),
        "scores": {k: v for k, v in sorted(result.scores.items())},
    }


class ReportWriter:
    """Streams a batch into the report folder; :meth:`close` writes the summary and the index."""

    def __init__(self, folder: Path, config_info: dict[str, Any] | None = None, html: bool = True):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.html = html
        # Streamed to partial names and renamed by close(): after an interrupted run the
        # report folder holds the previous complete report or none, never half of one.
        self._streams = {name: open(folder / f".{name}.partial", "w", encoding="utf-8")
                         for name in ("edits.jsonl", "documents.jsonl", "changes.diff")}
        self._edits, self._docs, self._diff = self._streams.values()
        self.config_info = config_info or {}
        self.records: list[dict[str, Any]] = []
        self.errors: list[dict[str, Any]] = []
        self.rule_applied: Counter[str] = Counter()
        self.rule_suggested: Counter[str] = Counter()
        self.rule_docs: dict[str, set[str]] = defaultdict(set)
        self.rule_safety: dict[str, Counter[str]] = defaultdict(Counter)
        self.verdicts: Counter[str] = Counter()
        self._n = 0

    def add(self, doc: Document, result: Result, output: str | None = None) -> dict[str, Any]:
        self._n += 1
        applied = set(result.edits)
        for e in result.all_edits():
            row = e.to_dict(doc.id)
            row["applied"] = e in applied
            self._edits.write(json.dumps(row, ensure_ascii=False) + "\n")
            (self.rule_applied if row["applied"] else self.rule_suggested)[e.rule] += 1
            self.rule_docs[e.rule].add(doc.id)
            self.rule_safety[e.rule][e.safety] += 1
        record = doc_record(doc, result, output)
        record["page"] = f"docs/{self._n:05d}.html" if (self.html and result.all_edits()) else None
        # For `cleaner apply`: the output name under the output folder, and a source path
        # that does not depend on the folder the run was started from.
        record["rel"] = doc.rel
        record["source_abs"] = os.path.abspath(doc.source) if doc.source else None
        self._docs.write(json.dumps(record, ensure_ascii=False) + "\n")
        diff = worddiff.render(result.original, result.all_edits(), name=doc.rel or doc.id)
        if diff:
            self._diff.write(diff + "\n")
        if record["page"]:
            from cleaner.report import html

            write_atomic(self.folder / record["page"], html.document_page(doc, result, record))
        verdict = result.scores.get("spin.verdict")
        if verdict:
            self.verdicts[str(verdict)] += 1
        self.records.append({k: record[k] for k in ("doc", "output", "applied", "suggested",
                                                     "changed_chars", "chars", "page", "rules",
                                                     "suggested_rules")})
        return record

    def add_error(self, err: InputError) -> None:
        row = {"doc": err.id, "source": err.source, "error": err.message, "kind": getattr(err, "kind", "error")}
        self.errors.append(row)
        self._docs.write(json.dumps(row, ensure_ascii=False) + "\n")

    def summary(self) -> dict[str, Any]:
        rules = sorted(set(self.rule_applied) | set(self.rule_suggested))
        return {
            "documents": len(self.records),
            "changed": sum(1 for r in self.records if r["applied"]),
            "with_suggestions": sum(1 for r in self.records if r["suggested"]),
            "failed": len(self.errors),
            "failed_by_kind": dict(sorted(Counter(e["kind"] for e in self.errors).items())),
            "edits_applied": sum(self.rule_applied.values()),
            "suggestions": sum(self.rule_suggested.values()),
            "rules": {r: {"applied": self.rule_applied[r], "suggested": self.rule_suggested[r],
                          "documents": len(self.rule_docs[r]),
                          "safe": self.rule_safety[r]["safe"], "unsafe": self.rule_safety[r]["unsafe"]}
                      for r in rules},
            "verdicts": dict(sorted(self.verdicts.items())),
            "errors": self.errors,
            "config": self.config_info,
        }

    def close(self) -> dict[str, Any]:
        for name, fh in self._streams.items():
            fh.close()
            os.replace(self.folder / f".{name}.partial", self.folder / name)
        summary = self.summary()
        write_atomic(self.folder / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        if self.html:
            from cleaner.report import html

            write_atomic(self.folder / "index.html", html.index_page(summary, self.records))
        return summary
