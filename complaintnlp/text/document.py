"""``Text``: what every stage reads — the original, the clean text, tokens and lemmas, computed once."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import check_text
from .morphology import lemmatize_word
from .normalize import NormalizedText, normalize_text
from .tokenize import Token, tokenize

__all__ = ["MAX_TEXT_LENGTH", "Text", "prepare"]

#: Longest input analysed in full; longer input is truncated and ``Text.truncated`` is set.
MAX_TEXT_LENGTH = 100_000


@dataclass(frozen=True, slots=True)
class Text:
    """A prepared message.

    Attributes
    ----------
    normalized : NormalizedText
        Clean text and the offset map to the original.
    tokens : tuple of Token
        Tokens of the *clean* text (offsets into ``normalized.text``).
    lemmas : tuple of str
        One lower-case lemma per token (punctuation kept as is).
    truncated : bool
        True when the input was longer than :data:`MAX_TEXT_LENGTH` and only its head was read.
    memo : dict
        What later stages derive from this text and share (word features, place mentions),
        keyed by the stage; not part of equality.

    Examples
    --------
    >>> t = prepare("Трамваи на дорогах!!!")
    >>> t.clean, t.lemmas
    ('Трамваи на дорогах!', ('трамвай', 'на', 'дорога', '!'))
    """

    normalized: NormalizedText
    tokens: tuple[Token, ...]
    lemmas: tuple[str, ...] = field(repr=False)
    truncated: bool = False
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def __reduce__(self) -> tuple:  # the memo (which may hold a gazetteer) is not pickled
        return (Text, (self.normalized, self.tokens, self.lemmas, self.truncated))

    @property
    def original(self) -> str:
        """The input string."""
        return self.normalized.original

    @property
    def clean(self) -> str:
        """The clean text."""
        return self.normalized.text

    def words(self) -> list[str]:
        """Lemmas of word tokens only (no punctuation)."""
        return [lem for lem, tok in zip(self.lemmas, self.tokens, strict=True)
                if any(ch.isalnum() for ch in tok.text)]


#: The last prepared text of each thread: later stages (routing, geolocation) that receive the
#: same ``str`` object again get it back instead of preparing it once more.
_LAST = threading.local()


def prepare(text: str | Text, max_length: int = MAX_TEXT_LENGTH) -> Text:
    """Normalise, tokenise and lemmatise ``text`` (a :class:`Text` passes through)."""
    if isinstance(text, Text):
        return text
    check_text(text)
    last = getattr(_LAST, "value", None)
    # identity, not equality: the cache holds a reference, so the id cannot be reused meanwhile
    if last is not None and last[0] is text and last[1] == max_length:
        return last[2]
    prepared = _prepare(text, max_length)
    _LAST.value = (text, max_length, prepared)
    return prepared


def _prepare(text: str, max_length: int) -> Text:
    truncated = len(text) > max_length
    source = text[:max_length] if truncated else text
    norm = normalize_text(source)
    if truncated:  # keep offsets valid for the full original
        norm = NormalizedText(text, norm.text, norm.segments, norm._starts)
    toks = tuple(tokenize(norm.text))
    lemmas = tuple(map(_token_lemma, [t.text for t in toks]))
    return Text(norm, toks, lemmas, truncated)


@lru_cache(maxsize=200_000)
def _token_lemma(token: str) -> str:
    """Lemma of a token with a letter; any other token lower-cased."""
    return lemmatize_word(token) if any(ch.isalpha() for ch in token) else token.lower()
