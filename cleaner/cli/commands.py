"""``cleaner clean``, ``cleaner check`` and ``cleaner diff``."""

import json
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import typer

from cleaner import worddiff
from cleaner.batch import (Outcome, inside, batch_statistics, clean_documents, documents_from, output_path,
                           write_result)
from cleaner.cli import app
from cleaner.cli.common import (ALLOW, BATCH, DISABLE, MAX_BYTES, OPTIONS, QUIET, STAGES, SYNONYMS, TABLES,
                                UNSAFE, VERBOSE, Fatal, build_config, console, use_color)
from cleaner.config import Config
from cleaner.io import Document, InputError
from cleaner.report import REPORT_DIRNAME, ReportWriter

JsonlOptions = object  # cleaner.jsonl.Options, imported when --jsonl is given

JOBS = typer.Option(1, "--jobs", "-j", help="Worker processes (0: one per CPU); output identical to --jobs 1.")
JSONL = typer.Option(False, "--jsonl", help="Inputs are JSON Lines: one record per line, the text in --text-field.")
TEXT_FIELD = typer.Option("text", "--text-field", help="With --jsonl: the field holding the text.")
ID_FIELD = typer.Option("id", "--id-field", help="With --jsonl: the field holding the document id.")
META_FIELD = typer.Option("cleaner", "--meta-field",
                          help="With --jsonl: the field that receives counts per rule, spin score and verdict.")
GLOB_ANY = typer.Option(None, "--glob", help="File pattern inside folders (default *.txt; *.jsonl with --jsonl).")


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console(), transient=True) as bar:
        yield bar


def _items(paths: list[str], glob: str | None, config: Config, batch: bool, exclude: Path | None, max_bytes: int,
           jobs: int = 1, jsonl: "JsonlOptions | None" = None):
    """(item, result) for every document, in order; with --jsonl, every record line."""
    if jsonl is not None:
        return _jsonl_items(_jsonl_events(paths, glob, config, batch, exclude, max_bytes, jobs, jsonl))
    pattern = glob or "*.txt"
    stats = None
    if batch:
        def texts():
            for it in documents_from(paths, pattern, exclude, max_bytes):
                if isinstance(it, Document):
                    yield it.text
        if "-" in paths:
            raise Fatal("--batch cannot read stdin twice; give files or folders")
        stats = batch_statistics(texts, config)
    return clean_documents(documents_from(paths, pattern, exclude, max_bytes), config, stats, jobs)


def _jsonl_events(paths: list[str], glob: str | None, config: Config, batch: bool, exclude: Path | None,
                  max_bytes: int, jobs: int, opts: "JsonlOptions"):
    from cleaner import jsonl

    pattern = glob or "*.jsonl"
    opts.max_bytes = max_bytes
    stats = None
    if batch:
        if "-" in paths:
            raise Fatal("--batch cannot read stdin twice; give files or folders")
        stats = batch_statistics(lambda: jsonl.iter_texts(paths, pattern, opts, exclude), config)
    return jsonl.process_stream(jsonl.open_sources(paths, pattern, max_bytes, exclude), config, opts, jobs, stats)


def _jsonl_items(events):
    for ev in events:
        if ev.error is not None:
            yield ev.error, None
        elif ev.result is not None:
            yield ev.doc, ev.result


def _jsonl_options(jsonl: bool, text_field: str, id_field: str, meta_field: str):
    if not jsonl:
        return None
    from cleaner.jsonl import Options

    if len({text_field, id_field, meta_field}) < 3:
        raise Fatal("--text-field, --id-field and --meta-field must name three different fields")
    return Options(text_field=text_field, id_field=id_field, meta_field=meta_field)


def _config(**kw) -> Config:
    return build_config(**kw)


def _print_statistics(counts: Counter, stream=sys.stdout) -> None:
    if not counts:
        return
    width = max(len(r) for r in counts)
    for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        stream.write(f"{n:6d}  {rule:<{width}}\n")


