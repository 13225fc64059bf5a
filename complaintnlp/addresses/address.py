"""``Address``: one address mention, as a span of the original text plus its parts."""

from __future__ import annotations

from dataclasses import dataclass

from ..values import ValueObject

__all__ = ["ADDRESS_PARTS", "Address"]

ADDRESS_PARTS = ("region", "municipality", "settlement", "settlement_type", "district", "street",
                 "house", "building", "apartment", "landmark", "cross_street")


@dataclass(frozen=True, slots=True)
class Address(ValueObject):
    """An address mention; ``text == original[start:end]``; absent parts are ``None``.

    ``street`` is canonical nominative with the full type word («улица Ленина», «Красный
    проспект»); ``house`` is normalised («5», «12к2», «7а», «236/1»); ``normalized`` is one
    canonical string («Тверская обл., г. Тверь, ул. Советская, д. 5»).
    """

    start: int
    end: int
    text: str
    region: str | None = None
    municipality: str | None = None
    settlement: str | None = None
    settlement_type: str | None = None
    district: str | None = None
    street: str | None = None
    house: str | None = None
    building: str | None = None
    apartment: str | None = None
    landmark: str | None = None
    cross_street: str | None = None
    normalized: str = ""

    @property
    def stop(self) -> int:
        """razdel/natasha spelling of :attr:`end`."""
        return self.end
