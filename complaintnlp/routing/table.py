"""User routing tables: local rules consulted before the defaults (YAML, CSV or JSON).

Schema (see ``docs/routing_tables.md``): one rule per row / list item with

``agency`` (required)   the body's name, as it should be shown;
``type``, ``level``     optional type id and level (``federal``/``regional``/``municipal``/
                        ``organization``; guessed from the name when absent);
``topic``               topic id (``roads``, ``housing_utilities`` …) or a list of them;
``keywords``            problem keywords (lemma prefixes, ``"|"``-separated in CSV), any of them;
``region``, ``municipality``, ``settlement``, ``street``, ``house``
                        place keys (compared case-insensitively, ``ё`` = ``е``; a street matches
                        when its words are contained in the extracted street);
``priority``            integer, higher wins (default 0);
``override``            ``true``: the rule's agencies replace the default candidates;
``score``               optional score in (0, 1] (default 1.0);
``reason``              optional explanation shown in :attr:`Agency.reason`.

YAML is read with ``yaml.safe_load`` only (PyYAML, the ``[yaml]`` extra). Every error names the
file, the line and the field (:class:`~complaintnlp.errors.RoutingTableError`). Two rules with the
same keys and the same priority but different agencies are a *conflict*: they are listed by
:attr:`RoutingTable.conflicts` (and raise with ``strict=True``).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import RoutingTableError
from .agency import LEVELS
from .rules import Candidate, match_keyword

__all__ = ["KEY_FIELDS", "RoutingTable", "TableRule"]

PLACE_FIELDS = ("region", "municipality", "settlement", "street", "house")
KEY_FIELDS = ("topic", "keywords", *PLACE_FIELDS)
ALL_FIELDS = (*KEY_FIELDS, "agency", "type", "level", "priority", "override", "score", "reason")
_TOPICS = ("roads", "housing_utilities", "transport", "healthcare", "social_protection",
           "landscaping", "other")
_TRUE = {"true", "yes", "1", "да", "y"}
_FALSE = {"false", "no", "0", "нет", "n", ""}


def _norm(v: str) -> str:
    return " ".join(str(v).lower().replace("ё", "е").replace(".", " ").split())


@dataclass(frozen=True, slots=True)
class TableRule:
    """One validated rule of a routing table."""

    agency: str
    topic: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    region: str | None = None
    municipality: str | None = None
    settlement: str | None = None
    street: str | None = None
    house: str | None = None
    type: str = "table"
    level: str | None = None
    priority: int = 0
    override: bool = False
    score: float = 1.0
    reason: str | None = None
    source: str = "<table>"
    line: int | None = None

    def key(self) -> tuple:
        """The matching keys (rules with equal keys and priority must agree)."""
        return (self.topic, self.keywords, *(_norm(getattr(self, f) or "")
                                             for f in PLACE_FIELDS))

    def specificity(self) -> int:
        """How many keys are set (a house rule beats a region rule at equal priority)."""
        return sum(1 for f in KEY_FIELDS if getattr(self, f))

    def matches(self, topic: str | None, words: Sequence[str], place: Any) -> bool:
        """Whether the rule applies to a message."""
        if self.topic and topic not in self.topic:
            return False
        if self.keywords and not any(match_keyword(k, words) for k in self.keywords):
            return False
        for f in PLACE_FIELDS:
            want = getattr(self, f)
            if not want:
                continue
            have = getattr(place, f, None) if place is not None else None
            if not have:
                return False
            w, h = _norm(want), _norm(have)
            if f == "street":
                if not set(w.split()) - {"ул", "улица", "пр", "проспект", "пер", "переулок"} \
                        <= set(h.split()):
                    return False
            elif f == "municipality" or f == "region":
                if w != h and not h.startswith(w + " ") and not w.startswith(h + " "):
                    return False
            elif w != h:
                return False
        return True

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready dict (the table's own schema)."""
        out: dict[str, Any] = {"agency": self.agency}
        for f in ALL_FIELDS:
            v = getattr(self, f)
            if f == "agency" or v in (None, (), "", False) or (f == "priority" and v == 0) or (
                    f == "score" and v == 1.0) or (f == "type" and v == "table"):
                continue
            out[f] = list(v) if isinstance(v, tuple) else v
        return out


