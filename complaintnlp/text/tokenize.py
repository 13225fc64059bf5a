"""Tokens with offsets, as value objects.

The default segmenter is a precompiled regular expression that follows razdel's rules for the
cases that matter here (words with inner hyphens «2-я», «Южно-Сахалинск», «из-за»; numbers with
«/» and decimal separators «236/1», «3,5»; every other symbol on its own) and is about 15× faster
than razdel on short messages (see ``benchmarks/``). ``TokenSegmenter(backend="razdel")`` uses
razdel itself.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..errors import check_text

__all__ = ["Token", "TokenSegmenter", "tokenize"]

_TOKEN = re.compile(
    r"\d+(?:[/.,]\d+)*(?:-?[^\W\d_]{1,3}\b)?"       # 12, 236/1, 3,5, 7а, 2-я, 8-го
    r"|[^\W\d_]+(?:-[^\W_]+)*"                      # words, Южно-Сахалинск, из-за, 8-марта
    r"|[^\w\s]|_+"                                  # any other symbol on its own
)


class Token(NamedTuple):
    """A token: ``text == source[start:end]`` (a named tuple: cheap to create)."""

    start: int
    end: int
    text: str

    @property
    def stop(self) -> int:
        """razdel/natasha spelling of :attr:`end`."""
        return self.end


class TokenSegmenter:
    """Split text into :class:`Token` values; :func:`tokenize` is the default instance.

    Parameters
    ----------
    backend : {"regex", "razdel"}

    Examples
    --------
    >>> [t.text for t in tokenize("Яма на ул.Ленина, д.5а, 2-я Пролетарская 236/1!")]
    ['Яма', 'на', 'ул', '.', 'Ленина', ',', 'д', '.', '5а', ',', '2-я', 'Пролетарская', '236/1', '!']
    """

    def __init__(self, backend: str = "regex") -> None:
        if backend not in ("regex", "razdel"):
            raise ValueError(f"backend must be 'regex' or 'razdel', got {backend!r}")
        self.backend = backend

    def __call__(self, text: str) -> list[Token]:
        check_text(text)
        if self.backend == "razdel":
            from razdel import tokenize as _razdel_tokenize

            return [Token(t.start, t.stop, t.text) for t in _razdel_tokenize(text)]
        return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


tokenize = TokenSegmenter()
