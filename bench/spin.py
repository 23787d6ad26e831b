"""Evaluate the spin stage: repairs on real and synthetic spin, false edits on clean news, verdicts, speed.

Run: ``.venv/bin/python bench/spin.py [--json OUT] [--rate 0.7] [--seed 0] [--skip-wordnet]``

(a) real spin: ../shared/dev/spin_real/003 (spun.txt aligned with original.txt);
(b) a test spinner (bench/spinner.py) over the 79 clean articles, with Moby
    groups and, held out, WordNet groups;
(c) the 79 clean articles unchanged: words changed per 10,000 and documents judged spun;
(d) verdict and score of the five seeds;
(e) speed of clean_text (default config) and of the spin stage alone.

Works before the spin stage exists (its figures then read "not installed").
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import _align  # noqa: E402
from _align import Tally, evaluate, tokenize, words  # noqa: E402

from cleaner.config import Config  # noqa: E402
from cleaner.pipeline import clean_text  # noqa: E402
from cleaner.stages import available  # noqa: E402

SHARED = Path(os.environ.get("CLEANER_SHARED", ROOT.parent / "shared"))
if not SHARED.exists() and Path("/work/shared").exists():
    SHARED = Path("/work/shared")
CONFIGS = {"default": Config(), "unsafe": Config(unsafe_fixes=True)}
# Spun corpora made in (b), reused by (e) to time the stage on spun input too.
SPUN_CACHE: dict[str, list[tuple[str, str]]] = {}


def spin_status() -> str:
    """'installed', 'not installed', or the import error of a stage being written."""
    if not available(["spin"]):
        return "not installed"
    try:
        from cleaner.stages import get_stage
        get_stage("spin")
        return "installed"
    except Exception as exc:  # a stage mid-edit must not stop the bench
        return f"broken ({type(exc).__name__}: {exc})"


def read_dir(path: Path) -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.txt"))]


def safe_clean(text: str, config: Config, doc_id: str, errors: list):
    try:
        return clean_text(text, config, doc_id=doc_id)
    except Exception as exc:
        errors.append(f"{doc_id}: {type(exc).__name__}: {exc}")
        return None


def words_changed(edits) -> int:
    """Word tokens an edit changes: max(words before, words after), 0 for white space or quote style."""
    n = 0
    for e in edits:
        if _align._changes_words(e):
            n += max(len(tokenize(e.before)), len(tokenize(e.after)), 1)
    return n


def is_spin(e) -> bool:
    return e.rule.startswith("spin.")


def verdict_of(res) -> tuple[str, object]:
    if res is None:
        return "error", None
    return res.scores.get("spin.verdict", "-"), res.scores.get("spin.score", "-")


def _spread(xs: list[float]) -> str:
    xs = sorted(xs)
    return f"{xs[0]:.2f}/{xs[len(xs) // 2]:.2f}/{xs[-1]:.2f}"


def _short(s: str, n: int = 60) -> str:
    s = s.replace("\n", "⏎")
    return s if len(s) <= n else s[: n - 1] + "…"


def _fmt(x) -> str:
    if isinstance(x, float):
        return f"{x:.3f}" if abs(x) < 100 else f"{x:.1f}"
    return str(x)


def table(rows: list[list], head: list[str]) -> str:
    cells = [head] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(cells[0]), line(["-" * w for w in widths])] + [line(r) for r in cells[1:]])


def tally_row(name: str, t: Tally) -> list:
    return [name, t.spun, t.restored, t.wrong, t.missed, f"{100 * t.share('restored'):.1f}%",
            f"{100 * t.share('wrong'):.1f}%", t.correct, t.damaged, f"{100 * t.share('damaged'):.2f}%"]


TALLY_HEAD = ["run", "spun tok", "restored", "wrong", "missed", "restored%", "wrong%", "correct tok",
              "damaged", "damaged%"]


# ---------------------------------------------------------------- (a) real spin
def score_both(orig: str, spun: str, res) -> tuple[Tally, Tally]:
    """Tallies for all applied edits, and for the spin stage's edits alone (other stages' damage set aside)."""
    edits = list(res.edits) if res else []
    return evaluate(orig, spun, edits), evaluate(orig, spun, [e for e in edits if is_spin(e)])


def part_a(out: dict) -> str:
    d = SHARED / "dev" / "spin_real" / "003"
    if not (d / "spun.txt").exists():
        return "(a) skipped: ../shared/dev/spin_real/003 missing"
    spun, orig = (d / "spun.txt").read_text(encoding="utf-8"), (d / "original.txt").read_text(encoding="utf-8")
    rows, res_out, lines = [], {}, []
    errors: list[str] = []
    last = None
    for name, cfg in CONFIGS.items():
        res = safe_clean(spun, cfg, "spin_real/003", errors)
        t_all, t_spin = score_both(orig, spun, res)
        last = t_spin
        rows += [tally_row(f"{name} / spin.* edits", t_spin), tally_row(f"{name} / all edits", t_all)]
        v, s = verdict_of(res)
        ov, os_ = verdict_of(safe_clean(orig, cfg, "spin_real/003-original", errors))
        res_out[name] = {"spin_only": t_spin.as_dict(), "all_edits": t_all.as_dict(),
                         "verdict_spun": v, "score_spun": s, "verdict_original": ov, "score_original": os_,
                         "spin_edits": sum(is_spin(e) for e in res.edits) if res else None}
        lines.append(f"  {name}: verdict on spun.txt = {v} (score {_fmt(s)}); "
                     f"on its original.txt = {ov} (score {_fmt(os_)})")
    out["a_real_003"] = res_out
    t = last
    txt = ["(a) real spinner, shared/dev/spin_real/003 (spun tokens from word alignment with original.txt)",
           table(rows, TALLY_HEAD)] + lines
    if errors:
        txt.append("  errors: " + "; ".join(errors[:3]))
    txt.append("  unsafe mode, spin.* edits: sites not restored and damage (spun -> original):")
    for s_, o_, c_, r_ in t.wrong_examples:
        txt.append(f"    WRONG  {s_!r} -> want {o_!r}, got {_short(c_)!r} [{r_}]")
    for s_, o_, c_, r_ in t.damage_examples:
        txt.append(f"    DAMAGE {s_!r} (correct) -> {_short(c_)!r} [{r_}]")
    txt.append("    MISSED " + "; ".join(f"{s_!r}->{o_!r}" for s_, o_ in t.missed_examples))
    res_out["unsafe_missed"] = t.missed_examples
    res_out["unsafe_wrong"] = t.wrong_examples
    res_out["unsafe_damage"] = t.damage_examples
    return "\n".join(txt)


# ---------------------------------------------------------------- (b) test spinner
def part_b(out: dict, clean_docs, rate: float, seed: int, skip_wordnet: bool) -> str:
    import spinner as sp_mod

    txt = [f"(b) test spinner (bench/spinner.py, rate {rate}, seed {seed}) over {len(clean_docs)} clean articles"]
    sources = [("moby", sp_mod.Thesaurus.moby)]
    if not skip_wordnet:
        sources.append(("wordnet", sp_mod.Thesaurus.wordnet))
    rows, det_lines, skipped = [], [], []
    out["b_synthetic"] = {}
    for label, build in sources:
        try:
            th = build()
        except FileNotFoundError as exc:
            skipped.append(f"  {label}: skipped: {exc}")
            continue
        spinner = sp_mod.Spinner(th, rate=rate, seed=seed)
        t0 = time.perf_counter()
        spun_docs = [(name, text, spinner.spin(text, name).text) for name, text in clean_docs]
        spin_s = time.perf_counter() - t0
        SPUN_CACHE.setdefault(label, [(name, spun) for name, _, spun in spun_docs])
        total_words = sum(words(o) for _, o, _ in spun_docs)
        rec: dict = {"spin_seconds": round(spin_s, 1)}
        configs = dict(CONFIGS)
        if label == "moby" and spin_status() == "installed":
            # The user-supplied-database case (--synonyms): the stage is given the spinner's own groups.
            db = Path(tempfile.mkdtemp()) / "spinner-db.txt"
            db.write_text("\n".join(spinner.database()) + "\n", encoding="utf-8")
            configs["unsafe+synonyms"] = Config(unsafe_fixes=True, synonyms_path=str(db))
        for cname, cfg in configs.items():
            t_all, t_spin, errors, verdicts, scores = Tally(), Tally(), [], Counter(), []
            for name, orig, spun in spun_docs:
                res = safe_clean(spun, cfg, name, errors)
                a_, s_ = score_both(orig, spun, res)
                t_all.add(a_)
                t_spin.add(s_)
                verdicts[verdict_of(res)[0]] += 1
                sc = verdict_of(res)[1]
                if isinstance(sc, (int, float)):
                    scores.append(float(sc))
            rows += [tally_row(f"{label} / {cname} / spin.*", t_spin), tally_row(f"{label} / {cname} / all", t_all)]
            rec[cname] = {"spin_only": t_spin.as_dict(), "all_edits": t_all.as_dict(),
                          "verdicts": dict(verdicts), "errors": errors[:5]}
            det_lines.append(f"  {label} / {cname}: verdicts on the {len(spun_docs)} spun articles {dict(verdicts)}"
                             + (f", spin.score min/median/max {_spread(scores)}" if scores else "")
                             + (f"; {len(errors)} errors, first: {errors[0]}" if errors else ""))
            if cname == "unsafe":
                t = t_spin
                rec["top_missed"] = _align.common((s.lower(), o.lower()) for s, o in t.missed_examples)
                rec["top_wrong"] = _align.common((s.lower(), o.lower(), _short(c.lower(), 40), r)
                                                 for s, o, c, r in t.wrong_examples)
                rec["top_damage"] = _align.common((s, _short(c, 40), r) for s, _, c, r in t.damage_examples)
        rec["spun_tokens_per_word"] = round(rec["default"]["spin_only"]["spun"] / max(total_words, 1), 3)
        out["b_synthetic"][label] = rec
    txt.append(table(rows, TALLY_HEAD))
    txt += det_lines + skipped
    for label, rec in out["b_synthetic"].items():
        txt.append(f"  {label}: spun tokens per word {rec['spun_tokens_per_word']} (real 003: 0.31); "
                   f"spinning took {rec['spin_seconds']} s")
        txt.append(f"  {label} / unsafe, most common unrepaired (spun->original: count): "
                   + ", ".join(f"{s}->{o}: {n}" for (s, o), n in rec["top_missed"][:15]))
        if rec["top_wrong"]:
            txt.append(f"  {label} / unsafe, most common wrong spin repairs (spun->want => got [rule]: count): "
                       + ", ".join(f"{s}->{o} => {c!r} [{r}]: {n}" for (s, o, c, r), n in rec["top_wrong"][:10]))
        if rec["top_damage"]:
            txt.append(f"  {label} / unsafe, damage by spin edits (correct token => got [rule]: count): "
                       + ", ".join(f"{s} => {c!r} [{r}]: {n}" for (s, c, r), n in rec["top_damage"][:10]))
    txt.append("  NOTE: 'moby' is a spinner built from the thesaurus the stage may draw its candidates from,")
    txt.append("  so it flatters the stage; 'wordnet' is a held-out synonym source, closer to an unknown spinner.")
    txt.append("  'spin.*' rows score the spin stage's edits alone; 'all' rows include every stage's edits.")
    txt.append("  'unsafe+synonyms': the stage is also given the test spinner's own database (--synonyms FILE).")
    return "\n".join(txt)


# ---------------------------------------------------------------- (c) clean corpus
def part_c(out: dict, clean_docs) -> str:
    total_words = sum(words(t) for _, t in clean_docs)
    rows, false_edits, other_rules = [], [], Counter()
    out["c_clean"] = {"words": total_words}
    for cname, cfg in CONFIGS.items():
        errors, spun_docs, clean_scores = [], [], []
        n_all = n_spin = 0
        for name, text in clean_docs:
            res = safe_clean(text, cfg, name, errors)
            if res is None:
                continue
            n_all += words_changed(res.edits)
            n_spin += words_changed([e for e in res.edits if is_spin(e)])
            if isinstance(res.scores.get("spin.score"), (int, float)):
                clean_scores.append(float(res.scores["spin.score"]))
            if res.scores.get("spin.verdict") == "spun":
                spun_docs.append((name, res.scores.get("spin.score")))
            for e in res.edits:
                if is_spin(e) and _align._changes_words(e):
                    lo = max(0, text.rfind("\n", 0, e.start) + 1, e.start - 40)
                    ctx = text[lo:e.start] + "[" + e.before + " -> " + e.after + "]" + text[e.end:e.end + 40]
                    false_edits.append((cname, name, e.before, e.after, e.rule, e.safety,
                                        round(e.confidence, 2), ctx.replace("\n", " ")))
                elif _align._changes_words(e) and cname == "default":
                    other_rules[e.rule] += 1
        per = lambda n: 10000 * n / max(total_words, 1)
        rows.append([cname, len(clean_docs), total_words, n_spin, per(n_spin), n_all, per(n_all),
                     len(spun_docs), len(errors)])
        out["c_clean"][cname] = {"spin_words_changed": n_spin, "spin_per_10k": round(per(n_spin), 3),
                                 "all_words_changed": n_all, "all_per_10k": round(per(n_all), 3),
                                 "docs_judged_spun": spun_docs, "errors": errors[:5],
                                 "score_spread": _spread(clean_scores) if clean_scores else None}
    # An edit applied in default mode is applied in unsafe mode too: list each once, from the unsafe run.
    listed = [f for f in false_edits if f[0] == "unsafe"] or false_edits
    out["c_clean"]["false_spin_edits"] = listed
    out["c_clean"]["other_stage_word_edits_default"] = dict(other_rules)
    txt = [f"(c) {len(clean_docs)} clean articles unchanged (every word change is a false edit); target spin < 0.5 per 10k, 0 docs spun",
           table(rows, ["mode", "docs", "words", "spin words", "spin /10k", "all words", "all /10k",
                        "judged spun", "errors"])]
    if out["c_clean"]["default"].get("score_spread"):
        txt.append(f"  spin.score on the clean articles, min/median/max: {out['c_clean']['default']['score_spread']}")
    for cname in CONFIGS:
        docs = out["c_clean"][cname]["docs_judged_spun"]
        if docs:
            txt.append(f"  {cname}: judged spun: " + ", ".join(f"{n} ({_fmt(s)})" for n, s in docs))
    if listed:
        txt.append(f"  false spin edits ({len(listed)}; unsafe mode lists safe and unsafe ones):")
        for _, name, b, a, rule, safety, conf, ctx in listed:
            txt.append(f"    {name}: {b!r} -> {a!r}  {rule} ({safety}, {conf})  …{ctx}…")
    if other_rules:
        txt.append("  word edits by other stages (default mode): " + ", ".join(f"{r}: {n}" for r, n in other_rules.most_common()))
    return "\n".join(txt)


# ---------------------------------------------------------------- (d) seeds
def part_d(out: dict) -> str:
    rows, errors = [], []
    out["d_seeds"] = {}
    for name, text in read_dir(ROOT / "seeds"):
        rec = {}
        row = [name, words(text)]
        for cname, cfg in CONFIGS.items():
            res = safe_clean(text, cfg, name, errors)
            v, s = verdict_of(res)
            n = sum(1 for e in (res.edits if res else []) if is_spin(e))
            rec[cname] = {"verdict": v, "score": s, "spin_edits": n}
            row += [v, s, n] if cname == "default" else [n]
        out["d_seeds"][name] = rec
        rows.append(row)
    txt = ["(d) seeds (003 is the spun one; the other four are clean)",
           table(rows, ["seed", "words", "verdict", "score", "spin edits", "spin edits unsafe"])]
    if errors:
        txt.append("  errors: " + "; ".join(errors[:3]))
    return "\n".join(txt)


# ---------------------------------------------------------------- (e) speed
def _throughput(docs, cfg, repeats: int = 2) -> tuple[float, float]:
    size = sum(len(t.encode("utf-8")) for _, t in docs) / 1e6
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for name, text in docs:
            try:
                clean_text(text, cfg, doc_id=name)
            except Exception:
                pass
        best = min(best, time.perf_counter() - t0)
    return size / best, best


def part_e(out: dict, clean_docs) -> str:
    rows = []
    out["e_speed"] = {}
    runs = [("default pipeline", Config(), clean_docs), ("spin stage alone", Config(stages=("spin",)), clean_docs),
            ("pipeline without spin", Config(stages=tuple(s for s in Config().stages if s != "spin")), clean_docs)]
    if "moby" in SPUN_CACHE:
        runs += [("default pipeline, spun input", Config(), SPUN_CACHE["moby"]),
                 ("spin stage alone, spun input", Config(stages=("spin",)), SPUN_CACHE["moby"])]
    if spin_status() != "installed":
        runs = [r for r in runs if "spin stage alone" not in r[0]]
    for label, cfg, docs in runs:
        t0 = time.perf_counter()
        try:
            clean_text(docs[0][1], cfg)  # first call loads tables and models
        except Exception:
            pass
        cold = time.perf_counter() - t0
        mbs, secs = _throughput(docs, cfg)
        rows.append([label, cold, secs, mbs])
        out["e_speed"][label] = {"first_call_s": round(cold, 3), "corpus_s": round(secs, 3), "mb_per_s": round(mbs, 3)}
    size = sum(len(t.encode("utf-8")) for _, t in clean_docs) / 1e6
    return "\n".join([f"(e) speed on the clean corpus ({size:.2f} MB, {len(clean_docs)} docs; 'spun input': the same"
                      " articles through the Moby test spinner), one core, best of 2",
                      table(rows, ["config", "first call s", "corpus s", "MB/s"])])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", metavar="OUT", help="write the figures as JSON to OUT")
    ap.add_argument("--rate", type=float, default=0.7, help="test spinner: chance a word type is spun")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-wordnet", action="store_true", help="skip the held-out WordNet spinner")
    ap.add_argument("--parts", default="abcde", help="which parts to run, e.g. 'acd'")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N clean articles (quick runs)")
    ap.add_argument("--half", choices=("even", "odd"), help="only the even (calibration) or odd (held-out) "
                    "clean articles, sorted by name; the spin verdict's thresholds were set on the even half")
    args = ap.parse_args(argv)

    status = spin_status()
    out: dict = {"spin_stage": status}
    print(f"spin stage: {status}" + ("" if status == "installed" else
                                      " -- spin figures below measure the other stages only"))
    clean_dir = SHARED / "dev" / "clean"
    clean_docs = read_dir(clean_dir) if clean_dir.exists() else []
    if args.half:
        clean_docs = clean_docs[0::2] if args.half == "even" else clean_docs[1::2]
        print(f"clean articles: the {args.half} half ({len(clean_docs)})")
    if args.limit:
        clean_docs = clean_docs[: args.limit]
    parts = {"a": lambda: part_a(out), "b": lambda: part_b(out, clean_docs, args.rate, args.seed, args.skip_wordnet),
             "c": lambda: part_c(out, clean_docs), "d": lambda: part_d(out), "e": lambda: part_e(out, clean_docs)}
    for key in args.parts:
        if key in "bce" and not clean_docs:
            print(f"\n({key}) skipped: {clean_dir} missing")
            continue
        t0 = time.perf_counter()
        try:
            print("\n" + parts[key]())
        except Exception:
            print(f"\n({key}) failed:\n{traceback.format_exc()}")
        print(f"  [{time.perf_counter() - t0:.1f} s]")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
