"""Quick spin-stage check while developing: false edits on clean news, verdicts, real spin, speed.

Run: ``.venv/bin/python tools/spin_check.py`` (reads ../shared/dev; the full evaluation is bench/spin.py).
Prints, for the default and --unsafe-fixes configs: words changed by spin.* edits per 10,000 words
and documents judged spun on the 79 clean articles; verdicts on the seeds; restored / wrong / damaged
tokens on spin_real/003; and the spin stage's speed on clean text.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench"))

from cleaner.config import Config  # noqa: E402
from cleaner.pipeline import clean_text  # noqa: E402
from cleaner.stages import StageContext, get_stage  # noqa: E402


def main() -> None:
    from _align import evaluate, tokenize  # the evaluation engineer's token alignment

    clean = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((SHARED / "dev" / "clean").glob("*.txt"))]
    for name, cfg in (("default", Config()), ("unsafe", Config(unsafe_fixes=True))):
        changed = total = 0
        verdicts: Counter[str] = Counter()
        examples = []
        for doc, text in clean:
            r = clean_text(text, cfg, doc_id=doc)
            total += len(tokenize(text))
            for e in r.edits:
                if e.rule.startswith("spin."):
                    changed += max(len(tokenize(e.before)), len(tokenize(e.after)), 1)
                    examples.append((doc, e.before, e.after, e.rule))
            verdicts[r.scores.get("spin.verdict")] += 1
        print(f"clean/{name}: {changed} words changed by spin.* in {total} words = "
              f"{1e4 * changed / total:.2f} per 10,000; verdicts {dict(verdicts)}")
        for ex in examples[:10]:
            print("   ", ex)
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        r = clean_text(p.read_text(encoding="utf-8"))
        print(f"seed {p.name}: {r.scores.get('spin.verdict')} score {r.scores.get('spin.score')}")
    d = SHARED / "dev" / "spin_real" / "003"
    spun, orig = (d / "spun.txt").read_text(encoding="utf-8"), (d / "original.txt").read_text(encoding="utf-8")
    for name, cfg in (("default", Config()), ("unsafe", Config(unsafe_fixes=True))):
        r = clean_text(spun, cfg)
        edits = [e for e in r.edits if e.rule.startswith("spin.")]
        t = evaluate(orig, spun, edits)
        by_rule = Counter(e.rule for e in edits)
        print(f"spin_real/003 {name}: spun {t.spun} restored {t.restored} wrong {t.wrong} missed {t.missed} "
              f"damaged {t.damaged}; edits {dict(by_rule)}")
    stage = get_stage("spin")
    blob = "\n\n".join(t for _, t in clean)
    ctx = StageContext("-", Config())
    t0 = time.perf_counter()
    for _, text in clean:
        stage.fn(text, ctx)
    dt = time.perf_counter() - t0
    print(f"speed: spin stage on the clean articles {len(blob.encode()) / dt / 1e6:.2f} MB/s")


if __name__ == "__main__":
    main()
