"""One small error hierarchy.

Every error complaintnlp raises on purpose derives from :class:`ComplaintNLPError` and from the
matching built-in exception, so callers can catch either.
"""

from __future__ import annotations

__all__ = [
    "ComplaintNLPError",
    "DataFormatError",
    "ModelFormatError",
    "NotFittedError",
    "RoutingTableError",
    "check_text",
]


class ComplaintNLPError(Exception):
    """Base class of every complaintnlp error."""


class ModelFormatError(ComplaintNLPError, ValueError):
    """A saved model directory is missing, truncated, tampered with or of an unknown format."""


class DataFormatError(ComplaintNLPError, ValueError):
    """A user-supplied data file (registry, gazetteer extension, training data) is malformed.

    The message names the file, the row (line) and the column (field) when known.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        where = []
        if path is not None:
            where.append(str(path))
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)
        self.path = path
        self.line = line
        self.field = field


class RoutingTableError(DataFormatError):
    """A user routing table is invalid (names the file, line and field)."""


class NotFittedError(ComplaintNLPError, AttributeError):
    """An estimator was used before ``fit``."""


def check_text(value: object, name: str = "text") -> str:
    """Return ``value`` if it is a ``str``, else raise a clear :class:`TypeError`.

    >>> check_text("ok")
    'ok'
    >>> check_text(None)
    Traceback (most recent call last):
    ...
    TypeError: text must be str, got NoneType
    """
    if isinstance(value, str):
        return value
    raise TypeError(f"{name} must be str, got {type(value).__name__}")
