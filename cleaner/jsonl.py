"""JSON Lines in and out: one record per line, the text in one field, every other byte kept.

Line N of the output is line N of the input:

* a record's text field is replaced by the cleaned text and the metadata field
  (``cleaner`` by default; see :func:`cleaner.api.metadata`) is set: replaced
  where the record already has one, else appended as the last field. Every
  other byte of the line (other fields, their order, spacing, number formats,
  escapes) is copied unchanged: the line is spliced, not re-serialised. An
  unchanged text keeps its original spelling too;
* a line that cannot be cleaned (bad JSON or UTF-8, not an object, text field
  missing or not a string, or a stage failed on it) is reported as an error
  with its file and line number and copied to the output unchanged, so that
  no record ever vanishes; blank lines are copied too;
* the only exception: a line longer than ``max_bytes`` is reported and left
  out (copying it would hold it in memory).

>>> from cleaner.config import Config
>>> lines = [b'{"id": 7, "text": "caf\\xc3\\x83\\xc2\\xa9  ", "n": 1.50}\\n', b'oops\\n']
>>> for ev in process_stream([(None, "x.jsonl", lines)], Config(stages=("encoding", "whitespace"))):
...     if ev.kind == "line":
...         print(ev.data, ev.error.message if ev.error else "ok")
b'{"id": 7, "text": "caf\\xc3\\xa9", "n": 1.50, "cleaner": {"applied": 2, "suggested": 0, "rules": {"encoding.mojibake": 1, "whitespace.trailing-space": 1}, "suggested_rules": {}, "spin_score": null, "verdict": null, "scores": {}}}\\n' ok
b'oops\\n' not JSON: Expecting value at column 1
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from collections import deque
from dataclasses import dataclass, field
from json.decoder import scanstring
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

from cleaner.api import metadata
from cleaner.batch import clean_documents
from cleaner.config import Config
from cleaner.io import DEFAULT_MAX_BYTES, Document, InputError, _walk
from cleaner.pipeline import Result

_DECODER = json.JSONDecoder()
_WS = " \t\n\r"
_BOM = b"\xef\xbb\xbf"


class LineError(ValueError):
    """A line that is not a record we can clean."""


@dataclass
class Fields:
    """Where each top-level value of a JSON object sits in its line (last occurrence of a key wins)."""

    values: dict[str, Any]
    spans: dict[str, tuple[int, int]]
    close: int  # index of the closing brace
    compact: bool  # written without spaces after ':' (and ',')


def parse_fields(line: str) -> Fields:
    """Parse one JSON object, keeping the span of each value.

    >>> f = parse_fields('{"a": 1, "b": "x"}')
    >>> f.values, f.spans, f.close, f.compact
    ({'a': 1, 'b': 'x'}, {'a': (6, 7), 'b': (14, 17)}, 17, False)
    """
    i = _skip(line, 0)
    if i >= len(line) or line[i] != "{":
        value, _ = _DECODER.raw_decode(line, i)  # bad JSON raises JSONDecodeError here
        raise LineError(f"{_json_type(value)}, not an object")
    values: dict[str, Any] = {}
    spans: dict[str, tuple[int, int]] = {}
    compact: bool | None = None
    i = _skip(line, i + 1)
    if i < len(line) and line[i] == "}":
        close = i
    else:
        while True:
            if i >= len(line) or line[i] != '"':
                raise LineError(f"expected a field name at column {i + 1}")
            key, i = scanstring(line, i + 1)
            if i >= len(line) or line[i] != ":":
                j = _skip(line, i)
                if j >= len(line) or line[j] != ":":
                    raise LineError(f"expected ':' at column {j + 1}")
                i = j
            if compact is None:
                compact = not (i + 1 < len(line) and line[i + 1] == " ")
            start = _skip(line, i + 1)
            value, end = _DECODER.raw_decode(line, start)
            values[key] = value
            spans[key] = (start, end)
            i = _skip(line, end)
            if i < len(line) and line[i] == ",":
                i = _skip(line, i + 1)
                continue
            if i < len(line) and line[i] == "}":
                close = i
                break
            raise LineError(f"expected ',' or '}}' at column {i + 1}")
    if _skip(line, close + 1) != len(line):
        raise LineError(f"extra data after the object at column {close + 2}")
    return Fields(values, spans, close, bool(compact))


def _skip(s: str, i: int) -> int:
    while i < len(s) and s[i] in _WS:
        i += 1
    return i


def splice(line: str, fields: Fields, text_field: str, new_text: str | None, meta_field: str,
           meta: dict[str, Any]) -> str:
    """``line`` with the text value replaced (unless ``new_text`` is None) and the metadata set.

    >>> line = '{"text":"a  ","k":[1, 2]}'
    >>> splice(line, parse_fields(line), "text", "a", "cleaner", {"n": 1})
    '{"text":"a","k":[1, 2],"cleaner":{"n":1}}'
    """
    ascii_only = line.isascii()  # keep an escaped (\\uXXXX) file escaped
    sep = (",", ":") if fields.compact else (", ", ": ")

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=ascii_only, separators=sep)

    changes: list[tuple[int, int, str]] = []
    if new_text is not None:
        s, e = fields.spans[text_field]
        changes.append((s, e, dump(new_text)))
    if meta_field in fields.spans:
        s, e = fields.spans[meta_field]
        changes.append((s, e, dump(meta)))
    else:
        # After the last value, before any white space and the closing brace.
        end = max(e for _, e in fields.spans.values()) if fields.spans else fields.close
        lead = sep[0] if fields.spans else ""
        changes.append((end, end, f"{lead}{dump(meta_field)}{sep[1]}{dump(meta)}"))
    out, pos = [], 0
    for s, e, new in sorted(changes):
        out.append(line[pos:s])
        out.append(new)
        pos = e
    out.append(line[pos:])
    return "".join(out)


@dataclass
class Event:
    """What happened to one line (``kind`` ``line``) or one file (``open``, ``close``, ``error``).

    ``line``: ``data`` is the output bytes of the line; ``doc``/``result`` are set for a
    cleaned record, ``error`` for a line copied unchanged. ``open``/``close``: a file begins
    or ends (``path``, ``rel``). ``error``: a file-level error (``error``); nothing to write.
    """

    kind: str
    path: str | None = None
    rel: str | None = None
    data: bytes = b""
    doc: Document | None = None
    result: Result | None = None
    error: InputError | None = None


@dataclass
class _Pending:
    event: Event
    line: str | None = None
    fields: Fields | None = None
    ending: bytes = b""
    prefix: bytes = b""
    lineno: int = 0
    waits: bool = False  # a record sent for cleaning


@dataclass
class Options:
    text_field: str = "text"
    id_field: str = "id"
    meta_field: str = "cleaner"
    max_bytes: int = DEFAULT_MAX_BYTES
    extra: dict = field(default_factory=dict)


Source = tuple[str | None, str, Iterable[bytes]]  # (path or None for stdin, name for messages/outputs, lines)


def _units(sources: Iterable[Source | InputError], opts: Options) -> Iterator[_Pending]:
    for src in sources:
        if isinstance(src, InputError):
            yield _Pending(Event("error", src.source, None, error=src))
            continue
        path, rel, lines = src
        yield _Pending(Event("open", path, rel))
        for lineno, raw in enumerate(lines, 1):
            yield _unit(path, rel, lineno, raw, opts)
        yield _Pending(Event("close", path, rel))


def _unit(path: str | None, rel: str, lineno: int, raw: bytes, opts: Options) -> _Pending:
    where = f"{rel}:{lineno}"
    ev = Event("line", path, rel, data=raw)

    def fail(message: str, kind: str = "error") -> _Pending:
        ev.error = InputError(where, message, f"{path or '-'}:{lineno}", kind)
        return _Pending(ev, lineno=lineno)

    if isinstance(raw, _TooLong):
        ev.data = b""
        return fail(f"line is over the {opts.max_bytes:,}-byte limit (raise it with --max-bytes); left out",
                    "too-large")
    body = raw.rstrip(b"\r\n")
    ending = raw[len(body):]
    prefix = b""
    if lineno == 1 and body.startswith(_BOM) and body[len(_BOM):].strip():
        prefix, body = _BOM, body[len(_BOM):]
    if not body.strip():
        return _Pending(ev, lineno=lineno)  # a blank line: copied as it is
    try:
        line = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return fail(f"not UTF-8 (byte {exc.start + 1})", "encoding")
    try:
        fields = parse_fields(line)
    except LineError as exc:
        return fail(f"not a JSON record: {exc}")
    except json.JSONDecodeError as exc:
        # json's messages may end in "at" already ("Unterminated string starting at").
        return fail(f"not JSON: {exc.msg.removesuffix(' at')} at column {exc.pos + 1}")
    except RecursionError:
        return fail("not JSON: nested too deeply")
    text = fields.values.get(opts.text_field)
    if opts.text_field not in fields.values:
        return fail(f"no {opts.text_field!r} field")
    if not isinstance(text, str):
        return fail(f"field {opts.text_field!r} is {_json_type(text)}, not a string")
    doc_id = fields.values.get(opts.id_field)
    doc_id = where if doc_id is None else (doc_id if isinstance(doc_id, str) else json.dumps(doc_id))
    ev.doc = Document(doc_id, text, f"{path or '-'}:{lineno}", None, {}, "utf-8")
    return _Pending(ev, line, fields, ending, prefix, lineno, waits=True)


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "an array", bool: "a boolean", int: "a number", float: "a number",
            type(None): "null"}.get(type(value), type(value).__name__)


def process_stream(sources: Iterable[Source | InputError], config: Config, opts: Options | None = None,
                   jobs: int = 1, batch: dict[str, Any] | None = None) -> Iterator[Event]:
    """Clean every record of every source, yielding one event per line (and per file start/end), in order."""
    opts = opts or Options()
    waiting: deque[_Pending] = deque()
    units = _units(sources, opts)

    def documents() -> Iterator[Document]:
        for unit in units:
            waiting.append(unit)
            if unit.waits:
                assert unit.event.doc is not None
                yield unit.event.doc

    for item, result in clean_documents(documents(), config, batch, jobs):
        while True:
            unit = waiting.popleft()
            if unit.waits:
                break
            yield unit.event
        yield _finish(unit, item, result, opts)
    while waiting:  # lines and file ends after the last record
        yield waiting.popleft().event


def _finish(unit: _Pending, item: Document | InputError, result: Result | None, opts: Options) -> Event:
    ev = unit.event
    if result is None:
        assert isinstance(item, InputError)
        where = f"{ev.rel}:{unit.lineno}"
        ev.error = InputError(item.id, f"{where}: {item.message}", item.source, item.kind)
        return ev  # copied unchanged
    assert unit.line is not None and unit.fields is not None
    new_text = result.text if result.edits else None
    line = splice(unit.line, unit.fields, opts.text_field, new_text, opts.meta_field, metadata(result))
    ev.data = unit.prefix + line.encode("utf-8") + unit.ending
    ev.result = result
    return ev


class _TooLong(bytes):
    """Marks a line over the size limit (its bytes are not kept)."""


def read_lines(fh: IO[bytes], max_bytes: int) -> Iterator[bytes]:
    """The lines of a binary stream with their endings; a line over ``max_bytes`` comes as an empty marker.

    >>> import io
    >>> [bytes(x) for x in read_lines(io.BytesIO(b'a\\r\\nbbbbbb\\nc'), 4)], [type(x).__name__ for x in
    ...   read_lines(io.BytesIO(b'a\\r\\nbbbbbb\\nc'), 4)]
    ([b'a\\r\\n', b'', b'c'], ['bytes', '_TooLong', 'bytes'])
    """
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line, in bounded reads
                raw = fh.readline(max_bytes + 1)
            yield _TooLong()
            continue
        yield raw


def open_sources(paths: list[str], pattern: str, max_bytes: int = DEFAULT_MAX_BYTES,
                 exclude: Path | None = None) -> Iterator[Source | InputError]:
    """Each JSONL input as (path, name, lines): files, folders (recursive, ``pattern``) or ``-`` (stdin)."""
    for raw in paths:
        if raw == "-":
            yield None, "-", read_lines(sys.stdin.buffer, max_bytes)
            continue
        root = Path(raw)
        if root.is_dir():
            for found in _walk(root, pattern):
                if isinstance(found, InputError):
                    yield found
                elif exclude is None or not _inside(found, exclude):
                    yield _open_file(found, found.relative_to(root).as_posix(), max_bytes)
        else:
            yield _open_file(root, root.name, max_bytes)


def _open_file(path: Path, rel: str, max_bytes: int) -> Source | InputError:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return InputError(str(path), "no such file or folder", str(path), "missing")
    except OSError as exc:
        return InputError(str(path), f"cannot read: {exc.strerror or exc}", str(path), "unreadable")
    if not stat.S_ISREG(st.st_mode):
        return InputError(str(path), "not a regular file; only files are read", str(path), "not-a-file")
    try:
        fh = open(path, "rb")
    except OSError as exc:
        return InputError(str(path), f"cannot read: {exc.strerror or exc}", str(path), "unreadable")
    return str(path), rel, _closing_lines(fh, max_bytes)


def _closing_lines(fh: IO[bytes], max_bytes: int) -> Iterator[bytes]:
    with fh:
        yield from read_lines(fh, max_bytes)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False


def iter_texts(paths: list[str], pattern: str, opts: Options, exclude: Path | None = None) -> Iterator[str]:
    """The texts of every good record (for batch statistics: a second, streaming pass)."""
    for unit in _units(open_sources(paths, pattern, opts.max_bytes, exclude), opts):
        if unit.waits and unit.event.doc is not None:
            yield unit.event.doc.text


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class AtomicWriter:
    """A file written in pieces and renamed into place on :meth:`commit` (same temp names as cleaner.io)."""

    def __init__(self, target: Path, on_commit: Callable[[], None] | None = None):
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        from cleaner.io import sweep_stale_temps

        sweep_stale_temps(target.parent)  # a killed earlier run's temp files
        fd, self.tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=target.parent)
        self.fh = os.fdopen(fd, "wb")
        self.on_commit = on_commit

    def write(self, data: bytes) -> None:
        self.fh.write(data)

    def commit(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        try:
            mode = self.target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(self.tmp, mode)
        if self.on_commit:
            self.on_commit()
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        try:
            self.fh.close()
        finally:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
