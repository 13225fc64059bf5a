"""The ``complaintnlp`` command: a thin layer over the public API.

Each stage contributes its commands from its own ``commands`` module (``COMMANDS``, a list of
:class:`Command`); this file only collects them. ``complaintnlp evaluate <stage> …`` gathers the
stages' evaluation commands.

Exit codes: 0 success, 1 an error in the input data (reported on stderr; a batch run keeps going
and exits 1 only if some lines were skipped... see each command), 2 bad command-line usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Command", "main"]

# modules that define COMMANDS; imported when the CLI starts (they must stay light at import)
COMMAND_MODULES = (
    "complaintnlp.topics.commands",
    "complaintnlp.addresses.commands",
    "complaintnlp.geo.commands",
    "complaintnlp.routing.commands",
    "complaintnlp.pipeline_commands",
)


@dataclass(frozen=True)
class Command:
    """One CLI command.

    ``group`` is ``None`` for a top-level command (``complaintnlp classify``) or ``"evaluate"``
    for ``complaintnlp evaluate <name>``.
    """

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    group: str | None = None


def _collect() -> list[Command]:
    commands: list[Command] = []
    for mod in COMMAND_MODULES:
        try:
            module = importlib.import_module(mod)
        except ModuleNotFoundError as e:
            if e.name == mod:
                continue
            raise
        commands.extend(getattr(module, "COMMANDS", []))
    return commands


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="complaintnlp",
        description="Russian citizens' messages → topic, addresses, place, responsible bodies.")
    parser.add_argument("--version", action="version", version=f"complaintnlp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    evaluate = sub.add_parser("evaluate", help="evaluate a stage on labelled data")
    eval_sub = evaluate.add_subparsers(dest="stage", metavar="STAGE")
    for cmd in _collect():
        target = eval_sub if cmd.group == "evaluate" else sub
        p = target.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        cmd.add_arguments(p)
        p.set_defaults(_run=cmd.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "_run", None)
    if run is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(run(args) or 0)
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except (OSError, ValueError, TypeError) as e:
        print(f"complaintnlp: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
