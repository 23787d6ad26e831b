"""Check that a speed change to the spin stage leaves its decisions alone.

Dumps, for every document of a fixed corpus, the spin stage's scores and edits (the stage run alone on
the raw text) to a JSON file, or compares a fresh run with such a dump:

    .venv/bin/python tools/spin_equivalence.py dump /tmp/spin_before.json
    .venv/bin/python tools/spin_equivalence.py compare /tmp/spin_before.json

Corpus: the 79 clean articles of ../shared/dev/clean, the five seeds, spin_real/003 (spun and original),
and the clean articles spun by bench/spinner.py (Moby, and WordNet when installed; rate 0.7, seed 0),
the Moby ones also with the spinner's own database as ``--synonyms``. Verdicts, edits and the integer
site counts must match exactly; float scores are reported when they differ at all (a change in
summation order may move the last digit) and fail the check only beyond 1e-9.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench"))

from cleaner.config import Config  # noqa: E402
from cleaner.stages import StageContext, get_stage  # noqa: E402


def corpus() -> list[tuple[str, str, Config]]:
    """(name, text, config) for every case."""
    import spinner as sp_mod

    clean = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((SHARED / "dev" / "clean").glob("*.txt"))]
    out = [(f"clean/{n}", t, Config()) for n, t in clean]
    out += [(f"seed/{p.name}", p.read_text(encoding="utf-8"), Config()) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    d = SHARED / "dev" / "spin_real" / "003"
    for f in ("spun.txt", "original.txt"):
        if (d / f).exists():
            out.append((f"spin_real/003/{f}", (d / f).read_text(encoding="utf-8"), Config()))
    for label, build in (("moby", sp_mod.Thesaurus.moby), ("wordnet", sp_mod.Thesaurus.wordnet)):
        try:
            th = build()
        except FileNotFoundError:
            print(f"  ({label} spinner skipped: thesaurus not installed)")
            continue
        sp = sp_mod.Spinner(th, rate=0.7, seed=0)
        spun = [(n, sp.spin(t, n).text) for n, t in clean]
        out += [(f"{label}/{n}", t, Config()) for n, t in spun]
        if label == "moby":
            db = Path(tempfile.mkdtemp()) / "spinner-db.txt"
            db.write_text("\n".join(sp.database()) + "\n", encoding="utf-8")
            out += [(f"moby+syn/{n}", t, Config(synonyms_path=str(db))) for n, t in spun]
    return out


def run(cases) -> dict[str, dict]:
    stage = get_stage("spin")
    res = {}
    for name, text, cfg in cases:
        o = stage.fn(text, StageContext(name, cfg))
        res[name] = {"scores": o.scores,
                     "edits": [[e.start, e.end, e.before, e.after, e.rule, e.safety, e.confidence, e.reason]
                               for e in o.edits]}
    return res


def compare(old: dict, new: dict) -> int:
    bad = drift = 0
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a is None or b is None:
            print(f"MISSING {name}: before {a is not None}, after {b is not None}")
            bad += 1
            continue
        if a["edits"] != b["edits"]:
            print(f"EDITS DIFFER {name}: {len(a['edits'])} before, {len(b['edits'])} after")
            bad += 1
        for k in sorted(set(a["scores"]) | set(b["scores"])):
            x, y = a["scores"].get(k), b["scores"].get(k)
            if x == y:
                continue
            if isinstance(x, float) and isinstance(y, float) and abs(x - y) <= 1e-9:
                drift += 1
                print(f"  float drift {name} {k}: {x!r} -> {y!r}")
                continue
            print(f"SCORE DIFFERS {name} {k}: {x!r} -> {y!r}")
            bad += 1
    n_edits = sum(len(v["edits"]) for v in new.values())
    print(f"{len(new)} documents, {n_edits} edits: {bad} differences, {drift} float drifts within 1e-9")
    return 1 if bad else 0


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("dump", "compare"):
        print(__doc__)
        return 2
    res = run(corpus())
    if argv[0] == "dump":
        Path(argv[1]).write_text(json.dumps(res, indent=0, ensure_ascii=False), encoding="utf-8")
        print(f"{len(res)} documents dumped to {argv[1]}")
        return 0
    return compare(json.loads(Path(argv[1]).read_text(encoding="utf-8")), res)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
