"""The default routing rules: topic × problem keywords × place class → agency types → names.

The rules are data (``complaintnlp/data/routing/rules.json``, loaded lazily once):

``types``
    agency type id → ``level``, ``role`` (used in reasons) and a ``name`` template with fields
    from :meth:`RoutingPlace.fields` («Министерство здравоохранения {region_gen}»).
``topics``
    topic id → ``problems``: keyword lists (lemma prefixes, several words allowed) with ranked
    ``agencies`` ``[type, weight]`` or ``[type, weight, [place classes]]``. The first problem whose
    keywords match best is used; ``default`` when none matches.
``map``/``places``
    pseudo types («municipal», «road_maintenance», «traffic_org», «street_lighting»,
    «landscaping_authority») resolved per place: Moscow, St Petersburg and Sevastopol map them to
    their own departments, committees and district bodies; elsewhere they become the town, okrug
    or district administration. ``places.<region>.names`` override name templates and
    ``municipality_type`` records municipal reforms (Tver oblast: «район» → «муниципальный
    округ»).
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from .place import RoutingPlace

__all__ = ["Candidate", "DefaultRules", "KeywordSet", "WordIndex", "default_rules",
           "match_keyword"]

RULES_FILE = "rules.json"
_LOCK = threading.Lock()
_DEFAULT: DefaultRules | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A rendered candidate before ranking (internal to routing)."""

    name: str
    type: str
    level: str
    score: float
    role: str
    note: str


class WordIndex:
    """The words of one text, indexed for fast keyword lookups.

    Built once per message: ``has_prefix`` is a binary search in the sorted unique words, and
    :meth:`found_keywords` finds every keyword of the rules in one pass over the words.

    >>> idx = WordIndex(["нет", "горячий", "вода"])
    >>> idx.has_prefix("горяч"), idx.has_prefix("газ"), "вода" in idx
    (True, False, True)
    """

    __slots__ = ("_found", "sorted", "unique", "words")

    def __init__(self, words: Sequence[str]) -> None:
        self.words = list(words)
        self.unique = frozenset(self.words)
        self.sorted = sorted(self.unique)
        self._found: tuple[Any, frozenset[str], frozenset[str]] | None = None

    def found_keywords(self, keywords: KeywordSet) -> tuple[frozenset[str], frozenset[str]]:
        """Every keyword of ``keywords`` this text has, in one pass over its words:
        ``(matched, prefixed)`` — :meth:`match` semantics (exact-word keywords whole, spaced
        keywords in sequence) and :meth:`has_prefix` semantics (any word starts with it).

        >>> ks = KeywordSet(["горяч", "газ", "горяч вод"])
        >>> matched, prefixed = WordIndex(["нет", "горячий", "вода", "газон"]).found_keywords(ks)
        >>> sorted(matched), sorted(prefixed)
        (['горяч', 'горяч вод'], ['газ', 'горяч'])
        """
        found = self._found
        if found is not None and found[0] is keywords:
            return found[1], found[2]
        exact, first = keywords.exact, keywords.multi_first
        hits: set[str] = set()
        exact_prefixed: set[str] = set()
        firsts: set[str] = set()
        of_word = keywords.of_word
        for w in self.unique:
            h, e, f = of_word(w)
            if h:
                hits.update(h)
            if e:
                exact_prefixed.update(e)
            if f:
                firsts.update(f)
        matched = hits | (exact & self.unique)
        matched.update(k for p in firsts for k in first[p] if match_keyword(k, self))
        result = (frozenset(matched), frozenset(hits | exact_prefixed | (exact & self.unique)))
        self._found = (keywords, *result)
        return result

    def __contains__(self, word: object) -> bool:
        return word in self.unique

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, i: int) -> str:
        return self.words[i]

    def has_prefix(self, prefix: str) -> bool:
        """Whether some word starts with ``prefix``."""
        i = bisect_left(self.sorted, prefix)
        return i < len(self.sorted) and self.sorted[i].startswith(prefix)


