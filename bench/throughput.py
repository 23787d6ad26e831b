"""Throughput of the default pipeline: MB/s per core against ftfy.fix_text, scaling, memory, stage costs.

    .venv/bin/python bench/throughput.py [--mb 8] [--jobs 1,2] [--profile]

Corpus: ../shared/dev/clean/*.txt, ../shared/dev/boiler/*/*.txt and seeds/*.txt,
repeated until it holds ``--mb`` megabytes (UTF-8). Figures:

1. single core: clean_text(text, Config()) and ftfy.fix_text(text) on the same texts
   in the same run, timed in turn (best of ``--repeat`` each); the ratio is pipeline MB/s / ftfy MB/s.
   With numba installed (the fast extra) word lookups are compiled; the same first-sight figure
   without them (CLEANER_NUMBA=0) is printed too.
   First sight (the figure the target is about): each repeat is a fresh process that loads every
   table on a warm-up text of its own (and keeps them out of the garbage collector's walks, as a batch
   job does after its first document), then cleans each document of the corpus once, as a batch job does. Repeated passes: the same process over the same corpus again and again; its per-process
   caches (3-gram probabilities, spelling suggestions, words learned as known) then hold every
   document's answers, so this figure flatters the pipeline; it is shown for comparison;
2. per-stage cost: each stage's share of the pipeline time on the same texts;
3. scaling: clean_documents(..., jobs=N) for each N, MB/s and speed-up over 1 job, each in a fresh process
   over documents it has not seen (the pool's start-up, when the fork server loads the tables, apart);
4. peak memory: max RSS of a child process cleaning the corpus via the CLI (and of its fork server with
   more jobs), against the size of the largest document and of the batch;
5. one full garbage collection with every table loaded (it walks every container the tables keep), and
   once they are frozen (cleaner.gcfreeze);
6. start-up: a fresh process that imports cleaner and cleans one sentence (with and without numba).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.batch import clean_documents  # noqa: E402
from cleaner.config import Config  # noqa: E402
from cleaner.gcfreeze import freeze_loaded  # noqa: E402
from cleaner.io import Document  # noqa: E402
from cleaner.pipeline import clean_text  # noqa: E402
from cleaner.stages import available, get_stage  # noqa: E402
from cleaner.wordscan import kernels  # noqa: E402

SHARED = ROOT.parent / "shared"


def corpus_files() -> list[Path]:
    files = sorted((SHARED / "dev" / "clean").glob("*.txt")) + sorted((SHARED / "dev" / "boiler").glob("*/*.txt"))
    return files + sorted((ROOT / "seeds").glob("*.txt"))


def load_corpus(target_mb: float) -> list[str]:
    base = [p.read_text(encoding="utf-8", errors="replace") for p in corpus_files()]
    if not base:
        raise SystemExit("no corpus found (../shared/dev or seeds/)")
    texts, size = [], 0
    while size < target_mb * 1e6:
        t = base[len(texts) % len(base)]
        texts.append(t)
        size += len(t.encode("utf-8"))
    return texts


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def best_time(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def stage_costs(texts: list[str], config: Config) -> dict[str, float]:
    """Seconds spent in each stage's function over the corpus (as the pipeline calls them)."""
    spent: dict[str, float] = defaultdict(float)
    originals = {n: get_stage(n).fn for n in available(config.stages)}
    stages = {n: get_stage(n) for n in originals}

    def timed(name, fn):
        def wrapper(text, ctx):
            t = time.perf_counter()
            try:
                return fn(text, ctx)
            finally:
                spent[name] += time.perf_counter() - t
        return wrapper

    for name, stage in stages.items():
        object.__setattr__(stage, "fn", timed(name, originals[name]))
    try:
        t = time.perf_counter()
        for text in texts:
            clean_text(text, config)
        total = time.perf_counter() - t
    finally:
        for name, stage in stages.items():
            object.__setattr__(stage, "fn", originals[name])
    spent["pipeline (mapping, projections, checks)"] = total - sum(spent.values())
    return dict(spent)


def _config(stages: str | None) -> Config:
    return Config(stages=tuple(stages.split(","))) if stages else Config()


def _env(pure: bool) -> dict[str, str] | None:
    """The environment of a child process: this one's, or without the compiled word lookups."""
    return {**os.environ, "CLEANER_NUMBA": "0"} if pure else None


def _child(*args: str, pure: bool = False) -> list[str]:
    """Run this script in a fresh process with ``args`` (``pure``: without the compiled word lookups);
    the fields it prints."""
    r = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT, check=True,
                       env=_env(pure))
    return r.stdout.split()


