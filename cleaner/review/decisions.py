"""The decisions file: one JSON object per line, appended as the reviewer decides.

Each line is flushed and fsynced before the next question, so a crash or a
kill loses at most the line being written; a torn last line is ignored on
reading and the next append starts on a fresh line. A later line about the
same change id wins, so changing one's mind is just another line.

>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "decisions.jsonl"
>>> with DecisionLog(path, report="r") as log:
...     log.record(Decision("c1", "a.txt", "accept"))
...     log.record(Decision("c2", "a.txt", "reject"))
...     log.record(Decision("c1", "a.txt", "accept", "the"))
>>> sorted((d.id, d.decision, d.replacement) for d in load_decisions(path).values())
[('c1', 'accept', 'the'), ('c2', 'reject', None)]
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

VERDICTS = ("accept", "reject")
HEADER_KEY = "cleaner_decisions"


@dataclass(frozen=True)
class Decision:
    """Accept or reject one change (by its stable id); an accepted change may carry an edited replacement."""

    id: str
    doc: str
    decision: Literal["accept", "reject"]
    replacement: str | None = None
    rule: str | None = None

    def __post_init__(self) -> None:
        if self.decision not in VERDICTS:
            raise ValueError(f"decision must be accept or reject, not {self.decision!r}")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "doc": self.doc, "decision": self.decision}
        if self.rule:
            d["rule"] = self.rule
        if self.replacement is not None:
            d["replacement"] = self.replacement
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Decision":
        rep = d.get("replacement")
        return cls(str(d["id"]), str(d.get("doc", "")), d["decision"], rep if isinstance(rep, str) else None,
                   d.get("rule"))


@dataclass
class ReadResult:
    decisions: dict[str, Decision]
    header: dict[str, Any] | None
    bad_lines: list[int]


def read_decisions(path: Path) -> ReadResult:
    """All decisions of a file (the last one per id), its header, and the numbers of unreadable lines."""
    out: dict[str, Decision] = {}
    header = None
    bad: list[int] = []
    try:
        data = Path(path).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ReadResult(out, None, bad)
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not an object")
            if HEADER_KEY in row:
                header = header or row
                continue
            d = Decision.from_dict(row)
        except (ValueError, KeyError, TypeError):
            bad.append(n)  # a torn line from a crash, or a hand edit gone wrong
            continue
        out[d.id] = d
    return ReadResult(out, header, bad)


def load_decisions(path: Path) -> dict[str, Decision]:
    return read_decisions(path).decisions


class DecisionLog:
    """Appends decisions to a JSONL file, durably, one line per decision."""

    def __init__(self, path: Path, report: str | os.PathLike | None = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        self._fh = open(self.path, "ab")
        if not fresh and not self._ends_with_newline():
            self._write_line(b"")  # end a torn last line so the next record stands alone
        if fresh:
            header = {HEADER_KEY: 1, "report": os.path.abspath(report) if report else None}
            self._write_line(json.dumps(header).encode())

    def _ends_with_newline(self) -> bool:
        with open(self.path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) == b"\n"

    def _write_line(self, data: bytes) -> None:
        self._fh.write(data + b"\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def record(self, decision: Decision) -> None:
        self._write_line(json.dumps(decision.to_dict(), ensure_ascii=False).encode("utf-8"))

    def record_many(self, decisions: list[Decision]) -> None:
        """Many decisions in one write and one fsync (a rule-wide decision may cover thousands)."""
        if decisions:
            payload = "".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in decisions)
            self._fh.write(payload.encode("utf-8"))
            self._fh.flush()
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> "DecisionLog":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
