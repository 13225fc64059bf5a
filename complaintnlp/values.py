"""Shared behaviour of the value objects passed between stages (frozen, slotted dataclasses)."""

from __future__ import annotations

import dataclasses
from typing import Any, Self

__all__ = ["ValueObject"]


class ValueObject:
    """Mixin: ``to_dict()`` (JSON-safe) and ``from_dict()`` for frozen dataclasses."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary of the public fields (nested value objects included)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            if f.name.startswith("_") or (not f.repr and f.metadata.get("private")):
                continue
            out[f.name] = _jsonable(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Inverse of :meth:`to_dict` (unknown keys are ignored)."""
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        kwargs = {}
        for k, v in data.items():
            if k in names:
                kwargs[k] = tuple(v) if isinstance(v, list) else v
        return cls(**kwargs)


def _jsonable(v: Any) -> Any:
    if isinstance(v, ValueObject):
        return v.to_dict()
    if isinstance(v, tuple | list):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, float):
        return v if v == v and abs(v) != float("inf") else None
    return v