@app.command()
def clean(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or - for stdin."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Output folder (cleaned copies + cleaner-report/)."),
    in_place: bool = typer.Option(False, "--in-place", help="Overwrite the inputs (atomically; keeps NAME.orig unless --no-backup)."),
    backup: bool = typer.Option(True, "--backup/--no-backup", help="With --in-place, keep the input as NAME.orig."),
    report: bool = typer.Option(True, "--report/--no-report", help="Write the report folder inside the output."),
    statistics: bool = typer.Option(False, "--statistics", help="Print edit counts per rule on stdout."),
    unsafe_fixes: bool = UNSAFE, stages: Optional[str] = STAGES, disable: Optional[list[str]] = DISABLE,
    allow: Optional[list[str]] = ALLOW, synonyms: Optional[str] = SYNONYMS, table: Optional[list[str]] = TABLES,
    option: Optional[list[str]] = OPTIONS, glob: Optional[str] = GLOB_ANY, batch: bool = BATCH, quiet: bool = QUIET,
    verbose: bool = VERBOSE, max_bytes: int = MAX_BYTES, jobs: int = JOBS, jsonl: bool = JSONL,
    text_field: str = TEXT_FIELD, id_field: str = ID_FIELD, meta_field: str = META_FIELD,
) -> None:
    """Clean PATHS and write cleaned copies plus a report under --output."""
    config = _config(unsafe_fixes=unsafe_fixes, stages=stages, disable=disable, allow=allow, synonyms=synonyms,
                     tables=table, options=option)
    stdin_mode = paths == ["-"]
    if "-" in paths and not stdin_mode:
        raise Fatal("'-' (stdin) cannot be mixed with other paths")
    if output is None and not in_place and not stdin_mode:
        raise Fatal("say where to write: --output OUT (or --in-place to overwrite the inputs)")
    if output is not None and in_place:
        raise Fatal("--output and --in-place exclude each other")
    if output is not None:
        for p in paths:
            if p != "-" and Path(p).is_dir() and inside(Path(p), output):
                raise Fatal(f"the output folder {output} holds the input {p}; choose another --output "
                            "(or --in-place to overwrite the inputs)")
    con = console(quiet)
    writer = None
    if output is not None and report:
        writer = ReportWriter(output / REPORT_DIRNAME, config_info=_config_info(config))
    outcome = Outcome()
    rule_counts: Counter[str] = Counter()
    opts = _jsonl_options(jsonl, text_field, id_field, meta_field)

    def fail(err: InputError) -> None:
        outcome.failed += 1
        outcome.errors.append(err)
        con.print(f"[red]failed[/red] {err.id}: {err.message}", markup=True, highlight=False)
        if writer:
            writer.add_error(err)

    def count(result) -> None:  # a cleaned document counts even if its output cannot be written
        outcome.documents += 1
        outcome.applied += len(result.edits)
        outcome.suggested += len(result.suggestions)
        outcome.changed += bool(result.edits)
        rule_counts.update(e.rule for e in result.edits)

    report_broken: list[str] = []

    def done(doc: Document, result, target: Path | None) -> None:
        nonlocal writer
        if writer:
            try:
                writer.add(doc, result, str(target) if target else None)
            except OSError as exc:  # e.g. disk full: the cleaned files still count; the report is lost
                report_broken.append(f"cannot write the report: {exc.strerror or exc}")
                con.print(f"[red]error:[/red] {report_broken[-1]}; going on without it", markup=True)
                writer = None
        if verbose:
            con.print(f"{doc.id}: {len(result.edits)} applied, {len(result.suggestions)} suggested",
                      highlight=False)

    written: dict[str, str] = {}  # output path -> the document that wrote it
    show_bar = not quiet and not verbose and sys.stderr.isatty()
    with _progress(show_bar, "cleaning") as bar:
        task = bar.add_task("clean", total=None) if bar else None
        if opts is not None:
            events = _jsonl_events(paths, glob, config, batch, output, max_bytes, jobs, opts)
            _write_jsonl(events, output, in_place, backup, stdin_mode, fail, count, done,
                         (lambda: bar.advance(task)) if bar else (lambda: None))
            items = ()
        else:
            items = _items(paths, glob, config, batch, output, max_bytes, jobs)
        for item, result in items:
            if bar:
                bar.advance(task)
            if result is None:
                fail(item)
                continue
            doc: Document = item
            count(result)
            target = None
            if stdin_mode:
                sys.stdout.write(result.text)
            else:
                target = output_path(doc, output, in_place)
                if target is not None and not in_place and doc.source and _same_file(target, Path(doc.source)):
                    fail(InputError(doc.id, f"output {target} is the input itself; use --in-place to overwrite",
                                    doc.source, "write"))
                    continue
                if target is not None:
                    first = written.setdefault(str(target), doc.id)
                    if first != doc.id:
                        fail(InputError(doc.id, f"output {target} collides with the output of {first}; "
                                        "clean these inputs into separate folders", doc.source, "write"))
                        continue
                try:
                    write_result(doc, result, target, in_place, backup)
                except OSError as exc:
                    fail(InputError(doc.id, f"cannot write {target}: {exc.strerror or exc}", doc.source, "write"))
                    continue
            done(doc, result, target)
    if writer:
        try:
            outcome.summary = writer.close()
        except OSError as exc:
            report_broken.append(f"cannot write the report: {exc.strerror or exc}")
            con.print(f"[red]error:[/red] {report_broken[-1]}", markup=True)
    if statistics:
        _print_statistics(rule_counts, sys.stderr if stdin_mode else sys.stdout)
    con.print(f"{outcome.documents} documents, {outcome.changed} changed, {outcome.applied} edits applied, "
              f"{outcome.suggested} suggested (unsafe; --unsafe-fixes applies them), {outcome.failed} failed"
              + (f"; report: {output / REPORT_DIRNAME}" if writer else ""), highlight=False)
    raise typer.Exit(_exit_code(outcome.documents, outcome.failed + len(report_broken), 0))


