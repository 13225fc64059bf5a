"""Reading message records from CSV / JSONL (files, ``.gz`` or standard input), line by line.

Malformed lines never stop a run: they come out as :class:`BadRecord` values with the line
number, and the caller reports and skips them.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

__all__ = ["BadRecord", "Record", "detect_format", "open_text", "read_records"]


@dataclass(frozen=True, slots=True)
class Record:
    """One input record: ``line`` is its 1-based line number in the file."""

    line: int
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A line that could not be read (``reason`` says why)."""

    line: int
    reason: str


def open_text(path: str, encoding: str = "utf-8") -> TextIO:
    """Open ``path`` (``-`` = stdin, ``.gz`` transparently) as text."""
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding=encoding, errors="replace")
    if path.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding=encoding, errors="replace",
                                newline="")
    return open(path, encoding=encoding, errors="replace", newline="")


def detect_format(path: str, explicit: str | None = None) -> str:
    """``"csv"`` or ``"jsonl"`` from an explicit choice or the file name (stdin: JSONL)."""
    if explicit:
        return explicit
    name = path[:-3] if path.endswith(".gz") else path
    if name.endswith((".csv", ".tsv")):
        return "csv"
    return "jsonl"


def read_records(path: str, fmt: str | None = None, encoding: str = "utf-8"
                 ) -> Iterator[Record | BadRecord]:
    """Yield each record of a CSV or JSONL file, or a :class:`BadRecord` for a bad line.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "in.jsonl")
    >>> _ = open(p, "w", encoding="utf-8").write('{"text": "a"}\\n{oops\\n{"text": "b"}\\n')
    >>> [(type(r).__name__, r.line) for r in read_records(p)]
    [('Record', 1), ('BadRecord', 2), ('Record', 3)]
    """
    fmt = detect_format(path, fmt)
    with open_text(path, encoding) as fh:
        if fmt == "csv":
            delimiter = "\t" if path.rstrip(".gz").endswith(".tsv") else ","
            reader = csv.DictReader(fh, delimiter=delimiter)
            fields = reader.fieldnames or []
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as e:
                    yield BadRecord(reader.line_num, f"CSV error: {e}")
                    continue
                if None in row or len(row) != len(fields):
                    yield BadRecord(reader.line_num, "wrong number of fields")
                    continue
                yield Record(reader.line_num, row)
        else:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as e:
                    yield BadRecord(n, f"invalid JSON: {e.msg}")
                    continue
                if not isinstance(data, dict):
                    yield BadRecord(n, "a JSON object is expected")
                    continue
                yield Record(n, data)
