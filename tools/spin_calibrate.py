"""Calibrate and check the spin verdict's context evidence on a split of the clean articles.

Run: ``.venv/bin/python tools/spin_calibrate.py [--half even|odd|all] [--rate 0.7] [--seed 0]``

The 79 clean articles of ../shared/dev/clean, sorted by file name, are split into the even indices
(the CALIBRATION half: the thresholds in cleaner/spin/verdict.py were set on it, with its Moby-spun
copies) and the odd indices (HELD OUT: report on it). For the chosen half it prints the context gain
(``spin.context_gain``) of the clean articles, of their copies spun by the bench's test spinner
(bench/spinner.py) with Moby groups and, a synonym source the stage does not use, WordNet groups;
the verdicts of the whole stage; and the seeds and spin_real/003. Nothing here is used at run time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench"))

from cleaner.config import Config  # noqa: E402
from cleaner.stages import StageContext, get_stage  # noqa: E402


def pick(docs: list, half: str) -> list:
    return docs if half == "all" else docs[0::2] if half == "even" else docs[1::2]


def spread(xs: list[float]) -> str:
    xs = sorted(xs)
    q = lambda f: xs[min(len(xs) - 1, int(f * len(xs)))]  # noqa: E731
    return (f"min {xs[0]:.2f}  p50 {q(0.5):.2f}  p90 {q(0.9):.2f}  p99 {q(0.99):.2f}  max {xs[-1]:.2f}"
            f"  (n={len(xs)})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=("even", "odd", "all"), default="odd")
    ap.add_argument("--rate", type=float, default=0.7)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-wordnet", action="store_true")
    ap.add_argument("--context", choices=("gated", "always"), default="gated",
                    help="the stage's detect_context option (default: the stage's default, gated)")
    ap.add_argument("--boiler", action="store_true",
                    help="add the extractor outputs of the same half's articles (../shared/dev/boiler) as clean texts")
    args = ap.parse_args(argv)
    import spinner as sp

    stage = get_stage("spin")
    ctx = StageContext("-", Config(stages=("spin",), stage_options={"spin": {"detect_context": args.context}}))
    clean = pick([(p.name, p.read_text(encoding="utf-8"))
                  for p in sorted((SHARED / "dev" / "clean").glob("*.txt"))], args.half)
    sets = {"clean": clean}
    if args.boiler:
        names = {n for n, _ in clean}
        sets["boiler"] = [(f"{p.parent.name}/{p.name}", p.read_text(encoding="utf-8"))
                          for p in sorted((SHARED / "dev" / "boiler").glob("*/*.txt")) if p.name in names]
    sources = [("moby", sp.Thesaurus.moby)] + ([] if args.skip_wordnet else [("wordnet", sp.Thesaurus.wordnet)])
    for label, build in sources:
        try:
            spinner = sp.Spinner(build(), rate=args.rate, seed=args.seed)
        except FileNotFoundError as exc:
            print(f"{label}: skipped ({exc})")
            continue
        sets[label] = [(n, spinner.spin(t, n).text) for n, t in clean]
    print(f"half: {args.half} ({'calibration' if args.half == 'even' else 'held out' if args.half == 'odd' else 'all'});"
          f" test spinner rate {args.rate}, seed {args.seed}")
    for label, docs in sets.items():
        t0 = time.perf_counter()
        outs = [stage.fn(t, ctx).scores for _, t in docs]
        dt = time.perf_counter() - t0
        mb = sum(len(t.encode("utf-8")) for _, t in docs) / 1e6
        verdicts = Counter(o["spin.verdict"] for o in outs)
        print(f"{label:8s} vocabulary   {spread([o['spin.vocabulary'] for o in outs])}")
        scanned = sum(o["spin.context_sites"] > 0 for o in outs)
        print(f"{'':8s} context scan ran on {scanned}/{len(outs)} (gate {args.context})")
        print(f"{label:8s} context gain {spread([o['spin.context_gain'] for o in outs])}")
        print(f"{'':8s} spin.score   {spread([o['spin.score'] for o in outs])}")
        print(f"{'':8s} verdicts {dict(verdicts)}; spin stage {mb / dt:.1f} MB/s")
        if label in ("clean", "boiler"):
            top = sorted(zip(outs, docs), key=lambda x: -x[0]["spin.context_gain"])[:3]
            print(f"{'':8s} highest: " + ", ".join(f"{d[0]} {o['spin.context_gain']:.2f}" for o, d in top))
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        o = stage.fn(p.read_text(encoding="utf-8"), ctx).scores
        print(f"seed {p.name}: {o['spin.verdict']} (score {o['spin.score']}, gain {o['spin.context_gain']:.2f},"
              f" fingerprints {o['spin.fingerprints']})")
    for f in ("spun.txt", "original.txt"):
        p = SHARED / "dev" / "spin_real" / "003" / f
        if p.exists():
            o = stage.fn(p.read_text(encoding="utf-8"), ctx).scores
            print(f"spin_real/003/{f}: {o['spin.verdict']} (score {o['spin.score']}, gain {o['spin.context_gain']:.2f},"
                  f" fingerprints {o['spin.fingerprints']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
