"""Cleaning of social-network and portal text with a map back to the original offsets.

The cleaner never changes what later stages must see as a span of the *original* string: every
character of the clean text knows the original position it came from
(:meth:`NormalizedText.to_original`).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import check_text

__all__ = ["NormalizedText", "TextNormalizer", "normalize_text"]

_BLOCK_TAGS = r"(?:p|br|div|li|ul|ol|tr|td|h[1-6]|table|blockquote|section|article)"

# What the cleaner replaces, as character classes shared by the full pattern and its trigger.
_ZW = r"\u200b-\u200f\u2060-\u2064\ufeff\u00ad\ufe0e\ufe0f\u20e3\U000e0000-\U000e007f"
_EMOJI = r"\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\U0001F1E6-\U0001F1FF"
_CTRL = r"\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffd"
_PUNCT = r"!?.,;:\-=*_~"
_QUOTES = r"«»„“”‟″"
_DASHES = r"‐‑‒–—―"
_SPACES = r" \t\u00a0\u2000-\u200a\u202f\u205f\u3000"
_DOMAIN_URL = r"|\b[\w.-]{1,100}\.(?:ru|рф|com|org|net|su)/[^\s<>\"']{0,2000}"


def _alternatives(domain_urls: bool) -> re.Pattern[str]:
    # Each alternative is a thing to replace. All quantifiers are bounded or possessive-like (no
    # nested repetition) so adversarial input cannot make them backtrack.
    return re.compile(
        r"(?P<tag><(?:/?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>]{0,2000})?/?|!--[^>]{0,2000}--)>)"
        r"|(?P<entity>&(?:[A-Za-z]{2,10}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)"
        r"|(?P<url>(?:https?://|www\.)[^\s<>\"']{1,2000}" + (_DOMAIN_URL if domain_urls else "")
        + r")"
        r"|(?P<mention>(?<![\w@])@[A-Za-z0-9_.]{2,64})"
        r"|(?P<hashtag>(?<![\w#])#(?=\w))"
        rf"|(?P<zw>[{_ZW}]+)"
        rf"|(?P<emoji>[{_EMOJI}]+)"
        rf"|(?P<ctrl>[{_CTRL}]+)"
        rf"|(?P<punct>(?P<pc>[{_PUNCT}])(?P=pc){{2,}})"
        rf"|(?P<quote>[{_QUOTES}]|&laquo;)"
        rf"|(?P<dash>[{_DASHES}])"
        r"|(?P<yo>[ёЁ])"
        rf"|(?P<space>[{_SPACES}]{{2,}}|[\u00a0\u2000-\u200a\u202f\u205f\u3000])"
    )


_PATTERN = _alternatives(domain_urls=True)
# The full pattern tries thirteen alternatives at every position (its \b and look-behinds defeat
# the regex engine's first-character scan). A match can only start at one of the characters
# below, so the scan jumps from trigger to trigger with a plain character class and tries the
# alternatives only there: same matches, about 5× faster on typical messages. A bare URL domain
# («site.ru/x») can start at any letter: texts that may hold one take the full pattern.
_PATTERN_NO_DOMAIN = _alternatives(domain_urls=False)
_TRIGGER_CHARS = f"<&hw@#{_ZW}{_EMOJI}{_CTRL}{_PUNCT}{_QUOTES}{_DASHES}ёЁ{_SPACES[1:]}"
_TRIGGER = re.compile(f"[{_TRIGGER_CHARS}]")
_TRIGGER_WITH_SPACE = re.compile(f"[ {_TRIGGER_CHARS}]")
_DOMAIN_HINT = re.compile(r"\.(?:ru|рф|com|org|net|su)/")
_SPACE_RUN = re.compile(f"[{_SPACES}]{{2}}")


#: a word boundary inside a camel-case hashtag («#ПодслушаноЛиски»): a space goes there
_CAMEL_AT = re.compile(r"(?P<camel>)(?<=[а-я])(?=[А-Я])")
#: the word of a hashtag that may be split (no ё: nothing else of the cleaner matches inside)
_HASHTAG_WORD = re.compile(r"[А-ЕЖ-Яа-еж-я]{2,60}(?!\w)")


def _matches(text: str) -> Iterator[re.Match[str]]:
    """``_PATTERN.finditer(text)``, faster, with the word boundaries of camel-case hashtags."""
    for m in _pattern_matches(text):
        yield m
        if m.lastgroup == "hashtag":
            w = _HASHTAG_WORD.match(text, m.end())
            if w is not None:
                yield from _CAMEL_AT.finditer(text, w.start() + 1, w.end())


def _pattern_matches(text: str) -> Iterator[re.Match[str]]:
    """``_PATTERN.finditer(text)``, faster."""
    if _DOMAIN_HINT.search(text):
        yield from _PATTERN.finditer(text)
        return
    # a single space never starts a match; a run of two may
    search = (_TRIGGER_WITH_SPACE if _SPACE_RUN.search(text) else _TRIGGER).search
    match = _PATTERN_NO_DOMAIN.match
    pos = 0
    while (t := search(text, pos)) is not None:
        start = t.start()
        m = match(text, start)
        if m is None:
            pos = start + 1
        else:
            yield m
            pos = m.end()


_ENTITY_KEEP = {"&lt;": "<", "&gt;": ">"}


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Clean text plus a piecewise map from clean offsets to original offsets.

    Attributes
    ----------
    original : str
        The input, untouched.
    text : str
        The clean text.
    segments : tuple of (clean_start, original_start, original_end, copied)
        Each piece of the clean text; ``copied`` pieces map character by character, replaced
        pieces map as a whole onto ``original[original_start:original_end]``.

    Examples
    --------
    >>> n = normalize_text("<p>Ямы на ул.&nbsp;Ленина!!! 😡</p>")
    >>> n.text
    'Ямы на ул. Ленина!'
    >>> start = n.text.index("Ленина")
    >>> n.span_to_original(start, start + 6)
    (19, 25)
    """

    original: str
    text: str
    segments: tuple[tuple[int, int, int, bool], ...] = field(repr=False)
    _starts: tuple[int, ...] = field(repr=False, compare=False)

    def to_original(self, index: int) -> int:
        """Map an offset of :attr:`text` (0 … len) to an offset of :attr:`original`."""
        if not self.segments:
            return 0 if index <= 0 else len(self.original)
        index = max(0, min(index, len(self.text)))
        i = bisect_right(self._starts, index) - 1
        if i < 0:
            return 0
        clean_start, orig_start, orig_end, copied = self.segments[i]
        if copied:
            return min(orig_start + (index - clean_start), orig_end)
        return orig_start if index == clean_start else orig_end

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the clean text onto the original string."""
        if end <= start:
            s = self.to_original(start)
            return s, s
        s = self.to_original(start)
        # map the last character, then take the end of its source
        i = bisect_right(self._starts, end - 1) - 1
        if i < 0:
            return s, s
        clean_start, orig_start, orig_end, copied = self.segments[i]
        e = orig_start + (end - clean_start) if copied else orig_end
        return s, max(s, min(e, len(self.original)))


class TextNormalizer:
    """Configurable cleaner; :func:`normalize_text` is its default instance.

    Parameters
    ----------
    replace_yo : bool
        Map ё/Ё to е/Е.
    strip_urls, strip_mentions, strip_emoji : bool
        Remove URLs, @mentions and emoji (they become a space).
    """

    def __init__(self, *, replace_yo: bool = True, strip_urls: bool = True,
                 strip_mentions: bool = True, strip_emoji: bool = True) -> None:
        self.replace_yo = replace_yo
        self.strip_urls = strip_urls
        self.strip_mentions = strip_mentions
        self.strip_emoji = strip_emoji

    def _replacement(self, m: re.Match[str]) -> str | None:
        kind = m.lastgroup
        s = m.group()
        if kind == "tag":
            name = s[1:].lstrip("/").split(None, 1)[0].rstrip("/>").lower() if len(s) > 2 else ""
            return "\n" if re.fullmatch(_BLOCK_TAGS, name or "") else " "
        if kind == "entity":
            if s in _ENTITY_KEEP:
                return _ENTITY_KEEP[s]
            out = html.unescape(s)
            if out == s:
                return None
            out = out.replace("\u00a0", " ")
            return "" if out in ("\u00ad", "\u200b") else (out if out.isprintable() else " ")
        if kind == "url":
            return " " if self.strip_urls else None
        if kind == "mention":
            return " " if self.strip_mentions else None
        if kind == "hashtag":
            return ""
        if kind == "camel":  # «#ПодслушаноЛиски» → «Подслушано Лиски»
            return " "
        if kind == "zw":
            return ""
        if kind == "emoji":
            return " " if self.strip_emoji else None
        if kind == "ctrl":
            return " "
        if kind == "punct":
            return s[0]
        if kind == "quote":
            return '"'
        if kind == "dash":
            return "-"
        if kind == "yo":
            if not self.replace_yo:
                return None
            return "е" if s == "ё" else "Е"
        if kind == "space":
            return " "
        return None  # pragma: no cover

    def __call__(self, text: str) -> NormalizedText:
        """Clean ``text``; raise :class:`TypeError` for a non-``str``."""
        check_text(text)
        parts: list[str] = []
        segments: list[tuple[int, int, int, bool]] = []
        clean_pos = 0
        last = 0
        for m in _matches(text):
            rep = self._replacement(m)
            if rep is None:
                continue
            a, b = m.span()
            if a > last:
                parts.append(text[last:a])
                segments.append((clean_pos, last, a, True))
                clean_pos += a - last
            if rep:
                parts.append(rep)
                segments.append((clean_pos, a, b, len(rep) == b - a and rep != " " and kind_is_char_map(m)))
                clean_pos += len(rep)
            last = b
        if last < len(text):
            parts.append(text[last:])
            segments.append((clean_pos, last, len(text), True))
            clean_pos += len(text) - last
        clean = "".join(parts)
        # trim outer whitespace without breaking the map: it only shifts the clean offsets
        lead = len(clean) - len(clean.lstrip())
        clean_stripped = clean.strip()
        if lead or len(clean_stripped) != len(clean):
            segments = _shift(segments, lead, len(clean_stripped))
            clean = clean_stripped
        return NormalizedText(text, clean, tuple(segments), tuple(s[0] for s in segments))


def kind_is_char_map(m: re.Match[str]) -> bool:
    """A replacement that maps character to character (ё → е, dashes, quotes)."""
    return m.lastgroup in ("yo", "dash", "quote")


def _shift(segments: list[tuple[int, int, int, bool]], lead: int, length: int
           ) -> list[tuple[int, int, int, bool]]:
    """Cut the clean-text window ``[lead, lead + length)`` out of the segment map."""
    out = []
    stop = lead + length
    for i, (cs, o_start, o_end, copied) in enumerate(segments):
        ce = segments[i + 1][0] if i + 1 < len(segments) else cs + (o_end - o_start if copied else 1)
        if ce <= lead or cs >= stop:
            continue
        if copied and cs < lead:
            o_start += lead - cs
        out.append((max(cs, lead) - lead, o_start, o_end, copied))
    return out


normalize_text = TextNormalizer()
