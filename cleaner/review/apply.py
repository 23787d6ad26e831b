"""Write cleaned files with exactly the accepted edits of a report.

For every document of the report: re-read the source, check it is the text
the report was made from (sha256), keep the edits whose decision is accept
(with the reviewer's replacement if one was typed), and write the result
atomically. A document with no accepted edit is copied byte for byte, so
rejecting everything reproduces the inputs exactly; otherwise the output is
UTF-8, as ``clean`` writes it.

Undecided edits follow ``undecided``: ``reject`` (the default: not applied),
``accept``, or ``safe`` (accept the safe ones, as ``clean`` would).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.edits import Edit, EditConflict, apply
from cleaner.io import DecodeFailure, decode_bytes, keep_backup, read_bytes_bounded, write_atomic
from cleaner.review.decisions import Decision
from cleaner.review.report import DocInfo, Report, ReviewEdit, rel_name

UNDECIDED = ("reject", "accept", "safe")


def sha256_text(text: str) -> str:
    # Same as cleaner.report.writer.sha256_text, without importing the pipeline.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class SourceChanged(Exception):
    pass


@dataclass
class DocOutcome:
    doc: str
    target: Path | None
    accepted: int = 0
    rejected: int = 0
    undecided: int = 0
    error: str | None = None


@dataclass
class ApplyOutcome:
    docs: list[DocOutcome] = field(default_factory=list)
    unknown_decisions: int = 0

    @property
    def failed(self) -> list[DocOutcome]:
        return [d for d in self.docs if d.error]

    def total(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.docs)


def chosen_edits(rows: list[ReviewEdit], decisions: dict[str, Decision], undecided: str = "reject"
                 ) -> tuple[list[Edit], int, int, int]:
    """The edits to apply for one document's rows, and counts (accepted, rejected, undecided).

    >>> from cleaner.edits import Edit
    >>> rows = [ReviewEdit("1", "d", Edit(0, 3, "teh", "the", "spelling.typo", "unsafe"), False),
    ...         ReviewEdit("2", "d", Edit(4, 6, "  ", " ", "whitespace.space-run"), True)]
    >>> edits, *counts = chosen_edits(rows, {"1": Decision("1", "d", "accept", "The")}, undecided="safe")
    >>> [(e.before, e.after) for e in edits], counts
    ([('teh', 'The'), ('  ', ' ')], [1, 0, 1])
    """
    if undecided not in UNDECIDED:
        raise ValueError(f"undecided must be one of {UNDECIDED}")
    edits: list[Edit] = []
    acc = rej = und = 0
    for r in rows:
        d = decisions.get(r.id)
        if d is None:
            und += 1
            take = undecided == "accept" or (undecided == "safe" and r.safety == "safe")
        else:
            take = d.decision == "accept"
            acc += take
            rej += not take
        if not take:
            continue
        e = r.edit
        if d is not None and d.replacement is not None and d.replacement != e.after:
            if d.replacement == e.before:
                continue  # "replace by the original": nothing to change
            e = Edit(e.start, e.end, e.before, d.replacement, e.rule, e.safety, e.confidence,
                     (e.reason + " (replacement edited in review)").strip())
        edits.append(e)
    return edits, acc, rej, und


def read_source(info: DocInfo, max_bytes: int | None = None) -> tuple[bytes, str]:
    """The source's bytes and text, checked against the report's sha256."""
    if not info.source:
        raise SourceChanged("the report records no source file (stdin?)")
    path = Path(info.source)
    try:
        data = read_bytes_bounded(path, max_bytes) if max_bytes else read_bytes_bounded(path)
        text, _ = decode_bytes(data)
    except DecodeFailure as exc:
        hint = " (JSONL records are not supported by apply)" if _looks_like_record(info.source) else ""
        raise SourceChanged(f"cannot read {info.source}: {exc}{hint}") from None
    except OSError as exc:
        raise SourceChanged(f"cannot read {info.source}: {exc.strerror or exc}") from None
    if info.sha256 and sha256_text(text) != info.sha256:
        raise SourceChanged(f"{info.source} changed since the report was made (sha256 differs); "
                            "run clean and review again")
    return data, text


def _looks_like_record(source: str) -> bool:
    head, _, tail = source.rpartition(":")
    return bool(head) and tail.isdigit()


def target_for(info: DocInfo, report: Report, out_dir: Path | None, in_place: bool) -> Path:
    if in_place:
        return Path(info.source)
    return (out_dir if out_dir is not None else report.output_dir) / rel_name(info, report)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except OSError:
        return False


def apply_report(report: Report, decisions: dict[str, Decision], out_dir: Path | None = None,
                 in_place: bool = False, backup: bool = True, undecided: str = "reject",
                 dry_run: bool = False) -> ApplyOutcome:
    """Write every document of ``report`` with the accepted edits; failures are reported, not raised."""
    outcome = ApplyOutcome()
    ids = {r.id for r in report.edits}
    outcome.unknown_decisions = sum(1 for i in decisions if i not in ids)
    by_doc = report.by_doc()
    for info in report.docs:
        rows = by_doc.get(info.doc, [])
        edits, acc, rej, und = chosen_edits(rows, decisions, undecided)
        res = DocOutcome(info.doc, None, acc, rej, und)
        outcome.docs.append(res)
        try:
            target = target_for(info, report, out_dir, in_place)
            res.target = target
            if not in_place and info.source and _same_file(target, Path(info.source)):
                raise SourceChanged(f"the output {target} is the input itself; use --in-place to overwrite it")
            data, text = read_source(info)
            try:
                new = apply(text, edits)
            except EditConflict as exc:
                raise SourceChanged(f"the edits do not fit the source: {exc}") from None
            if dry_run:
                continue
            if in_place:
                if not edits:
                    continue  # nothing accepted: leave the file (and its mtime) alone
                if backup:
                    keep_backup(Path(info.source))
            # Nothing accepted: the input's own bytes (its encoding, BOM and all).
            write_atomic(target, new if edits else data)
        except SourceChanged as exc:
            res.error = str(exc)
        except OSError as exc:
            res.error = f"cannot write {res.target}: {exc.strerror or exc}"
    return outcome
