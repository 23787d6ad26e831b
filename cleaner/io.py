"""Readers turn paths and streams into documents; writers put results back, atomically.

Bad input never stops a batch: a reader yields an :class:`InputError` for the
item (with a ``kind`` such as ``binary`` or ``too-large``) and goes on.

Reading: only regular files are read (a FIFO or a device would block or never
end), their size is checked with ``stat`` before a byte is read and the read
itself is bounded, so memory stays under ``max_bytes`` whatever the input.
Bytes are decoded as UTF-8, UTF-8/16/32 with a BOM, BOM-less UTF-16 (found by
its NUL-byte pattern), UTF-8 with a few stray Windows-1252 bytes, or
Windows-1252; anything else (NUL bytes, control bytes) is refused as binary.
Outputs are always UTF-8.

Writing: :func:`write_atomic` writes a temp file ``.NAME.<pid>-XXXXXXXX.tmp``
beside the target and renames it over the target, so a reader (or a run that
is killed) sees the old file or the new one, never half of one. Temp files
left by a killed run are never read as inputs and are swept by the next run
that writes into the same folder.
"""

from __future__ import annotations

import codecs
import errno
import filecmp
import itertools
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

# Refuse files larger than this by default: a news article is kilobytes; a
# multi-hundred-MB "article" is a mistake and would be held in memory whole.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

# Our temp files: `.NAME.<pid>-XXXXXXXX.tmp` (and `.NAME.XXXXXXXX.tmp` from older versions).
_TEMP_NAME = re.compile(r"^\..+[.-][a-z0-9_]{8}\.tmp$")
_OWN_TEMP = re.compile(r"^\..+\.(?P<pid>\d+)-[a-z0-9_]{8}\.tmp$")
# Control characters that do not occur in text (tab, line breaks and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A well-formed UTF-8 multi-byte sequence.
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


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
    """An item that could not be read (or cleaned, or written), and why.

    ``kind`` sorts failures for summaries: ``binary``, ``encoding``, ``too-large``,
    ``not-a-file``, ``missing``, ``unreadable``, ``internal``, ``write``, ``error``.
    """

    id: str
    message: str
    source: str | None = None
    kind: str = "error"


class DecodeFailure(ValueError):
    """Bytes (or a path) that are not readable text; ``kind`` as in :class:`InputError`."""

    def __init__(self, message: str, kind: str = "encoding"):
        super().__init__(message)
        self.kind = kind


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: a byte that is not UTF-8 is read as Windows-1252 (Latin-1 if undefined there)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), exc.end


codecs.register_error("cleaner-cp1252", _cp1252_fallback)


def _count_controls(text: str) -> int:
    return len(_CONTROL.findall(text))


