"""Measure the boilerplate stage on ../shared/dev (rerunnable; prints tables).

    .venv/bin/python bench/boilerplate.py            # all parts
    .venv/bin/python bench/boilerplate.py --show     # also list every deleted line judged to be content

(a) the seeds against dev/seeds_junk.tsv: junk items handled (of 13) and content lines lost;
(b) every extractor in dev/boiler/: 4-word-shingle precision/recall against dev/clean/ before and
    after the stage (macro average over files, shingle SETS as in the ScrapingHub benchmark's
    evaluate.py; micro figures pool the counts);
(c) html-text (all visible page text) under each mode of the stage.

The pipeline is run with stages ("encoding", "whitespace", "boilerplate"); "before" is the same
pipeline without "boilerplate", so the difference is this stage's alone.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shingles import tokens  # noqa: E402

from cleaner.batch import batch_statistics  # noqa: E402
from cleaner.config import Config  # noqa: E402
from cleaner.edits import apply  # noqa: E402
from cleaner.pipeline import clean_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "dev"
STAGES = ("encoding", "whitespace", "boilerplate")
BEFORE = Config(stages=("encoding", "whitespace"))


def config(unsafe=False, **options) -> Config:
    cfg = Config(stages=STAGES, unsafe_fixes=unsafe)
    return cfg.replace(stage_options={"boilerplate": options}) if options else cfg


# ---------------------------------------------------------------- (a) seeds
def seed_labels() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    with open(DEV / "seeds_junk.tsv", encoding="utf-8") as fh:
        rows = [l for l in fh if not l.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE):
        out.setdefault(row["file"], []).append(row)
    return out


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for raw in text.splitlines(keepends=True):
        spans.append((pos, pos + len(raw)))
        pos += len(raw)
    return spans


def _deleted(mask: list[bool], s: int, e: int) -> int:
    return sum(mask[s:e])


def seed_part(cfg: Config, with_suggestions: bool) -> tuple[int, int, int, list[str]]:
    """(handled, items, content lines lost, notes)."""
    labels = seed_labels()
    handled = items = lost = 0
    notes = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        r = clean_text(text, cfg, doc_id=path.name)
        edits = list(r.edits) + (list(r.suggestions) if with_suggestions else [])
        # Characters of the original that the accepted edits remove or replace.
        mask = [False] * (len(text) + 1)
        for e in edits:
            for k in range(e.start, e.end):
                mask[k] = True
        spans = _line_spans(text)
        labelled: set[int] = set()
        for row in labels.get(path.name, []):
            items += 1
            a, _, b = row["line"].partition("-")
            lo, hi = int(a) - 1, int(b or a) - 1
            labelled.update(range(lo, hi + 1))
            ok = _item_handled(text, spans, mask, lo, hi, row)
            handled += ok
            if not ok:
                notes.append(f"missed {path.name}:{row['line']} {row['kind']}")
        for i, (s, e) in enumerate(spans):
            if i in labelled or not text[s:e].strip():
                continue
            line_text = text[s:e].rstrip("\r\n")
            if any(mask[s + k] for k, c in enumerate(line_text) if c.isalnum()):
                lost += 1
                notes.append(f"LOST {path.name}:{i + 1} {line_text[:70]!r}")
        assert apply(text, r.edits) == r.text
    return handled, items, lost, notes


def _item_handled(text, spans, mask, lo, hi, row) -> bool:
    s, e = spans[lo][0], spans[hi][1]
    action = row["action"]
    if action.startswith("remove the tag"):
        tag = row["text"].strip()
        t0 = text.index(tag, s, e)
        credit_kept = not any(mask[k] for k in range(s, t0) if text[k].isalnum())
        return all(mask[t0:t0 + len(tag)]) and credit_kept
    if not row["text"].strip():
        # Blank lines: "remove" leaves none of them, "collapse" leaves at most one blank line in the
        # whole blank stretch around them.
        while action == "collapse" and lo > 0 and not text[spans[lo - 1][0]:spans[lo - 1][1]].strip():
            lo -= 1
        while action == "collapse" and hi + 1 < len(spans) and not text[spans[hi + 1][0]:spans[hi + 1][1]].strip():
            hi += 1
        s, e = spans[lo][0], spans[hi][1]
        left = sum(1 for k in range(s, e) if text[k] == "\n" and not mask[k])
        return left == 0 if action.startswith("remove") else left <= 1
    body = text[s:e].rstrip("\r\n")
    return all(mask[s + k] for k, c in enumerate(body) if not c.isspace())


# ---------------------------------------------------------------- (b), (c) shingles
def shingle_set(text: str) -> set:
    t = tokens(text)
    return {tuple(t[i:i + 4]) for i in range(len(t) - 3)} if len(t) >= 4 else ({tuple(t)} if t else set())


class Score:
    def __init__(self):
        self.n = 0
        self.p = self.r = 0.0
        self.tp = self.np = self.ng = 0

    def add(self, pred: str, gold: str) -> None:
        ps, gs = shingle_set(pred), shingle_set(gold)
        tp = len(ps & gs)
        self.n += 1
        self.p += tp / len(ps) if ps else (1.0 if not gs else 0.0)
        self.r += tp / len(gs) if gs else 1.0
        self.tp, self.np, self.ng = self.tp + tp, self.np + len(ps), self.ng + len(gs)

    @property
    def macro(self):
        return self.p / self.n, self.r / self.n

    @property
    def micro(self):
        return self.tp / max(self.np, 1), self.tp / max(self.ng, 1)


def content_deleted(result, gold: str) -> list[str]:
    """Deleted lines that were article text and are now missing from the output.

    A line of 4+ tokens counts when most of its shingles are in the gold and no longer in the
    output (deleting the second copy of a paragraph loses nothing); a shorter line counts when
    the gold has more lines with exactly its words than the output keeps.
    """
    gs, rs = shingle_set(gold), shingle_set(result.text)
    line_key = lambda l: " ".join(tokens(l))  # noqa: E731
    gold_lines = Counter(line_key(l) for l in gold.splitlines())
    out_lines = Counter(line_key(l) for l in result.text.splitlines())
    out = []
    for e in result.edits:
        if not e.rule.startswith("boilerplate.") or e.after:
            continue
        for line in e.before.splitlines():
            t = tokens(line)
            if not t:
                continue
            if len(t) < 4:
                k = line_key(line)
                hit = gold_lines[k] > out_lines[k]
            else:
                sh = shingle_set(line)
                hit = len(sh & gs) >= 0.5 * len(sh) and len(sh & gs - rs) >= 0.5 * len(sh & gs)
            if hit:
                out.append(f"{e.rule} [{e.safety}]: {line[:100]!r}")
    return out


def extractor_run(folder: Path, cfg: Config, batch: bool) -> tuple[Score, Score, int, list[str], int]:
    files = sorted(folder.glob("*.txt"))
    texts = {f.name: f.read_text(encoding="utf-8") for f in files}
    stats = batch_statistics(lambda: iter(texts.values()), cfg) if batch else None
    before, after = Score(), Score()
    lost_lines: list[str] = []
    guarded = 0
    for name, text in texts.items():
        gold_path = DEV / "clean" / name
        if not gold_path.exists():
            continue
        gold = gold_path.read_text(encoding="utf-8")
        before.add(clean_text(text, BEFORE).text, gold)
        r = clean_text(text, cfg, doc_id=name, batch=stats)
        assert apply(text, r.edits) == r.text
        after.add(r.text, gold)
        guarded += bool(r.scores.get("boilerplate.guarded"))
        lost_lines += [f"{name}: {x}" for x in content_deleted(r, gold)]
    return before, after, len(lost_lines), lost_lines, guarded


MODES = {
    "default": (config(), False),
    "unsafe": (config(unsafe=True), False),
    "default+batch": (config(), True),
    "unsafe+batch": (config(unsafe=True), True),
}
PAGE_MODES = {
    "default": (config(), False),
    "unsafe": (config(unsafe=True), False),
    "page+unsafe": (config(unsafe=True, mode="page"), False),
    "page+unsafe+batch": (config(unsafe=True, mode="page"), True),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="list deleted lines judged to be content")
    ap.add_argument("--part", choices=["a", "b", "c"], action="append")
    args = ap.parse_args(argv)
    parts = args.part or ["a", "b", "c"]
    if not DEV.is_dir():
        print(f"{DEV} not found: nothing to measure")
        return 1
    if "a" in parts:
        print("(a) seeds vs dev/seeds_junk.tsv")
        print(f"{'mode':<34}{'handled':>8}{'items':>6}{'content lines lost':>20}")
        for label, cfg, sugg in (("default (applied)", config(), False),
                                 ("default (applied + suggested)", config(), True),
                                 ("--unsafe-fixes (applied)", config(unsafe=True), False)):
            h, n, lost, notes = seed_part(cfg, sugg)
            print(f"{label:<34}{h:>8}{n:>6}{lost:>20}")
            for note in notes:
                print("    " + note)
        print()
    folders = sorted(p for p in (DEV / "boiler").iterdir() if p.is_dir())
    if "b" in parts:
        print("(b) extractors: 4-shingle precision / recall, macro over files (micro in brackets)")
        print(f"{'extractor':<12}{'mode':<15}{'P before':>9}{'P after':>9}{'R before':>9}{'R after':>9}"
              f"{'dR':>8}{'content del':>12}{'guarded':>8}   micro P/R after")
        for folder in folders:
            if folder.name == "html-text":
                continue
            for mode, (cfg, batch) in MODES.items():
                _report(folder.name, mode, *extractor_run(folder, cfg, batch), show=args.show)
        print()
    if "c" in parts:
        print("(c) html-text (all visible page text)")
        for mode, (cfg, batch) in PAGE_MODES.items():
            _report("html-text", mode, *extractor_run(DEV / "boiler" / "html-text", cfg, batch), show=args.show)
    return 0


def _report(name, mode, before, after, lost, lines, guarded, show=False):
    pb, rb = before.macro
    pa, ra = after.macro
    mp, mr = after.micro
    print(f"{name:<12}{mode:<15}{pb:9.3f}{pa:9.3f}{rb:9.3f}{ra:9.3f}{ra - rb:+8.3f}{lost:12d}{guarded:8d}"
          f"   [{mp:.3f} / {mr:.3f}]")
    if show:
        for line in lines:
            print("      " + line)


if __name__ == "__main__":
    sys.exit(main())
