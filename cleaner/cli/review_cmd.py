"""``cleaner review``: decide, edit by edit, which changes of a report to keep."""

import sys
from pathlib import Path
from typing import Optional

import typer

from cleaner import worddiff
from cleaner.cli import app
from cleaner.cli.common import Fatal, console, use_color

DECISIONS_NAME = "decisions.jsonl"


class TerminalUI:
    """Lines on stdout, answers read a line at a time (as ``git add -p`` does by default)."""

    def show(self, text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def ask(self, prompt: str) -> Optional[str]:
        try:
            return input(prompt)
        except (EOFError, KeyboardInterrupt):
            sys.stdout.write("\n")
            return None


def _texts(report):
    """Document text by id, for context; None when the source is gone or changed."""
    from cleaner.review.apply import SourceChanged, read_source

    infos = {d.doc: d for d in report.docs}

    def text(doc: str) -> Optional[str]:
        info = infos.get(doc)
        if info is None:
            return None
        try:
            return read_source(info)[1]
        except SourceChanged:
            return None
    return text


def open_report(path: Path):
    from cleaner.review.report import ReportError, load_report

    try:
        return load_report(path)
    except (ReportError, OSError) as exc:
        raise Fatal(str(exc)) from None


@app.command()
def review(
    path: Path = typer.Argument(..., help="The report folder, or the output folder of `clean -o` holding it."),
    decisions: Optional[Path] = typer.Option(None, "--decisions",
                                             help="Decisions file (default: REPORT/decisions.jsonl)."),
    accept_rule: Optional[list[str]] = typer.Option(None, "--accept-rule",
                                                    help="Accept undecided edits of a rule (glob; repeatable)."),
    reject_rule: Optional[list[str]] = typer.Option(None, "--reject-rule",
                                                    help="Reject undecided edits of a rule (glob; repeatable)."),
    accept_safe: bool = typer.Option(False, "--accept-safe", help="Accept undecided safe edits."),
    accept_all: bool = typer.Option(False, "--accept-all", help="Accept every undecided edit."),
    reject_all: bool = typer.Option(False, "--reject-all", help="Reject every undecided edit."),
    context: int = typer.Option(worddiff.CONTEXT_CHARS, "--context", help="Characters of context around a change."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the diff (default: on a terminal)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Review the edits of a report: interactively on a terminal, or by rule with flags.

    Decisions already made are skipped, so a review can be stopped (q) and resumed.
    """
    from cleaner.review.decisions import DecisionLog, read_decisions
    from cleaner.review.session import Session, by_flags

    if accept_all and reject_all:
        raise Fatal("--accept-all and --reject-all exclude each other")
    report = open_report(path)
    target = decisions or report.folder / DECISIONS_NAME
    if target.is_dir():
        raise Fatal(f"--decisions {target} is a folder; give a file")
    found = read_decisions(target)
    con = console(quiet)
    if found.bad_lines:
        con.print(f"warning: {target}: ignored {len(found.bad_lines)} unreadable line(s) "
                  f"({', '.join(map(str, found.bad_lines[:5]))})", highlight=False)
    flags = bool(accept_rule or reject_rule or accept_safe or accept_all or reject_all)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if not flags and not interactive:
        raise Fatal("review needs a terminal; without one, decide with --accept-rule/--reject-rule RULE, "
                    "--accept-safe, --accept-all or --reject-all")
    pending = [r for r in report.edits if r.id not in found.decisions]
    with DecisionLog(target, report=report.folder) as log:
        if flags:
            new = by_flags(pending, accept_rule or (), reject_rule or (), accept_safe, accept_all, reject_all)
            log.record_many(new)
            acc = sum(d.decision == "accept" for d in new)
            left = len(pending) - len(new)
            con.print(f"{acc} accepted, {len(new) - acc} rejected, {left} still undecided "
                      f"({len(found.decisions)} decided before); decisions: {target}", highlight=False)
        else:
            colored = use_color() if color is None else color
            session = Session(report, found.decisions, log, _texts(report), context, colored)
            if not session.queue:
                con.print(f"nothing to review: all {len(report.edits)} edits are decided ({target})",
                          highlight=False)
            else:
                out = session.run(TerminalUI())
                con.print(f"{out.accepted} accepted, {out.rejected} rejected, {out.undecided} still undecided"
                          + (" (quit; run review again to go on)" if out.quit and out.undecided else "")
                          + f"; decisions: {target}", highlight=False)
    con.print(f"next: cleaner apply {target}", highlight=False)
