"""``cleaner apply``: write cleaned files with exactly the accepted edits."""

from pathlib import Path
from typing import Optional

import typer

from cleaner.cli import app
from cleaner.cli.common import Fatal, console


def _locate(decisions: Path, report: Optional[Path]):
    """(decisions file, report) from the arguments: the file's header names its report."""
    from cleaner.review.decisions import read_decisions
    from cleaner.review.report import ReportError, find_report

    from cleaner.cli.review_cmd import DECISIONS_NAME, open_report

    if decisions.is_dir():
        try:
            decisions = find_report(decisions) / DECISIONS_NAME
        except ReportError as exc:
            raise Fatal(str(exc)) from None
    if not decisions.is_file():
        raise Fatal(f"no decisions file {decisions} (make one with `cleaner review`)")
    found = read_decisions(decisions)
    if report is None:
        named = (found.header or {}).get("report")
        report = Path(named) if named and Path(named).is_dir() else decisions.parent
    return decisions, found, open_report(report)


@app.command("apply")
def apply_decisions(
    decisions: Path = typer.Argument(..., help="The decisions file (or the report folder holding decisions.jsonl)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Output folder (default: the folder `clean -o` wrote to)."),
    report: Optional[Path] = typer.Option(None, "--report", help="The report folder (default: the one the "
                                          "decisions were made on)."),
    in_place: bool = typer.Option(False, "--in-place", help="Overwrite the inputs (keeps NAME.orig unless --no-backup)."),
    backup: bool = typer.Option(True, "--backup/--no-backup", help="With --in-place, keep the input as NAME.orig."),
    undecided: str = typer.Option("reject", "--undecided",
                                  help="Undecided edits: reject (not applied), safe (apply safe ones) or accept."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No messages on stderr."),
) -> None:
    """Write the report's documents with exactly the accepted edits (sources are checked unchanged)."""
    from cleaner.review.apply import UNDECIDED, apply_report

    if undecided not in UNDECIDED:
        raise Fatal(f"--undecided is one of {', '.join(UNDECIDED)}, not {undecided!r}")
    if in_place and output is not None:
        raise Fatal("--output and --in-place exclude each other")
    path, found, rep = _locate(decisions, report)
    con = console(quiet)
    if found.bad_lines:
        con.print(f"warning: {path}: ignored {len(found.bad_lines)} unreadable line(s)", highlight=False)
    out = apply_report(rep, found.decisions, output, in_place, backup, undecided)
    for d in out.failed:
        con.print(f"[red]failed[/red] {d.doc}: {d.error}", markup=True, highlight=False)
    written = len(out.docs) - len(out.failed)
    und = out.total("undecided")
    note = {"reject": "not applied; --undecided=safe|accept applies them", "safe": "safe ones applied",
            "accept": "applied"}[undecided]
    where = "in place" if in_place else f"to {output if output is not None else rep.output_dir}"
    con.print(f"{written} documents written {where}: {out.total('accepted')} edits accepted, "
              f"{out.total('rejected')} rejected, {und} undecided ({note}); {len(out.failed)} failed",
              highlight=False)
    if out.unknown_decisions:
        con.print(f"warning: {out.unknown_decisions} decision(s) name changes that are not in this report "
                  "(made on another run?)", highlight=False)
    raise typer.Exit(1 if out.failed else 0)