def _write_jsonl(events, output: Path | None, in_place: bool, backup: bool, stdin_mode: bool, fail, count,
                 done, tick) -> None:
    """Write each JSONL input's lines (cleaned, or copied unchanged when they failed) to its output file.

    Each output is written to a temp file and renamed into place when its input
    ends, so an interrupted run leaves the old file or the new one.
    """
    from cleaner.io import keep_backup
    from cleaner.jsonl import AtomicWriter

    current: AtomicWriter | None = None
    target: Path | None = None
    try:
        for ev in events:
            if ev.kind == "open":
                current, target = None, None
                if stdin_mode or ev.path is None:
                    continue
                target = Path(ev.path) if in_place else output / ev.rel
                if not in_place and _same_file(target, Path(ev.path)):
                    fail(InputError(ev.path, f"output {target} is the input itself; use --in-place to overwrite",
                                    ev.path, "write"))
                    target = None
                    continue
                source = Path(ev.path)
                try:
                    current = AtomicWriter(target, (lambda: keep_backup(source)) if in_place and backup else None)
                except OSError as exc:
                    fail(InputError(ev.path, f"cannot write {target}: {exc.strerror or exc}", ev.path, "write"))
                    target = None
            elif ev.kind == "line":
                tick()
                if stdin_mode:
                    sys.stdout.buffer.write(ev.data)
                elif current is not None:
                    current.write(ev.data)
                if ev.error is not None:
                    fail(ev.error)
                elif ev.result is not None:
                    count(ev.result)
                    done(ev.doc, ev.result, target)
            elif ev.kind == "close":
                if current is not None:
                    try:
                        current.commit()
                    except OSError as exc:
                        current.abort()
                        fail(InputError(ev.path, f"cannot write {target}: {exc.strerror or exc}", ev.path, "write"))
                current = None
            elif ev.kind == "error":
                fail(ev.error)
    finally:
        if current is not None:
            current.abort()
        if stdin_mode:
            sys.stdout.flush()


def _exit_code(documents: int, failed: int, would_change: int) -> int:
    """2 if nothing could be read at all; 1 if some items failed or edits would be applied; else 0."""
    if failed and not documents:
        return 2
    return 1 if (failed or would_change) else 0


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _config_info(config: Config) -> dict:
    return {"stages": list(config.stages), "unsafe_fixes": config.unsafe_fixes,
            "synonyms": config.synonyms_path, "tables": list(config.tables),
            "allow_words": len(config.allow_words)}


