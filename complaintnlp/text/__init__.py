"""Text layer: cleaning with offset maps, tokens, lemmas."""

from .document import MAX_TEXT_LENGTH, Text, prepare
from .morphology import Lemmatizer, lemmatize, lemmatize_word
from .normalize import NormalizedText, TextNormalizer, normalize_text
from .tokenize import Token, TokenSegmenter, tokenize

__all__ = [
    "MAX_TEXT_LENGTH",
    "Lemmatizer",
    "NormalizedText",
    "Text",
    "TextNormalizer",
    "Token",
    "TokenSegmenter",
    "lemmatize",
    "lemmatize_word",
    "normalize_text",
    "prepare",
    "tokenize",
]