def _scaling_once(target_mb: float, stages: str | None, jobs: int) -> tuple[float, float]:
    """In this (fresh) process: (pool start-up, seconds to clean the corpus once with ``jobs``).

    One job cleans in this process, after the tables are loaded on WARM_UP. More jobs start the pool
    once on two documents (the fork server loads the tables: that is the start-up), then clean the
    corpus with workers forked afresh, which have not seen it either: both are first sight.
    """
    config = _config(stages)
    docs = [Document(str(i), t) for i, t in enumerate(load_corpus(target_mb))]
    run = lambda items: [None for _ in clean_documents(items, config, jobs=jobs)]  # noqa: E731
    if jobs == 1:
        warm_up(config)
        start_up = 0.0
    else:
        start_up = best_time(lambda: run(docs[:2]), 1)
    return start_up, best_time(lambda: run(docs), 1)


def scaling(target_mb: float, stages: str | None, jobs_list: list[int], repeat: int = 1
            ) -> list[tuple[int, float, float]]:
    """For each job count, the best of ``repeat`` fresh processes: (jobs, pool start-up, seconds)."""
    out = []
    for jobs in jobs_list:
        best = (float("inf"), float("inf"))
        for _ in range(repeat):
            start_up, sec = map(float, _child("--scaling-child", str(jobs), "--mb", str(target_mb),
                                               *(["--stages", stages] if stages else [])))
            best = min(best, (sec, start_up))
        out.append((jobs, best[1], best[0]))
    return out


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_scaling(jobs: int, n: int = 5_000_000) -> float:
    """Speed-up of ``jobs`` processes over one on a pure-Python CPU loop: what this machine's cores give
    at best (shared or throttled virtual cores give far less than ``jobs``)."""
    import multiprocessing as mp

    t = time.perf_counter()
    for _ in range(jobs):
        _burn(n)
    serial = time.perf_counter() - t
    with mp.get_context("fork").Pool(jobs) as pool:
        pool.map(_burn, [1000] * jobs)  # start the workers before timing
        t = time.perf_counter()
        pool.map(_burn, [n] * jobs)
        parallel = time.perf_counter() - t
    return serial / parallel


def peak_rss_of_cli(texts: list[str], jobs: int, pure: bool = False) -> tuple[float, float, int]:
    """Max RSS (MB) of a child `cleaner check` over the corpus written as files, of its fork server
    (with ``jobs`` > 1: every worker forks from it with the tables loaded, shared copy-on-write; 0.0 if
    none or not on Linux), and the file count (``pure``: without the compiled word lookups).

    Read from the child's own VmHWM where Linux has it: ``ru_maxrss`` keeps the high-water mark of the
    process across exec, so a child started from this (large) bench process reported at least this
    process's size (the figures of stops 10 and 11 were bounded below that way).
    """
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, t in enumerate(texts):
            (folder / f"{i:06d}.txt").write_text(t, encoding="utf-8")
        code = ("import resource, sys; from cleaner.cli import main; sys.argv=['cleaner','check','-q',"
                f"'--jobs','{jobs}','{folder}'];\ntry:\n main()\nexcept SystemExit: pass\n"
                "import glob, os\n"
                "def hwm(pid):\n"
                " try:\n  return [int(l.split()[1]) for l in open(f'/proc/{pid}/status') if l.startswith('VmHWM:')][0]\n"
                " except (OSError, IndexError):\n  return 0\n"
                "kids = [int(p.split('/')[2]) for p in glob.glob('/proc/[0-9]*/stat')\n"
                "        if open(p).read().rsplit(')', 1)[-1].split()[1] == str(os.getpid())]\n"
                "kb = hwm('self') or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
                "sys.stderr.write('%d %d' % (kb, max(map(hwm, kids), default=0)))")
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=_env(pure))
        main, server = (int(x) / 1024 for x in r.stderr.strip().splitlines()[-1].split())
        return main, server, len(texts)


def start_up_time(pure: bool, repeat: int) -> float:
    """Seconds for a fresh process to import cleaner and clean one short text (best of ``repeat``)."""
    code = "from cleaner.pipeline import clean_text; clean_text('The goverment said the White Home officials met.\\n')"
    env = _env(pure)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)
        best = min(best, time.perf_counter() - t)
    return best


# Load every table the default pipeline uses without a word of the corpus: a spun text (the thesaurus
# and the 3-gram model), a typo (the spelling suggester), junk lines (the boilerplate rows), mojibake,
# and a plain paragraph (the spin stage's fast path and its evidence patterns).
WARM_UP = ("The Chilly Battle ended. Overseas Minister Ann Lee instructed reporters at an information convention "
           "on Monday that the goverment will take the 2 sides to talks.\nRelated Articles\n"
           "Kremlinâ€™s officials &amp; aides met  again.\n\n\n",
           "Officials said on Tuesday that the talks would resume next week in Geneva.\n")