@app.command()
def check(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or - for stdin."),
    statistics: bool = typer.Option(False, "--statistics", help="Print edit counts per rule."),
    output_format: str = typer.Option("text", "--format", help="text or json."),
    unsafe_fixes: bool = UNSAFE, stages: Optional[str] = STAGES, disable: Optional[list[str]] = DISABLE,
    allow: Optional[list[str]] = ALLOW, synonyms: Optional[str] = SYNONYMS, table: Optional[list[str]] = TABLES,
    option: Optional[list[str]] = OPTIONS, glob: Optional[str] = GLOB_ANY, batch: bool = BATCH, quiet: bool = QUIET,
    verbose: bool = VERBOSE, max_bytes: int = MAX_BYTES, jobs: int = JOBS, jsonl: bool = JSONL,
    text_field: str = TEXT_FIELD, id_field: str = ID_FIELD, meta_field: str = META_FIELD,
) -> None:
    """Report what `clean` would change; write nothing. Exit 1 if any edit would be applied."""
    if output_format not in ("text", "json"):
        raise Fatal("--format is text or json")
    config = _config(unsafe_fixes=unsafe_fixes, stages=stages, disable=disable, allow=allow, synonyms=synonyms,
                     tables=table, options=option)
    con = console(quiet)
    outcome = Outcome()
    counts: Counter[str] = Counter()
    suggested: Counter[str] = Counter()
    files: list[dict] = []
    for item, result in _items(paths, glob, config, batch, None, max_bytes, jobs,
                               _jsonl_options(jsonl, text_field, id_field, meta_field)):
        if result is None:
            outcome.failed += 1
            outcome.errors.append(item)
            con.print(f"[red]failed[/red] {item.id}: {item.message}", markup=True, highlight=False)
            continue
        outcome.documents += 1
        counts.update(e.rule for e in result.edits)
        suggested.update(e.rule for e in result.suggestions)
        if result.edits:
            outcome.changed += 1
        if result.edits or (verbose and result.suggestions):
            files.append({"doc": item.id, "applied": len(result.edits), "suggested": len(result.suggestions),
                          "rules": dict(Counter(e.rule for e in result.edits)), "scores": dict(result.scores)})
    would = sum(counts.values())
    if output_format == "json":
        json.dump({"documents": outcome.documents, "would_change": outcome.changed, "edits": would,
                   "suggestions": sum(suggested.values()), "failed": outcome.failed,
                   "rules": dict(counts), "suggested_rules": dict(suggested), "files": files,
                   "errors": [{"doc": e.id, "error": e.message} for e in outcome.errors]},
                  sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for f in files:
            rules = ", ".join(f"{r}×{n}" for r, n in sorted(f["rules"].items()))
            sys.stdout.write(f"{f['doc']}: {f['applied']} edits ({rules})\n")
        if statistics:
            _print_statistics(counts)
        sys.stdout.write(f"{outcome.changed} of {outcome.documents} documents would change ({would} edits); "
                         f"{sum(suggested.values())} unsafe suggestions; {outcome.failed} failed\n")
    raise typer.Exit(_exit_code(outcome.documents, outcome.failed, would))


@app.command()
def diff(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or - for stdin."),
    context: int = typer.Option(worddiff.CONTEXT_CHARS, "--context", help="Characters of context around a change."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the diff (default: on a terminal)."),
    suggestions: bool = typer.Option(True, "--suggestions/--no-suggestions", help="Also show unsafe suggestions."),
    unsafe_fixes: bool = UNSAFE, stages: Optional[str] = STAGES, disable: Optional[list[str]] = DISABLE,
    allow: Optional[list[str]] = ALLOW, synonyms: Optional[str] = SYNONYMS, table: Optional[list[str]] = TABLES,
    option: Optional[list[str]] = OPTIONS, glob: Optional[str] = GLOB_ANY, batch: bool = BATCH, quiet: bool = QUIET,
    max_bytes: int = MAX_BYTES, jobs: int = JOBS, jsonl: bool = JSONL,
    text_field: str = TEXT_FIELD, id_field: str = ID_FIELD, meta_field: str = META_FIELD,
) -> None:
    """Print a word-level diff of what `clean` would change. Exit 1 if any edit would be applied."""
    config = _config(unsafe_fixes=unsafe_fixes, stages=stages, disable=disable, allow=allow, synonyms=synonyms,
                     tables=table, options=option)
    con = console(quiet)
    colored = use_color() if color is None else color
    would = failed = documents = 0
    for item, result in _items(paths, glob, config, batch, None, max_bytes, jobs,
                               _jsonl_options(jsonl, text_field, id_field, meta_field)):
        if result is None:
            failed += 1
            con.print(f"[red]failed[/red] {item.id}: {item.message}", markup=True, highlight=False)
            continue
        documents += 1
        shown = result.all_edits() if suggestions else list(result.edits)
        would += len(result.edits)
        text = worddiff.render(result.original, shown, name=item.rel or item.id, context=context, color=colored)
        if text:
            sys.stdout.write(text + "\n")
    raise typer.Exit(_exit_code(documents, failed, would))
