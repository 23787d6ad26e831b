"""Line features the boilerplate rules share: a normalised key, word counts, prose and caps tests.

>>> key("  Your email address will not be published. ")
'your email address will not be published'
>>> key("Fears grew after the Kremlin’s “demands”") == key("FEARS grew after the Kremlin's \\"demands\\"")
True
>>> is_prose("He said the talks would go on, and that was that.")
True
>>> is_prose("Related Articles")
False
>>> is_all_caps("RUSSIA SAYS SOME TROOPS LEAVING")
True
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex

_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}’'\-.]*")
# The same words in ASCII text (no ASCII character is a mark; ’ is not ASCII): stdlib `re` is
# several times faster, and most lines are ASCII.
_ASCII_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-.]*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‛": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"',
                         "«": '"', "»": '"', "–": "-", "—": "-", "‐": "-", "\u00a0": " "})
# The same mapping as replacements: a line holds few of these characters, and `in` + `replace`
# per character beats `translate` with a dict (no target is itself a source, so order is free).
_QUOTE_PAIRS = tuple((chr(k), v) for k, v in _QUOTES.items())
# Decoration around a furniture line: arrows, bullets, pipes, colons, ellipses, trailing dots.
_EDGE = regex.compile(r"^[\s\p{Pd}|•·»›→>*:]+|[\s\p{Pd}|•·»›→<*:.…!]+$")
_EDGE_FIRST = regex.compile(r"[\s\p{Pd}|•·»›→>*:]")
_EDGE_LAST = regex.compile(r"[\s\p{Pd}|•·»›→<*:.…!]")
_SPACES = regex.compile(r"\s+")
# Every white-space character (str.isspace) but " " and the line breaks "\n" and "\r" (checked by the tests).
ODD_SPACES = ("\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
              "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# White space to `str.split()` but not to `\s`: where these occur, unify takes the regex path.
_SPLIT_ONLY = ("\x1c", "\x1d", "\x1e", "\x1f")
# The characters `_EDGE_FIRST` and `_EDGE_LAST` match (checked over all of Unicode by the tests), for
# str.strip: white space to `\s` (all of str.isspace but `_SPLIT_ONLY`) and decoration. A line
# starting with a character of DECORATION (the first class but white space) has it as its head.
_REGEX_SPACES = "\n\r " + "".join(c for c in ODD_SPACES if c not in _SPLIT_ONLY)
DECORATION = frozenset("*-:>|·»֊־᐀᠆‐‑‒–—―•›→⸗⸚⸺⸻⹀⹝〜〰゠︱︲﹘﹣－\U00010d6e\U00010ead")
LEAD_DECORATION = "".join(sorted(DECORATION)) + _REGEX_SPACES
TAIL_DECORATION = "".join(sorted(DECORATION - {">"})) + "<.…!" + _REGEX_SPACES
# A sentence ends here: terminal punctuation, perhaps inside closing quotes or brackets.
_TERMINAL = regex.compile(r"[.!?…][\"'”’)\]]*$")
_CLOSERS = "\"'”’)]"


def unify(text: str) -> str:
    """Case-fold, straight quotes, plain dashes, single spaces: two copies of a paragraph
    that differ only in typography get the same string.

    >>> print(unify("  Fears\u00a0grew —  the “KREMLIN’S”  "))
    fears grew - the "kremlin's"
    """
    for a, b in _QUOTE_PAIRS:
        if a in text:
            text = text.replace(a, b)
    if not text.isprintable() and split_only(text):
        return _SPACES.sub(" ", text).strip().casefold()
    # Elsewhere str.split() splits on exactly the characters of `\s`, and the join drops the edges.
    return " ".join(text.split()).casefold()


def split_only(text: str) -> bool:
    """Whether ``text`` holds white space that str.split() sees and `\\s` does not (unify's slow path)."""
    return any(c in text for c in _SPLIT_ONLY)


def fold(text: str) -> str:
    """:func:`unify` without the white-space step, for a whole text at once: case-folded, straight
    quotes, plain dashes. Each character is mapped on its own, so the lines of ``fold(text)`` are
    the folded lines of ``text``, and ``unify(line)`` is ``fold(line)`` with its white space collapsed.

    >>> print(fold("Fears\u00a0GREW —\\n“KREMLIN’S”"))
    fears grew -
    "kremlin's"
    """
    if not text.isascii():
        for a, b in _QUOTE_PAIRS:
            if a in text:
                text = text.replace(a, b)
        if not text.isascii():
            return _casefold(text)
    return text.lower()  # case folding, on ASCII


def _casefold(text: str) -> str:
    """``text.casefold()``, by byte translations where it can (several times faster than
    str.casefold on text that is not ASCII)."""
    try:
        b = text.encode("latin-1")
    except UnicodeEncodeError:
        # Where every character but ASCII ones folds to itself (accented lower-case letters, "…", "€"),
        # folding lowers the ASCII letters: in UTF-8 no other character has their bytes.
        b = text.encode("utf-8", "surrogatepass")
        if all(map(_folds_to_itself, set(b.translate(None, _ASCII).decode("utf-8", "surrogatepass")))):
            return b.lower().decode("utf-8", "surrogatepass")
        return text.casefold()
    # Latin-1 text: each character to its folding, but for the two that do not fold to one Latin-1
    # character (checked by the tests).
    if b"\xb5" not in b and b"\xdf" not in b:
        return b.translate(_LATIN1_FOLD).decode("latin-1")
    return text.casefold()


# Each Latin-1 character to its case folding, but "µ" and "ß" (to "μ" and "ss").
_LATIN1_FOLD = bytes(b if b in (0xB5, 0xDF) else ord(chr(b).casefold()) for b in range(256))
_ASCII = bytes(range(128))


@lru_cache(maxsize=4096)
def _folds_to_itself(c: str) -> bool:
    return c.casefold() == c


# What a line starts with after white space (in a text with "\n" breaks only): its alphanumeric run,
# else its first character; "" for a blank line. Stdlib `re`: `\s` is str.isspace and `[^\W_]` is
# str.isalnum, as tests/test_boilerplate_fastpath.py checks.
_HEADS = re.compile(r"\n[^\S\n]*([^\W_]+|\S?)")


def heads(folded_lines: str) -> list[str]:
    """The :func:`head` of each line of ``folded_lines`` ("\\n" breaks only), in one scan; one more
    "" where the text ends with a break.

    >>> heads("read more\\n  » next\\n\\n_x\\nphoto: ap")
    ['read', '»', '', '_', 'photo']
    """
    return _HEADS.findall("\n" + folded_lines)


def head(u: str) -> str:
    """The alphanumeric run ``u`` starts with after white space ('read' for 'read more'), else its
    first character ('»' for '» next'), else "".

    A line equal to a furniture phrase up to decoration at its end, or starting with a lead
    phrase, has the phrase's head (decoration and phrase ends are never alphanumeric); a line
    with decoration in front has a head in :data:`DECORATION` (see Furniture.candidates).
    """
    return _HEADS.match("\n" + u).group(1)


def key(text: str) -> str:
    """The key a furniture table row or a repeated line is matched on: :func:`unify`
    without decoration at either edge."""
    return key_of_unified(unify(text))


def key_of_unified(u: str) -> str:
    """:func:`key` of a string that :func:`unify` returned: ``_EDGE`` removed, by str.strip (a
    regex tried at every position was slower).

    >>> key_of_unified("» related: ...") , key_of_unified("leave a reply!") , key_of_unified("- . -")
    ('related', 'leave a reply', '')
    """
    if u and u[0] in LEAD_DECORATION:
        u = u.lstrip(LEAD_DECORATION)
    return u.rstrip(TAIL_DECORATION)


def words(text: str) -> list[str]:
    return _ASCII_WORD.findall(text) if text.isascii() else _WORD.findall(text)


_WORD_START = regex.compile(r"[\p{L}\p{N}]")
_WORD_INNER = regex.compile(r"[\p{L}\p{M}\p{N}’'\-.]")
# ASCII letters and digits to 1, everything else to 0 (after "'", "-" and "." are dropped).
_COUNT_TABLE = bytes(1 if chr(b).isascii() and chr(b).isalnum() else 0 for b in range(256))


def word_count(text: str) -> int:
    """``len(words(text))``, counted on bytes (several times faster than a regex on a whole text).

    Each non-ASCII character is replaced by an ASCII one that plays its part in ``_WORD`` (a text
    has few distinct ones, found in its UTF-8 bytes without the ASCII ones). A word is then a run of
    ``[A-Za-z0-9'.-]`` that holds a letter or digit: with "'", "-" and "." dropped and the rest
    mapped to 1 or 0, each word is one run of 1 bytes, counted as the 1 bytes after a 0 byte (or
    first) in the bytes read as one integer.

    >>> t = "“It’s over—really…” he said, à la Zoë; 'U.S.' ..."
    >>> word_count(t) == len(words(t)) == 9
    True
    """
    if not text.isascii():
        b = text.encode("utf-8", "surrogatepass").translate(None, _ASCII)
        for c in set(b.decode("utf-8", "surrogatepass")):
            text = text.replace(c, _ascii_part(c))
    x = int.from_bytes(text.encode("ascii").translate(_COUNT_TABLE, b"'-."), "big")
    return (x & ~(x >> 8)).bit_count()


@lru_cache(maxsize=4096)
def _ascii_part(c: str) -> str:
    """'a' for a character that starts a word, "'" for one that only continues it, ' ' otherwise."""
    return "a" if _WORD_START.match(c) else "'" if _WORD_INNER.match(c) else " "


def ends_sentence(text: str) -> bool:
    """Terminal punctuation at the end, perhaps inside closing quotes or brackets (``_TERMINAL``,
    read from the end instead of searched for at every position).

    >>> ends_sentence("He left.”  "), ends_sentence("He left"), ends_sentence("(See below.)")
    (True, False, True)
    """
    t = text.rstrip().rstrip(_CLOSERS)
    return bool(t) and t[-1] in ".!?…"


def is_prose(text: str, min_words: int = 8) -> bool:
    """A line of running text: enough words, some lower case, and a sentence end."""
    w = words(text)
    return len(w) >= min_words and any(c.islower() for c in text) and ends_sentence(text)


def is_all_caps(text: str) -> bool:
    """At least 90% of the letters upper case (and some letters to judge by)."""
    letters = list(filter(str.isalpha, text))
    return len(letters) >= 4 and sum(map(str.isupper, letters)) >= 0.9 * len(letters)


_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def may_be_all_caps(text: str) -> bool:
    """False where :func:`is_all_caps` is: more than a tenth of the characters are ASCII lower-case
    letters (counted on the UTF-8 bytes, where no other character has such a byte). Cheap, and
    false on most lines of running text.

    >>> may_be_all_caps("RUSSIA SAYS SOME TROOPS LEAVING"), may_be_all_caps("Russia says troops leave")
    (True, False)
    """
    b = text.encode("utf-8", "surrogatepass")
    return 10 * (len(b) - len(b.translate(None, _ASCII_LOWER))) <= len(text)


_SMALL = frozenset("a an and as at but by for from in into of on or per the to vs via with".split())


def is_title_case(text: str) -> bool:
    """Most words that are not small words start with a capital: 'Lakers Hold Off OKC in Overtime'."""
    ws = [w for w in words(text) if w.casefold() not in _SMALL and not w[0].isdigit()]
    return len(ws) >= 3 and sum(w[0].isupper() for w in ws) >= 0.8 * len(ws)