def warm_up(config: Config) -> None:
    """Load every table on WARM_UP, then freeze what is loaded, as ``clean_documents`` does after a batch's
    first document (cleaner.gcfreeze)."""
    import ftfy

    for text in WARM_UP:
        clean_text(text, config)
        ftfy.fix_text(text)
    freeze_loaded()


def _first_sight_once(target_mb: float, stages: str | None, ftfy_first: bool) -> tuple[float, float]:
    """In this (fresh) process: tables loaded on WARM_UP, then one pass of each over the corpus."""
    import ftfy

    config = _config(stages)
    texts = load_corpus(target_mb)
    warm_up(config)
    runs = {"pipe": lambda: [clean_text(t, config) for t in texts], "ftfy": lambda: [ftfy.fix_text(t) for t in texts]}
    out = {name: best_time(runs[name], 1) for name in (("ftfy", "pipe") if ftfy_first else ("pipe", "ftfy"))}
    return out["pipe"], out["ftfy"]


def _spun_once() -> tuple[int, float, float]:
    """In this (fresh) process, tables loaded on WARM_UP: the machine-spun seed cleaned twice (bytes,
    seconds the first time, seconds again, when the 3-gram cache holds its queries)."""
    config = Config()
    warm_up(config)
    text = next(p for p in sorted((ROOT / "seeds").glob("003_*.txt"))).read_text(encoding="utf-8")
    first = best_time(lambda: clean_text(text, config), 1)
    return len(text.encode("utf-8")), first, best_time(lambda: clean_text(text, config), 1)