class RoutingTable:
    """A validated list of :class:`TableRule`.

    Parameters
    ----------
    rules : iterable of TableRule
    strict : bool
        Raise :class:`RoutingTableError` on conflicts instead of only listing them.

    Examples
    --------
    >>> t = RoutingTable.from_records([
    ...     {"agency": "ООО «УК Союзная»", "settlement": "Курск", "street": "Союзная",
    ...      "house": "71б", "topic": "housing_utilities", "priority": 10},
    ...     {"agency": "ОКУ «Курскавтодор»", "topic": "roads", "keywords": ["трасса"],
    ...      "region": "Курская область", "override": True}])
    >>> len(t), t.conflicts
    (2, [])
    >>> from complaintnlp.routing import route
    >>> route("г. Курск, ул. Союзная, д. 71б — течёт крыша, УК бездействует",
    ...       table=t)[0].name
    'ООО «УК Союзная»'
    """

    def __init__(self, rules: Iterable[TableRule] = (), *, strict: bool = False) -> None:
        self.rules = list(rules)
        self.conflicts = self._conflicts()
        if strict and self.conflicts:
            raise RoutingTableError(self.conflicts[0])

    def __len__(self) -> int:
        return len(self.rules)

    def __repr__(self) -> str:
        return f"RoutingTable({len(self.rules)} rules, {len(self.conflicts)} conflicts)"

    def _conflicts(self) -> list[str]:
        seen: dict[tuple, TableRule] = {}
        out = []
        for r in self.rules:
            k = (r.key(), r.priority)
            old = seen.get(k)
            if old is not None and old.agency != r.agency:
                out.append(f"{r.source}, line {r.line}: conflicts with line {old.line} (same keys "
                           f"and priority {r.priority}: {old.agency!r} vs {r.agency!r})")
            else:
                seen.setdefault(k, r)
        return out

    # ------------------------------------------------------------------ reading
    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], source: str = "<records>",
                     lines: Sequence[int] | None = None, strict: bool = False
                     ) -> RoutingTable:
        """Validate rules given as dicts."""
        rules = []
        for i, rec in enumerate(records):
            line = lines[i] if lines is not None and i < len(lines) else i + 1
            rules.append(_parse(rec, source, line))
        return cls(rules, strict=strict)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], strict: bool = False) -> RoutingTable:
        """Read a ``.yaml``/``.yml``, ``.csv`` or ``.json`` routing table.

        Raises
        ------
        RoutingTableError
            Invalid content (file, line, field named); ``FileNotFoundError`` if absent.
        """
        p = Path(path)
        text = p.read_text(encoding="utf-8-sig")
        suffix = p.suffix.lower()
        if suffix in (".yaml", ".yml"):
            return cls._from_yaml(text, str(p), strict)
        if suffix == ".csv":
            return cls._from_csv(text, str(p), strict)
        if suffix == ".json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as e:
                raise RoutingTableError(f"not valid JSON: {e.msg}", path=str(p),
                                        line=e.lineno) from e
            if isinstance(data, Mapping):
                data = data.get("rules")
            if not isinstance(data, list):
                raise RoutingTableError("expected a list of rules (or {\"rules\": [...]})",
                                        path=str(p), line=1)
            return cls.from_records(data, str(p), strict=strict)
        raise RoutingTableError(f"unknown table format {suffix!r} (use .yaml, .csv or .json)",
                                path=str(p))

    @classmethod
    def _from_yaml(cls, text: str, source: str, strict: bool) -> RoutingTable:
        try:
            import yaml
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("YAML routing tables need PyYAML: pip install 'complaintnlp[yaml]' "
                              "(or use CSV/JSON)") from e
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise RoutingTableError(f"not valid YAML: {getattr(e, 'problem', e)}", path=source,
                                    line=mark.line + 1 if mark else None) from e
        items = root.value if root is not None else []
        if isinstance(data, Mapping) and "rules" in data:
            data = data["rules"]
            items = next((v.value for k, v in root.value if k.value == "rules"), [])
        if data is None:
            data, items = [], []
        if not isinstance(data, list):
            raise RoutingTableError("expected a list of rules (or a mapping with 'rules:')",
                                    path=source, line=1)
        lines = [n.start_mark.line + 1 for n in items]
        rules = []
        for i, rec in enumerate(data):
            node = items[i] if i < len(items) else None
            field_lines = {}
            if node is not None and hasattr(node, "value") and isinstance(node.value, list):
                for kv in node.value:
                    if isinstance(kv, tuple):
                        field_lines[str(kv[0].value)] = kv[0].start_mark.line + 1
            rules.append(_parse(rec, source, lines[i] if i < len(lines) else None,
                                field_lines))
        return cls(rules, strict=strict)

    @classmethod
    def _from_csv(cls, text: str, source: str, strict: bool) -> RoutingTable:
        reader = csv.DictReader(io.StringIO(text))
        header = reader.fieldnames or []
        unknown = [h for h in header if h and h.strip() not in ALL_FIELDS]
        if unknown:
            raise RoutingTableError(f"unknown column (allowed: {', '.join(ALL_FIELDS)})",
                                    path=source, line=1, field=unknown[0])
        if "agency" not in [h.strip() for h in header]:
            raise RoutingTableError("missing required column", path=source, line=1,
                                    field="agency")
        rules = []
        for row in reader:
            rec = {k.strip(): v for k, v in row.items() if k and v not in (None, "")}
            if None in row:
                raise RoutingTableError("more cells than columns", path=source,
                                        line=reader.line_num)
            for f in ("keywords", "topic"):
                if f in rec:
                    rec[f] = [x.strip() for x in rec[f].split("|") if x.strip()]
            rules.append(_parse(rec, source, reader.line_num))
        return cls(rules, strict=strict)

    def to_records(self) -> list[dict[str, Any]]:
        """The rules as dicts (what :meth:`from_records` reads; used by pipeline saving)."""
        return [r.to_record() for r in self.rules]

    # ------------------------------------------------------------------ matching
    def match(self, topic: str | None, words: Sequence[str], place: Any) -> list[TableRule]:
        """Matching rules, best first (priority, then specificity, then file order)."""
        hits = [(i, r) for i, r in enumerate(self.rules) if r.matches(topic, words, place)]
        hits.sort(key=lambda ir: (-ir[1].priority, -ir[1].specificity(), ir[0]))
        return [r for _, r in hits]

    def candidates(self, *, text: str, words: Sequence[str], topic: str | None, place: Any
                   ) -> tuple[list[Candidate], bool]:
        """Candidates of the best-priority matching rules and whether they override the rest."""
        from .route import guess_level

        hits = self.match(topic, words, place)
        if not hits:
            return [], False
        top = hits[0].priority
        best = [r for r in hits if r.priority == top]
        rest = [r for r in hits if r.priority != top]
        out = []
        where = place.describe() if hasattr(place, "describe") else ""
        for rank, r in enumerate(best + rest):
            score = r.score * (1.0 if rank < len(best) else 0.8) - 0.01 * (
                r.specificity() and 0) - 0.001 * rank
            keys = ", ".join(f"{f}={_show(getattr(r, f))}" for f in KEY_FIELDS
                             if getattr(r, f))
            note = r.reason or f"таблица маршрутизации ({os.path.basename(r.source)}, строка " \
                f"{r.line}): {keys or 'все обращения'}"
            if where and not r.reason:
                note = f"{note}; {where}"
            out.append(Candidate(r.agency, r.type, r.level or guess_level(r.agency),
                                 max(min(score, 1.0), 0.0), "таблица маршрутизации", note))
        return out, any(r.override for r in best)


