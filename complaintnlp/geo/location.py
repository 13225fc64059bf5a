"""Value objects of the geo stage: ``Place`` (a gazetteer entry), ``PlaceMention``, ``Location``."""

from __future__ import annotations

from dataclasses import dataclass

from ..values import ValueObject

__all__ = ["FEDERAL_CITIES", "PRECISIONS", "Location", "Place", "PlaceMention"]

#: Cities of federal significance: each is a region and a city, with districts of its own.
FEDERAL_CITIES = ("Москва", "Санкт-Петербург", "Севастополь")

#: From coarsest to finest.
PRECISIONS = ("region", "municipality", "settlement", "street", "house")


@dataclass(frozen=True, slots=True)
class Place(ValueObject):
    """A gazetteer entry.

    Attributes
    ----------
    id : int
        Stable row id inside the gazetteer.
    kind : str
        ``"region"``, ``"municipality"``, ``"settlement"`` or ``"district"`` (a city district or
        micro-district).
    name : str
        Canonical name: «Тверь», «Тверская область», «Максатихинский район».
    type : str or None
        Settlement type («город», «пгт», «село», «деревня», «посёлок» …) or municipality type.
    region, municipality : str or None
        Canonical names of the enclosing region and municipality.
    population : int
    lat, lon : float or None
    oktmo : str or None
        11- or 8-digit code with its leading zeros.
    """

    id: int
    kind: str
    name: str
    type: str | None = None
    region: str | None = None
    municipality: str | None = None
    population: int = 0
    lat: float | None = None
    lon: float | None = None
    oktmo: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention(ValueObject):
    """A place name found in a text: a span of the *original* string and its candidate places."""

    start: int
    end: int
    text: str
    candidates: tuple[Place, ...]
    type_word: str | None = None


@dataclass(frozen=True, slots=True)
class Location(ValueObject):
    """Where the problem is.

    ``precision`` is one of :data:`PRECISIONS`; ``confidence`` in [0, 1]; ``source`` is the
    address mention (``Address.to_dict()``) the location came from, if any; ``candidates`` holds the
    other readings when the place is ambiguous.
    """

    region: str | None = None
    municipality: str | None = None
    settlement: str | None = None
    settlement_type: str | None = None
    street: str | None = None
    house: str | None = None
    lat: float | None = None
    lon: float | None = None
    oktmo: str | None = None
    precision: str = "region"
    confidence: float = 0.0
    source: dict | None = None
    candidates: tuple[dict, ...] = ()
