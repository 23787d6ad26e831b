"""Readers turn paths and streams into documents; writers put results back, atomically.

Bad input never stops a batch: a reader yields an :class:`InputError` for the
item and goes on.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

# Refuse files larger than this by default: a news article is kilobytes; a
# multi-hundred-MB "article" is a mistake and would be held in memory whole.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """One text to clean. ``rel`` is the output name relative to the output folder."""

    id: str
    text: str
    source: str | None = None
    rel: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8"


@dataclass(frozen=True)
class InputError:
    """An item that could not be read, and why."""

    id: str
    message: str
    source: str | None = None


class DecodeFailure(ValueError):
    pass


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM; refuse binary.

    >>> decode_bytes("café".encode("utf-8"))
    ('café', 'utf-8')
    >>> decode_bytes(b"\\xff\\xfeh\\x00i\\x00")
    ('hi', 'utf-16')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DecodeFailure(f"invalid UTF-16: {exc}") from None
    if b"\x00" in data[:8192]:
        raise DecodeFailure("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Latin-1 text decodes as anything; accept it only if it looks like text in cp1252.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise DecodeFailure("not UTF-8 and not Windows-1252 text") from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(2, len(text) // 1000):
        raise DecodeFailure("binary file (control bytes), not text")
    return text, "cp1252"


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    size = path.stat().st_size
    if size > max_bytes:
        raise DecodeFailure(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-bytes)")
    return decode_bytes(path.read_bytes())


def _walk(root: Path, pattern: str) -> Iterator[Path]:
    """Files under ``root`` matching ``pattern``, sorted, following no symlinked folders twice."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if entry.is_dir():
                subdirs.append(entry)
            elif entry.match(pattern):
                yield entry
        stack.extend(reversed(subdirs))


def iter_documents(paths: Iterable[str], pattern: str = "*.txt",
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | InputError]:
    """Documents from files, folders (recursive) and ``-`` (stdin), in a stable order."""
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read()
            try:
                text, enc = decode_bytes(data)
            except DecodeFailure as exc:
                yield InputError("-", str(exc))
                continue
            yield Document("-", text, None, None, {}, enc)
            continue
        path = Path(raw)
        if path.is_dir():
            files = [(f, f.relative_to(path).as_posix()) for f in _walk(path, pattern)]
        elif path.exists() or path.is_symlink():
            files = [(path, path.name)]
        else:
            yield InputError(raw, "no such file or folder", raw)
            continue
        for f, rel in files:
            yield read_document(f, rel, max_bytes)


def read_document(path: Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | InputError:
    try:
        text, enc = read_text_file(path, max_bytes)
    except DecodeFailure as exc:
        return InputError(str(path), str(exc), str(path))
    except OSError as exc:
        return InputError(str(path), exc.strerror or str(exc), str(path))
    return Document(str(path), text, str(path), rel, {}, enc)


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename.

    A reader sees the old file or the new one, never half of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
