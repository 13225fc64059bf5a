"""``Agency``: one ranked candidate for the body that must answer."""

from __future__ import annotations

from dataclasses import dataclass

from ..values import ValueObject

__all__ = ["LEVELS", "Agency"]

LEVELS = ("federal", "regional", "municipal", "organization")


@dataclass(frozen=True, slots=True)
class Agency(ValueObject):
    """A responsible body.

    Attributes
    ----------
    name : str
        Rendered Russian name («Министерство здравоохранения Тверской области»).
    type : str
        Agency type id (``"management_company"``, ``"housing_inspection"`` …).
    level : str
        One of :data:`LEVELS`.
    score : float
        Relative confidence in [0, 1].
    reason : str
        Readable explanation of why this body was chosen.
    tie : bool
        True when this candidate is in a near-tie with the top one.
    """

    name: str
    type: str
    level: str
    score: float
    reason: str
    tie: bool = False
