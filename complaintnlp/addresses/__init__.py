"""Address extraction: informal and formal Russian address mentions → :class:`Address`.

>>> from complaintnlp.addresses import extract_addresses
>>> [(a.street, a.house) for a in extract_addresses("на Ленина 5 опять прорвало трубу")]
[('улица Ленина', '5')]

Names are exported lazily: importing the package does not load morphology or the gazetteer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .address import ADDRESS_PARTS, Address

if TYPE_CHECKING:  # pragma: no cover
    from .extractor import AddressExtractor, extract_addresses

__all__ = ["ADDRESS_PARTS", "Address", "AddressExtractor", "extract_addresses"]

_LAZY = {"AddressExtractor": ".extractor", "extract_addresses": ".extractor"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
