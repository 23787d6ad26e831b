"""The ``cleaner`` command: a thin layer over the library.

Exit codes (ruff's convention): 0 success / nothing to fix, 1 edits would be
applied (``check``) or some items failed, 2 usage or fatal error.
"""

import importlib
import importlib.util
import sys

import typer

app = typer.Typer(
    name="cleaner",
    help="Repair garbled scraped news articles (spun text, boilerplate junk, mojibake) with explained, reviewable edits.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from cleaner import __version__

        sys.stdout.write(f"cleaner {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Repair garbled scraped news articles with explained, reviewable edits."""


# Each module registers its commands on `app`; a module not in this installation is skipped.
COMMAND_MODULES = (
    "cleaner.cli.commands",
    "cleaner.cli.review_cmd",
    "cleaner.cli.apply_cmd",
)

for _name in COMMAND_MODULES:
    if importlib.util.find_spec(_name) is not None:
        importlib.import_module(_name)


def main() -> None:
    from cleaner.cli.common import Fatal, console

    try:
        app()
    except Fatal as exc:
        console().print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