class KeywordSet:
    """The keywords of a rules document split by how they match (built once per rules)."""

    __slots__ = ("_by_word", "exact", "lengths", "multi_first", "prefix")

    def __init__(self, keywords: Sequence[str]) -> None:
        self.exact = frozenset(k for k in keywords if " " not in k and k in _EXACT)
        self.prefix = frozenset(k for k in keywords if " " not in k and k not in _EXACT)
        # a spaced keyword is tried only when some word starts with its first part
        first: dict[str, list[str]] = {}
        for k in sorted({k for k in keywords if " " in k}):
            first.setdefault(k.split()[0], []).append(k)
        self.multi_first = {p: tuple(ks) for p, ks in first.items()}
        self.lengths = tuple(sorted({len(k) for k in self.prefix | self.exact | set(first)}))
        self._by_word: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}

    def of_word(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Keywords that are prefixes of ``word``: ``(prefix keywords, exact-word keywords,
        first parts of spaced keywords)`` (cached per word)."""
        hit = self._by_word.get(word)
        if hit is None:
            n = len(word)
            heads = [word[:k] for k in self.lengths if k <= n]
            hit = (tuple(p for p in heads if p in self.prefix),
                   tuple(p for p in heads if p not in self.prefix and p in self.exact),
                   tuple(p for p in heads if p in self.multi_first))
            if len(self._by_word) > 100_000:
                self._by_word.clear()
            self._by_word[word] = hit
        return hit


@lru_cache(maxsize=65536)
def _parts(keyword: str) -> tuple[str, ...]:
    return tuple(keyword.split())


def match_keyword(keyword: str, words: Sequence[str] | WordIndex) -> bool:
    """Whether ``keyword`` (space-separated word prefixes) occurs in ``words``.

    >>> match_keyword("горяч вод", ["нет", "горячий", "вода"])
    True
    >>> match_keyword("газ", ["газон"])
    True
    >>> match_keyword("газ", ["трава"])
    False
    """
    parts = _parts(keyword)
    n = len(parts)
    if isinstance(words, WordIndex):
        if not all(words.has_prefix(p) for p in parts):
            return False
        if n == 1:
            return True
        words = words.words
    elif n == 1:
        p = parts[0]
        return any(w.startswith(p) for w in words)
    p0 = parts[0]
    for i in range(len(words) - n + 1):
        if words[i].startswith(p0) and all(
                words[i + j].startswith(parts[j]) for j in range(1, n)):
            return True
    return False


# «газон» must not read as «газ»: exact-word keywords (prefix matching off)
_EXACT = {"газ", "свет", "дым", "лес", "река", "реки", "вода", "тко", "сфр", "пфр", "рэс",
          "знак", "двор"}


class DefaultRules:
    """The packaged routing rules (or any rules document of the same shape).

    Parameters
    ----------
    data : mapping
        The parsed rules document (see the module docstring).

    Examples
    --------
    >>> rules = default_rules()
    >>> rules.version
    'ru_routing.v1'
    >>> "housing_inspection" in rules.types
    True
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.version: str = str(data.get("version", ""))
        self.types: dict[str, dict[str, Any]] = dict(data["types"])
        self.topics: dict[str, dict[str, Any]] = dict(data["topics"])
        self.map: dict[str, list] = dict(data.get("map", {}))
        self.places: dict[str, dict[str, Any]] = dict(data.get("places", {}))
        self.keywords = KeywordSet([k for spec in self.topics.values()
                                    for prob in spec["problems"] for k in prob.get("keywords", ())])
        self._municipality_types = {r: dict(p["municipality_type"])
                                    for r, p in self.places.items() if "municipality_type" in p}
        # (topic, problem id, place, route no, note) -> rendered candidates: names depend only
        # on these, and a monitoring stream repeats the same few places and problems
        self._rendered: dict[tuple, tuple[tuple[str, str, str, float, str], ...]] = {}

    @property
    def municipality_types(self) -> dict[str, dict[str, str]]:
        """Region → {gazetteer municipality type → current type} (municipal reforms)."""
        return self._municipality_types

    def rendered(self, label: str, prob: Mapping[str, Any], place: RoutingPlace,
                 route_no: str | None, note: str
                 ) -> tuple[tuple[str, str, str, float, str], ...]:
        """``(name, type, level, weight, role)`` of every agency of problem ``prob`` of topic
        ``label`` at ``place`` (memoised: a pure function of its arguments).

        >>> from complaintnlp.routing.place import RoutingPlace
        >>> rules = default_rules()
        >>> prob = rules.problem("healthcare", ["лекарство"])
        >>> rules.rendered("healthcare", prob, RoutingPlace("region", "Тверская область"),
        ...                None, "")[0][:3]
        ('Министерство здравоохранения Тверской области', 'health_ministry', 'regional')
        """
        key = (label, prob.get("id"), place, route_no, note)
        hit = self._rendered.get(key)
        if hit is not None:
            return hit
        fields = place.fields()
        out: list[tuple[str, str, str, float, str]] = []
        for entry in prob["agencies"]:
            type_id, weight = entry[0], float(entry[1])
            if len(entry) > 2 and place.klass not in entry[2]:
                continue
            for concrete, factor in self.expand(type_id, place):
                name, level, role = self.render(concrete, place, fields, route_no)
                out.append((name, concrete, level, weight * factor, role))
        if len(self._rendered) > 20_000:
            self._rendered.clear()
        hit = self._rendered[key] = tuple(out)
        return hit

    def topic_display(self, topic: str | None) -> str:
        """Russian display name of a topic id.

        >>> default_rules().topic_display("housing_utilities")
        'ЖКХ'
        """
        if topic and topic in self.topics:
            return str(self.topics[topic].get("display", topic))
        return "не определена"

    def problem(self, topic: str, words: Sequence[str]) -> dict[str, Any] | None:
        """The best matching problem of ``topic`` for the text's lemmas and forms."""
        spec = self.topics.get(topic)
        if spec is None:
            return None
        best, best_n, default = None, 0, None
        index = words if isinstance(words, WordIndex) else WordIndex(words)
        found = index.found_keywords(self.keywords)[0].__contains__
        for prob in spec["problems"]:
            if prob["id"] == "default":
                default = prob
                continue
            n = sum(map(found, prob["keywords"]))
            if n > best_n:
                best, best_n = prob, n
        return best or default

    # ------------------------------------------------------------------ rendering
    def expand(self, type_id: str, place: RoutingPlace) -> list[tuple[str, float]]:
        """Resolve a (pseudo) type for ``place`` into concrete ``(type, factor)`` pairs.

        >>> from complaintnlp.routing.place import RoutingPlace
        >>> default_rules().expand("municipal", RoutingPlace("city", "Курская область",
        ...                        "Курск", "городской округ", city="Курск"))
        [('municipal_city', 1.0)]
        """
        local = self.places.get(place.region or "", {})
        if type_id in local.get("map", {}):
            return [(t, float(f)) for t, f in local["map"][type_id]]
        if type_id in self.map and not (place.klass == "federal_city"):
            out: list[tuple[str, float]] = []
            for t, f in self.map[type_id]:
                out.extend((t2, f * f2) for t2, f2 in self.expand(t, place))
            return out
        if type_id in self.map:
            return [(type_id, 1.0)] if type_id in local.get("names", {}) else []
        if type_id != "municipal":
            return [(type_id, 1.0)]
        reformed = place.municipality_type in ("муниципальный округ", "городской округ")
        if place.klass == "city":
            return [("municipal_city" if place.city else "municipal_okrug", 1.0)]
        if place.klass == "town":
            out = [("municipal_district", 1.0)] if place.municipality else []
            if not reformed and place.city:
                out.append(("municipal_city", 0.8 if out else 1.0))
            elif not reformed and place.settlement:
                out.append(("municipal_settlement", 0.7 if out else 1.0))
            return out or [("municipal_unknown", 0.6)]
        if place.klass == "rural":
            out = [("municipal_district", 1.0)] if place.municipality else []
            if place.settlement and not reformed:
                out.append(("municipal_settlement", 0.6 if out else 1.0))
            return out or [("municipal_unknown", 0.6)]
        return [("municipal_unknown", 0.6)]

    def render(self, type_id: str, place: RoutingPlace,
               fields: Mapping[str, str] | None = None, route_no: str | None = None
               ) -> tuple[str, str, str]:
        """``(name, level, role)`` of a concrete type at ``place``.

        >>> from complaintnlp.routing.place import RoutingPlace
        >>> default_rules().render("health_ministry", RoutingPlace("region", "Тверская область"))
        ('Министерство здравоохранения Тверской области', 'regional', 'региональный орган здравоохранения')
        """
        spec = self.types.get(type_id, {})
        local = self.places.get(place.region or "", {})
        level = local.get("levels", {}).get(type_id) or spec.get("level", "regional")
        role = spec.get("role", type_id)
        f = dict(fields if fields is not None else place.fields())
        f["route"] = f" № {route_no}" if route_no else ""
        template = local.get("names", {}).get(type_id)
        if template is None:
            template = spec.get("name", type_id)
            if "{district" in template and not place.district and "name_no_district" in spec:
                template = spec["name_no_district"]
            if "name_republic" in spec and place.region and "еспублик" in place.region:
                template = spec["name_republic"]
        if role == type_id:
            role = {"traffic_org": "организация дорожного движения",
                    "street_lighting": "уличное освещение",
                    "landscaping_authority": "благоустройство"}.get(type_id, type_id)
        return template.format(**f), level, role


def _load() -> DefaultRules:
    text = (files("complaintnlp") / "data" / "routing" / RULES_FILE).read_text("utf-8")
    return DefaultRules(json.loads(text))


def default_rules() -> DefaultRules:
    """The packaged rules, loaded once (thread-safe)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _LOCK:
            if _DEFAULT is None:
                _DEFAULT = _load()
    return _DEFAULT