def _sniff_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit at every other position, as in mostly-ASCII UTF-16.

    >>> _sniff_utf16("Plain words".encode("utf-16-le")), _sniff_utf16("Plain words".encode("utf-16-be"))
    ('utf-16-le', 'utf-16-be')
    >>> _sniff_utf16(bytes(range(256)) * 4) is None
    True
    """
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0:2 * pairs:2].count(0), sample[1:2 * pairs:2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _decode_declared(data: bytes, codec: str, skip: int, label: str) -> tuple[str, str]:
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodeFailure(f"invalid {label}: {exc.reason} at byte {exc.start + skip}") from None
    if _count_controls(text) > max(2, len(text) // 20):
        raise DecodeFailure(f"binary file (control characters after {label} decoding), not text", "binary")
    return text, label.lower()


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text and name the encoding found; refuse binary.

    >>> decode_bytes("café".encode("utf-8"))
    ('café', 'utf-8')
    >>> decode_bytes(b"\\xff\\xfeh\\x00i\\x00")
    ('hi', 'utf-16')
    >>> decode_bytes("No BOM here".encode("utf-16-le"))
    ('No BOM here', 'utf-16-le')
    >>> decode_bytes("caf\\u00e9 cr\\u00e8me".encode("cp1252"))
    ('café crème', 'cp1252')
    >>> decode_bytes("caf\\u00e9, cr\\u00e8me, na\\u00efve: ".encode("utf-8") + b"\\xe9t\\xe9")
    ('café, crème, naïve: été', 'utf-8+cp1252')
    >>> decode_bytes(b"")
    ('', 'utf-8')
    >>> decode_bytes(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
    Traceback (most recent call last):
    ...
    cleaner.io.DecodeFailure: binary file (NUL bytes), not text
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _decode_declared(data, "utf-32", 0, "UTF-32")
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_declared(data, "utf-8", 3, "UTF-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_declared(data, "utf-16", 0, "UTF-16")
    if b"\x00" in data:
        codec = _sniff_utf16(data)
        if codec is None:
            raise DecodeFailure("binary file (NUL bytes), not text", "binary")
        try:
            return _decode_declared(data, codec, 0, codec.upper())
        except DecodeFailure:
            raise DecodeFailure("binary file (NUL bytes; not valid UTF-16 either), not text", "binary") from None
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, enc = _decode_non_utf8(data)
    # Valid UTF-8 may still be binary (an ASCII-only binary format); a few controls are the encoding stage's job.
    if _count_controls(text) > max(2, len(text) // 20):
        raise DecodeFailure("binary file (control bytes), not text", "binary")
    return text, enc


def _decode_non_utf8(data: bytes) -> tuple[str, str]:
    """Mostly UTF-8 with stray single-byte characters, or Windows-1252 (a superset of Latin-1's text)."""
    good = len(_UTF8_SEQ.findall(data))
    bad = len(data.decode("utf-8", errors="replace")) - len(data.decode("utf-8", errors="ignore"))
    if good and good >= bad:
        # A UTF-8 file with a few Latin-1 bytes pasted in: reading it all as cp1252 would
        # turn every good character into mojibake.
        return data.decode("utf-8", errors="cleaner-cp1252"), "utf-8+cp1252"
    text = data.decode("cp1252", errors="cleaner-cp1252")
    # A guess, so stricter than for UTF-8: text in cp1252 has (almost) no control bytes.
    if _count_controls(text) > max(2, len(text) // 1000):
        raise DecodeFailure("binary file (control bytes; not UTF-8 or Windows-1252 text)", "binary")
    return text, "cp1252"


def _kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def _limit_message(size: int, max_bytes: int) -> str:
    return f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise it with --max-bytes)"


def read_bytes_bounded(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; never blocks on a FIFO, never reads more.

    Raises :class:`DecodeFailure` for what is not a readable file, :class:`OSError` otherwise.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise DecodeFailure(f"dangling symlink (its target {os.readlink(path)} does not exist)", "missing") \
                from None
        raise DecodeFailure("no such file", "missing") from None
    if not stat.S_ISREG(st.st_mode):
        raise DecodeFailure(f"not a regular file ({_kind_of(st.st_mode)}); only files are read", "not-a-file")
    if st.st_size > max_bytes:
        raise DecodeFailure(_limit_message(st.st_size, max_bytes), "too-large")
    # O_NONBLOCK: if the path was swapped for a FIFO since the stat, open must not hang.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise DecodeFailure("not a regular file; only files are read", "not-a-file")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew after the stat
        raise DecodeFailure(_limit_message(len(data), max_bytes) + " (it grew while being read)", "too-large")
    return data


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Text and encoding of a file, within ``max_bytes``."""
    return decode_bytes(read_bytes_bounded(path, max_bytes))


def read_stream_bounded(stream, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DecodeFailure(f"input is over the {max_bytes:,}-byte limit (raise it with --max-bytes)", "too-large")
    return data


def is_temp_file(name: str) -> bool:
    """Whether ``name`` is one of our temp files (never an input).

    >>> is_temp_file(".a.txt.4242-k3j_9x0a.tmp"), is_temp_file(".a.txt.k3j_9x0a.tmp"), is_temp_file("a.txt")
    (True, True, False)
    """
    return bool(_TEMP_NAME.match(name))


def _walk(root: Path, pattern: str) -> Iterator[Path | InputError]:
    """Files under ``root`` matching ``pattern``, sorted; each folder once (symlink loops end).

    A folder that cannot be listed is an :class:`InputError`, not a silent gap.
    """
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError as exc:
            yield InputError(str(folder), f"cannot open folder: {exc.strerror or exc}", str(folder), "unreadable")
            continue
        if (st.st_dev, st.st_ino) in seen:
            continue  # a symlink back to a folder already walked (a loop, or a second name)
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            yield InputError(str(folder), f"cannot list folder: {exc.strerror or exc}", str(folder), "unreadable")
            continue
        subdirs = []
        for entry in entries:
            if is_temp_file(entry.name):
                continue
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
            try:
                text, enc = decode_bytes(read_stream_bounded(sys.stdin.buffer, max_bytes))
            except DecodeFailure as exc:
                yield InputError("-", str(exc), None, exc.kind)
                continue
            yield Document("-", text, None, None, {}, enc)
            continue
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path, pattern):
                if isinstance(found, InputError):
                    yield found
                else:
                    yield read_document(found, found.relative_to(path).as_posix(), max_bytes)
        elif path.exists() or path.is_symlink():
            yield read_document(path, path.name, max_bytes)
        else:
            yield InputError(raw, "no such file or folder", raw, "missing")


def read_document(path: Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | InputError:
    try:
        text, enc = read_text_file(path, max_bytes)
    except DecodeFailure as exc:
        return InputError(str(path), str(exc), str(path), exc.kind)
    except OSError as exc:
        return InputError(str(path), f"cannot read: {exc.strerror or exc}", str(path), "unreadable")
    return Document(str(path), text, str(path), rel, {}, enc)


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()
_swept: set[str] = set()


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours
    return True


def sweep_stale_temps(folder: Path) -> list[Path]:
    """Delete temp files in ``folder`` left by a run that was killed (its process is gone)."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        m = _OWN_TEMP.match(name)
        if m and not _pid_alive(int(m.group("pid"))):
            try:
                os.unlink(folder / name)
                removed.append(folder / name)
            except OSError:
                pass
    return removed


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename.

    A reader sees the old file or the new one, never half of one. Text is
    written as UTF-8 unless ``encoding`` says otherwise. A new file gets the
    usual permissions (0666 less the umask); a replaced one keeps its mode.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = str(path.parent.resolve())
    if folder not in _swept:
        _swept.add(folder)
        sweep_stale_temps(path.parent)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def keep_backup(source: Path) -> Path:
    """Keep ``source`` as ``NAME.orig`` before it is overwritten; return the backup's path.

    An existing backup is never overwritten (it may be the only copy of the true
    original, e.g. after an interrupted in-place run): an identical one is
    reused, otherwise ``NAME.orig.1``, ``.2``... is taken. The backup is a hard
    link (instant, atomic) where the file system allows, else an exclusive copy.
    """
    for n in itertools.count():
        backup = source.with_name(source.name + (".orig" if n == 0 else f".orig.{n}"))
        try:
            os.link(source, backup)
            return backup
        except FileExistsError:
            if os.path.samefile(source, backup) or filecmp.cmp(source, backup, shallow=False):
                return backup
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
        try:
            with open(source, "rb") as src, open(backup, "xb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
            return backup
        except FileExistsError:
            if filecmp.cmp(source, backup, shallow=False):
                return backup
    raise AssertionError("unreachable")
