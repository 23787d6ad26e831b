"""Measure the spelling stage: false alarms on clean text, recall/precision on a typo set, speed.

    .venv/bin/python bench/spelling.py [--seed N] [--rate 0.02] [--glue-rate 0.005] [--list]

1. Clean text (seeds/ and ../shared/dev/clean/): edits applied in default mode (must be 0), the unsafe
   suggestions (false alarms on correctly spelled text, listed), in single-file and in batch mode.
2. A typo set made here from the clean articles (not seeds/), deterministically (``--seed``):
   on ``--rate`` of the lower-case dictionary words of 4+ ASCII letters, one random edit-distance-1
   operation (deletion, insertion of a keyboard neighbour of a letter next to it, substitution by a
   keyboard neighbour, transposition of two different adjacent letters); and on ``--glue-rate`` of the
   pairs of words separated by one space (first word lower case), the space deleted. Reported per
   class: recall (the exact original suggested), detection (any suggestion on the token), precision of
   suggestions on corrupted tokens, and false alarms on the untouched tokens.
3. Speed of the stage function alone, in MB/s (lexicon load time reported apart).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Config, apply, clean_text  # noqa: E402
from cleaner.spelling import allow, lexicon  # noqa: E402
from cleaner.stages import StageContext  # noqa: E402
from cleaner.stages.spelling import STAGE  # noqa: E402
from cleaner.tokens import tokenize  # noqa: E402

DEV_CLEAN = ROOT.parent / "shared" / "dev" / "clean"
ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def neighbours(c: str) -> str:
    """Keys next to ``c`` on a QWERTY keyboard (same row and the rows above and below)."""
    for r, row in enumerate(ROWS):
        i = row.find(c)
        if i >= 0:
            out = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            for rr in (r - 1, r + 1):
                if 0 <= rr < len(ROWS):
                    out += [ROWS[rr][j] for j in (i - 1, i, i + 1) if 0 <= j < len(ROWS[rr])]
            return "".join(out)
    return ""


def corrupt_word(w: str, rng: random.Random) -> str:
    for _ in range(20):
        op = rng.choice(("delete", "insert", "substitute", "transpose"))
        i = rng.randrange(len(w))
        if op == "delete":
            out = w[:i] + w[i + 1:]
        elif op == "insert":
            out = w[:i] + rng.choice(neighbours(w[i])) + w[i:]
        elif op == "substitute":
            out = w[:i] + rng.choice(neighbours(w[i])) + w[i + 1:]
        else:
            if i + 1 >= len(w) or w[i] == w[i + 1]:
                continue
            out = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        if out != w:
            return out
    return w


def corrupt(text: str, rng: random.Random, rate: float, glue_rate: float):
    """The corrupted text and its corruptions [(start, end, corrupted, original, kind)] in its coordinates."""
    toks = [t for t in tokenize(text) if t.kind == "word"]
    plan: dict[int, tuple[str, str]] = {}  # token index -> (kind, replacement text of token (+ gap))
    k = 0
    while k < len(toks):
        t = toks[k]
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if (nxt is not None and text[t.end:nxt.start] == " " and t.text.isalpha() and t.text.islower()
                and nxt.text.isalpha() and rng.random() < glue_rate):
            plan[k] = ("glue", "")
            k += 2
            continue
        w = t.text
        if len(w) >= 4 and w.isascii() and w.isalpha() and w.islower() and lexicon.known(w) and rng.random() < rate:
            bad = corrupt_word(w, rng)
            if bad != w:
                plan[k] = ("typo", bad)
        k += 1
    parts, out, pos, shift = [], [], 0, 0
    for k in sorted(plan):
        kind, bad = plan[k]
        t = toks[k]
        parts.append(text[pos:t.start])
        start = t.start + shift
        if kind == "glue":
            nxt = toks[k + 1]
            new, orig, pos = t.text + nxt.text, text[t.start:nxt.end], nxt.end
        else:
            new, orig, pos = bad, t.text, t.end
        parts.append(new)
        out.append((start, start + len(new), new, orig, kind))
        shift += len(new) - len(orig)
    parts.append(text[pos:])
    return "".join(parts), out


def spelling_suggestions(text: str, config: Config, batch=None):
    r = clean_text(text, config, batch=batch)
    assert apply(text, r.edits) == r.text
    applied = [e for e in r.edits if e.stage == "spelling"]
    return applied, [e for e in r.suggestions if e.stage == "spelling"]


def clean_check(files: list[Path], show: bool) -> None:
    texts = [p.read_text(encoding="utf-8") for p in files]
    batch = {"spelling": allow.learn(texts)}
    for mode, b in (("single-file", None), ("batch", batch)):
        applied, sugg, nonwords = 0, [], 0
        for p, text in zip(files, texts):
            a, s = spelling_suggestions(text, Config(), b)
            applied += len(a)
            sugg += [(p.name, e) for e in s]
        print(f"  {mode:12s} edits applied (default mode): {applied}   unsafe suggestions: {len(sugg)}")
        if show or mode == "single-file":
            for name, e in sugg:
                print(f"      {name}: {e.before!r} -> {e.after!r} ({e.rule})")


def typo_check(files: list[Path], seed: int, rate: float, glue_rate: float, show: bool) -> None:
    rng = random.Random(seed)
    stats = {k: {"n": 0, "nonword": 0, "exact": 0, "touched": 0, "sugg": 0} for k in ("typo", "glue")}
    false_alarms, by_rule = [], {}
    words = 0
    misses = []
    for p in files:
        text, corr = corrupt(p.read_text(encoding="utf-8"), rng, rate, glue_rate)
        words += sum(1 for t in tokenize(text) if t.kind == "word")
        _, sugg = spelling_suggestions(text, Config())
        spans = {(s, e): (bad, orig, kind) for s, e, bad, orig, kind in corr}
        for s, e, bad, orig, kind in corr:
            st = stats[kind]
            st["n"] += 1
            st["nonword"] += not lexicon.known(bad)
        for ed in sugg:
            hit = next(((s, e) for (s, e) in spans if s <= ed.start and ed.end <= e), None)
            ok = False
            if hit is None:
                false_alarms.append((p.name, ed))
            else:
                bad, orig, kind = spans[hit]
                st = stats[kind]
                st["sugg"] += 1
                st["touched"] += 1
                fixed = text[hit[0]:ed.start] + ed.after + text[ed.end:hit[1]]
                ok = fixed == orig
                st["exact"] += ok
                if show and not ok:
                    print(f"      wrong: {bad!r} -> {fixed!r} (was {orig!r})")
            r = by_rule.setdefault(ed.rule, [0, 0])
            r[0] += 1
            r[1] += ok
        if show:
            got = {(ed.start, ed.end) for ed in sugg}
            misses += [(bad, orig) for s, e, bad, orig, kind in corr
                       if not any(s <= a and b <= e for a, b in got) and not lexicon.known(bad)]
    print(f"  {len(files)} articles, {words} words, seed {seed}, typo rate {rate}, glue rate {glue_rate}")
    for kind, st in stats.items():
        n = st["n"] or 1
        prec = st["exact"] / st["sugg"] if st["sugg"] else float("nan")
        print(f"  {kind:5s}: {st['n']} made, {st['nonword']} are non-words; "
              f"recall {st['exact']}/{st['n']} = {st['exact'] / n:.1%} "
              f"(of non-words {st['exact'] / max(st['nonword'], 1):.1%}); "
              f"suggestions on them {st['sugg']}, exact {st['exact']}, precision {prec:.1%}")
    print(f"  false alarms on untouched tokens: {len(false_alarms)} ({len(false_alarms) / words * 1000:.2f} per 1,000 words)")
    for rule, (n, ok) in sorted(by_rule.items()):
        print(f"  {rule}: {n} suggestions, {ok} exact = precision {ok / n:.1%} (false alarms included)")
    if show:
        for name, e in false_alarms:
            print(f"      false alarm {name}: {e.before!r} -> {e.after!r}")
        print("      missed non-words:", ", ".join(f"{b}({o})" for b, o in misses[:80]))


def speed(files: list[Path], seed: int, rate: float, glue_rate: float, load_s: float) -> None:
    print(f"  lexicon load (pyspellchecker + wordfreq): {load_s:.2f} s (once per process)")
    clean = [p.read_text(encoding="utf-8") for p in files]
    rng = random.Random(seed)
    typo = [corrupt(t, rng, rate, glue_rate)[0] for t in clean]
    ctx = StageContext("-", Config())
    for name, texts in (("clean", clean), ("typo set", typo)):
        size = sum(len(t.encode("utf-8")) for t in texts)
        for label in ("first pass", "second pass (warm caches)"):
            t0 = time.perf_counter()
            for t in texts:
                STAGE.fn(t, ctx)
            dt = time.perf_counter() - t0
            print(f"  {name:9s} {label:26s}: {size / 1e6:.2f} MB in {dt:.2f} s = {size / 1e6 / dt:.2f} MB/s")
    t0 = time.perf_counter()
    allow.learn(clean)
    dt = time.perf_counter() - t0
    size = sum(len(t.encode("utf-8")) for t in clean)
    print(f"  batch_stats (learn):  {size / 1e6 / dt:.2f} MB/s")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--rate", type=float, default=0.02)
    ap.add_argument("--glue-rate", type=float, default=0.005)
    ap.add_argument("--list", action="store_true", help="list wrong suggestions, false alarms and misses")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    lexicon.warm()
    allow.project_words()
    load_s = time.perf_counter() - t0
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    dev = sorted(DEV_CLEAN.glob("*.txt")) if DEV_CLEAN.is_dir() else []
    if not dev:
        print(f"note: {DEV_CLEAN} is missing; only seeds/ are measured")
    print(f"1. clean text: seeds/ ({len(seeds)}) and dev/clean ({len(dev)})")
    clean_check(seeds + dev, args.list)
    if dev:
        print("2. typo set (corrupted dev/clean)")
        typo_check(dev, args.seed, args.rate, args.glue_rate, args.list)
    print("3. speed (stage function alone, 2 cores machine)")
    speed(seeds + dev, args.seed, args.rate, args.glue_rate, load_s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
