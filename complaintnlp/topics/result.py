"""``TopicResult``: what the topic stage sets."""

from __future__ import annotations

from dataclasses import dataclass

from ..values import ValueObject

__all__ = ["TopicResult"]


@dataclass(frozen=True, slots=True)
class TopicResult(ValueObject):
    """Topic of a message.

    Attributes
    ----------
    label : str
        Primary label.
    scores : dict
        Label → calibrated probability; the values sum to 1.
    labels : tuple of str
        Every label above its threshold, primary first (never empty).
    is_appeal : bool
        Whether the message is an appeal (not thanks, greetings, ads, spam, news, chatter).
    appeal_score : float
        Probability that the message is an appeal.
    """

    label: str
    scores: dict[str, float]
    labels: tuple[str, ...]
    is_appeal: bool
    appeal_score: float