def _show(v: Any) -> str:
    return "|".join(v) if isinstance(v, tuple) else str(v)


def _parse(rec: Any, source: str, line: int | None,
           field_lines: Mapping[str, int] | None = None) -> TableRule:
    fl = field_lines or {}

    def err(msg: str, field: str | None = None) -> RoutingTableError:
        return RoutingTableError(msg, path=source, line=fl.get(field or "", line), field=field)

    if not isinstance(rec, Mapping):
        raise err(f"a rule must be a mapping, got {type(rec).__name__}")
    unknown = [k for k in rec if str(k) not in ALL_FIELDS]
    if unknown:
        raise err(f"unknown field (allowed: {', '.join(ALL_FIELDS)})", str(unknown[0]))
    agency = rec.get("agency")
    if not isinstance(agency, str) or not agency.strip():
        raise err("required: the name of the body (a non-empty string)", "agency")
    kwargs: dict[str, Any] = {"agency": agency.strip(), "source": source, "line": line}
    for f in ("topic", "keywords"):
        v = rec.get(f)
        if v is None:
            continue
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            raise err("expected a string or a list of strings", f)
        vals = tuple(x.strip() if f == "topic" else _norm(x) for x in v)
        if f == "topic":
            bad = [x for x in vals if x not in _TOPICS]
            if bad:
                raise err(f"unknown topic {bad[0]!r} (allowed: {', '.join(_TOPICS)})", f)
        kwargs[f] = vals
    for f in PLACE_FIELDS:
        v = rec.get(f)
        if v is None:
            continue
        if isinstance(v, int | float) and not isinstance(v, bool) and f == "house":
            v = str(v)
        if not isinstance(v, str) or not v.strip():
            raise err("expected a non-empty string", f)
        kwargs[f] = v.strip()
    if kwargs.get("house") and not kwargs.get("street"):
        raise err("a house needs a street", "house")
    for f in ("type", "reason"):
        v = rec.get(f)
        if v is not None:
            if not isinstance(v, str):
                raise err("expected a string", f)
            kwargs[f] = v
    lv = rec.get("level")
    if lv is not None:
        if lv not in LEVELS:
            raise err(f"unknown level {lv!r} (allowed: {', '.join(LEVELS)})", "level")
        kwargs["level"] = lv
    pr = rec.get("priority")
    if pr is not None:
        try:
            if isinstance(pr, bool) or (isinstance(pr, float) and not pr.is_integer()):
                raise ValueError
            kwargs["priority"] = int(pr)
        except (TypeError, ValueError):
            raise err(f"expected an integer, got {pr!r}", "priority") from None
    ov = rec.get("override")
    if ov is not None:
        if isinstance(ov, bool):
            kwargs["override"] = ov
        elif isinstance(ov, str) and ov.strip().lower() in _TRUE | _FALSE:
            kwargs["override"] = ov.strip().lower() in _TRUE
        else:
            raise err(f"expected true or false, got {ov!r}", "override")
    sc = rec.get("score")
    if sc is not None:
        try:
            s = float(sc)
        except (TypeError, ValueError):
            raise err(f"expected a number in (0, 1], got {sc!r}", "score") from None
        if not 0 < s <= 1:
            raise err(f"expected a number in (0, 1], got {sc!r}", "score")
        kwargs["score"] = s
    if not any(kwargs.get(f) for f in KEY_FIELDS):
        raise err("a rule needs at least one key (topic, keywords, region, municipality, "
                  "settlement, street or house)", "topic")
    return TableRule(**kwargs)
