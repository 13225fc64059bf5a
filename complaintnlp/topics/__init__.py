"""Topic stage: what a message is about (taxonomy ``ru_appeals.v1``) and whether it is an appeal.

>>> r = classify("во дворе огромная яма, машины не проедут")
>>> r.label, r.is_appeal
('roads', True)
>>> classify("   ").label
'other'
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from importlib.resources import files

from ..text import Text
from .classifier import TopicClassifier
from .result import TopicResult
from .taxonomy import TAXONOMY, Taxonomy, Topic

__all__ = [
    "TAXONOMY",
    "Taxonomy",
    "Topic",
    "TopicClassifier",
    "TopicResult",
    "classify",
    "classify_batch",
    "default_classifier",
]

DEFAULT_MODEL = "topic_model"
_LOCK = threading.Lock()
_DEFAULT: TopicClassifier | None = None


def default_classifier() -> TopicClassifier:
    """The packaged default model (``complaintnlp/data/topic_model``), loaded once, thread-safe.

    >>> default_classifier().taxonomy_
    'ru_appeals.v1'
    """
    global _DEFAULT
    if _DEFAULT is None:
        with _LOCK:
            if _DEFAULT is None:
                _DEFAULT = TopicClassifier.load(files("complaintnlp") / "data" / DEFAULT_MODEL)
    return _DEFAULT


def classify(text: str | Text) -> TopicResult:
    """Topic of one message with the default model.

    Raises
    ------
    TypeError
        ``text`` is not a ``str`` (or a prepared :class:`~complaintnlp.text.Text`).

    Examples
    --------
    >>> r = classify("Спасибо большое нашей поликлинике!")
    >>> r.label, r.is_appeal
    ('other', False)
    >>> classify(None)
    Traceback (most recent call last):
    ...
    TypeError: text must be str or complaintnlp.text.Text, got NoneType
    """
    if not isinstance(text, str | Text):
        raise TypeError(f"text must be str or complaintnlp.text.Text, got {type(text).__name__}")
    return default_classifier().classify(text)


def classify_batch(texts: Iterable[str | Text]) -> list[TopicResult]:
    """Topics of many messages with the default model (vectorised path).

    >>> [r.label for r in classify_batch(["нет горячей воды", "автобус 5 не ходит"])]
    ['housing_utilities', 'transport']
    """
    return default_classifier().classify_batch(texts)