def first_sight(target_mb: float, stages: str | None, repeat: int, pure: bool = False) -> list[tuple[float, float]]:
    """``repeat`` fresh processes (which of the two goes first alternates): seconds for one pass of the
    pipeline and of ftfy over documents the process has not seen, per process."""
    out = []
    for i in range(repeat):
        p, f = map(float, _child("--first-sight-child", "--mb", str(target_mb),
                                 *(["--stages", stages] if stages else []), *(["--ftfy-first"] if i % 2 else []),
                                 pure=pure))
        out.append((p, f))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first-sight-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--ftfy-first", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--scaling-child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--spun-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--mb", type=float, default=8.0, help="corpus size in MB (the dev corpus repeated)")
    ap.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}", help="comma-separated job counts to time")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--profile", action="store_true", help="print the top functions of a cProfile run")
    ap.add_argument("--stages", help="comma-separated stages to run (default: the default pipeline)")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory runs")
    args = ap.parse_args()
    if args.first_sight_child:
        print("%.6f %.6f" % _first_sight_once(args.mb, args.stages, args.ftfy_first))
        return
    if args.spun_child:
        print("%d %.6f %.6f" % _spun_once())
        return
    if args.scaling_child:
        print("%.6f %.6f" % _scaling_once(args.mb, args.stages, args.scaling_child))
        return

    import ftfy

    config = _config(args.stages)
    texts = load_corpus(args.mb)
    size = mb(texts)
    compiled = kernels() is not None
    print(f"corpus: {len(texts)} documents, {size:.2f} MB (dev/clean + dev/boiler/* + seeds, repeated); "
          f"stages: {', '.join(available(config.stages))}; cores: {os.cpu_count()}")
    print("word lookups: " + ("compiled (numba: the fast extra)" if compiled else
                              "pure Python (numba not installed, or CLEANER_NUMBA=0)"))
    warm_up(config)  # every table
    for t in texts[:50]:  # and regexes, ftfy's data
        clean_text(t, config)
        ftfy.fix_text(t)

    label = "cleaner pipeline (--stages)" if args.stages else "cleaner default pipeline"
    print("\n1. single core, first sight (a fresh process per repeat; best of %d)" % args.repeat)
    runs = first_sight(args.mb, args.stages, args.repeat)
    pipe, fx = min(p for p, _ in runs), min(f for _, f in runs)
    print(f"   {label:<26}{size / pipe:7.2f} MB/s  ({pipe:.2f} s)")
    print(f"   ftfy.fix_text alone       {size / fx:7.2f} MB/s  ({fx:.2f} s)")
    print(f"   ratio pipeline/ftfy       {fx / pipe:7.2f}x  (target >= 3x)")
    # Each process's own ratio: both timed back to back there, so a slow spell of a shared machine
    # touches both; their spread shows how far one run's figure can be trusted.
    ratios = sorted(f / p for p, f in runs)
    print(f"   ratio in each process     {', '.join(f'{r:.2f}x' for r in ratios)} (median {statistics.median(ratios):.2f}x)")
    print(f"   per document              pipeline {1000 * pipe / len(texts):.2f} ms, ftfy {1000 * fx / len(texts):.2f} ms "
          f"(mean {1000 * size / len(texts):.1f} KB)")
    if compiled:  # the same figure without the fast extra, in the same run
        runs = first_sight(args.mb, args.stages, args.repeat, pure=True)
        pipe_p, fx_p = min(p for p, _ in runs), min(f for _, f in runs)
        ratios = sorted(f / p for p, f in runs)
        print(f"   pure-Python word lookups  {size / pipe_p:7.2f} MB/s, ratio {fx_p / pipe_p:.2f}x "
              f"(in each process {', '.join(f'{r:.2f}x' for r in ratios)})")
    if (ROOT / "seeds").is_dir() and any((ROOT / "seeds").glob("003_*.txt")):
        n, first, again = _child("--spun-child")
        print(f"   the machine-spun seed 003 ({int(n) / 1000:.1f} KB), fresh process: {1000 * float(first):.0f} ms, "
              f"{1000 * float(again):.0f} ms again")

    # Interleaved (pipeline, ftfy, pipeline, ...) so that a slow spell of the machine touches both.
    pipe = fx = float("inf")
    for _ in range(args.repeat):
        pipe = min(pipe, best_time(lambda: [clean_text(t, config) for t in texts], 1))
        fx = min(fx, best_time(lambda: [ftfy.fix_text(t) for t in texts], 1))
    print("   repeated passes in one process (caches hold every document's answers; best of %d)" % args.repeat)
    print(f"   {label:<26}{size / pipe:7.2f} MB/s  ({pipe:.2f} s)")
    print(f"   ftfy.fix_text alone       {size / fx:7.2f} MB/s  ({fx:.2f} s)")
    print(f"   ratio pipeline/ftfy       {fx / pipe:7.2f}x")

    print("\n2. per-stage cost (one pass)")
    costs = stage_costs(texts, config)
    total = sum(costs.values())
    for name, sec in sorted(costs.items(), key=lambda kv: -kv[1]):
        print(f"   {name:<42} {sec:6.2f} s  {100 * sec / total:5.1f}%  {size / sec if sec else float('inf'):8.2f} MB/s")

    print("\n3. scaling (clean_documents, jobs=N, first sight in a fresh process; best of %d)" % args.repeat)
    jobs_list = [int(j) for j in args.jobs.split(",")]
    runs = scaling(args.mb, args.stages, jobs_list, args.repeat)
    base = {jobs: sec for jobs, _, sec in runs}.get(1)
    for jobs, start_up, sec in runs:
        speedup = f"  x{base / sec:4.2f}" if base else ""
        pool = f"  pool start-up {start_up:.2f} s" if jobs != 1 else ""
        ceiling = f"  (a pure-Python CPU loop: x{machine_scaling(jobs):4.2f})" if jobs > 1 else ""
        print(f"   jobs={jobs:<3} {size / sec:7.2f} MB/s  ({sec:.2f} s){speedup}{pool}{ceiling}")

    print("\n4. peak memory (max RSS of `cleaner check` over the corpus as files)")
    largest = max(len(t.encode("utf-8")) for t in texts) / 1e6
    for jobs in ([] if args.no_memory else sorted({1, max(jobs_list)})):
        for scale in (1, 2):
            rss, server, n = peak_rss_of_cli(texts * scale, jobs)
            print(f"   jobs={jobs} {n:5d} files {size * scale:6.1f} MB: max RSS of the main process {rss:6.1f} MB"
                  + (f", of the fork server the workers fork from {server:6.1f} MB" if server else "")
                  + f" (largest document {largest:.2f} MB)")
    if compiled and not args.no_memory:
        rss, _server, n = peak_rss_of_cli(texts, 1, pure=True)
        print(f"   jobs=1 {n:5d} files {size:6.1f} MB, pure-Python word lookups (no numba): {rss:6.1f} MB")

    print("\n5. garbage collection")
    gc.unfreeze()  # warm_up froze the tables, as a batch does
    gc.collect()
    full, tracked = best_time(gc.collect, 5), len(gc.get_objects())
    gc.freeze()
    frozen = best_time(gc.collect, 5)
    print(f"   one full collection with every table loaded: {1000 * full:.1f} ms ({tracked} tracked objects); "
          f"{1000 * frozen:.1f} ms once they are frozen ({len(gc.get_objects())} tracked)")

    print("\n6. start-up (a fresh process: import, load, clean one sentence; best of %d)" % args.repeat)
    print(f"   {start_up_time(False, args.repeat):.2f} s" + (f"; pure-Python word lookups {start_up_time(True, args.repeat):.2f} s"
                                                      if compiled else ""))

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for t in texts:
            clean_text(t, config)
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(25)
        print("\n7. cProfile, top functions by own time\n" + out.getvalue())


if __name__ == "__main__":
    main()
