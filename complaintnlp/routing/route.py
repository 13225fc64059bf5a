"""``route``: an analysed message → ranked responsible bodies with readable reasons.

Three sources are combined, in this order of authority:

1. a user :class:`~complaintnlp.routing.RoutingTable` (its matching rules come first; a rule
   with ``override`` replaces everything else);
2. a trained :class:`~complaintnlp.routing.AgencyRouter` (its probabilities are blended with the
   rules' scores);
3. the packaged default rules (:mod:`complaintnlp.routing.rules`).

An unknown topic or place never raises: the regional government reception (or a generic body)
comes back with a low score.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .agency import LEVELS, Agency
from .place import RoutingPlace, routing_place
from .rules import Candidate, DefaultRules, WordIndex, default_rules

__all__ = ["TIE_MARGIN", "guess_level", "route"]

#: Candidates whose score is within this distance of the top one are flagged ``tie=True``.
TIE_MARGIN = 0.05
_MAX_CANDIDATES = 6
_MAX_WORDS = 2000
_ROUTE_RE = re.compile(
    r"(?:маршрут\w*|автобус\w*|троллейбус\w*|трамва\w*|маршрутк\w*)\s*(?:№\s*)?"
    r"(\d{1,3}[а-яА-Я]?)\b|№\s*(\d{1,3}[а-яА-Я]?)\b")
_SUPERVISION = ("housing_inspection",)


def guess_level(name: str) -> str:
    """Level of a body from its name (for names learned from data or given in tables).

    >>> guess_level("Администрация города Курска")
    'municipal'
    >>> guess_level("Комитет здравоохранения Курской области")
    'regional'
    >>> guess_level("СПб ГБУ «Ленсвет»")
    'organization'
    >>> guess_level("Госавтоинспекция УМВД России по Курской области")
    'federal'
    """
    low = name.lower()
    if any(k in low for k in ("мвд", "госавтоинспекц", "гибдд", "социального фонда",
                              "росприроднадзор", "роспотребнадзор", "прокуратур", "сфр",
                              "пенсионного фонда", "федеральн")):
        return "federal"
    if any(k in low for k in ("ооо", "оао", "пао", "зао", " ао ", "ао «", "ао \"", "гуп",
                              "муп", "гбу", "гку", "мку", "мбу", "ук ", "тсж",
                              "управляющая", "организация", "учреждение", "поликлиник",
                              "больниц", "перевозчик", "фонд капитального")):
        if not any(k in low for k in ("спб гку жа", "жилищное агентство")):
            return "organization"
        return "regional"
    if any(k in low for k in ("администрац", "управа", "муниципальн", "город ", "города ",
                              "района", "округа", "поселения")) and not any(
            k in low for k in ("санкт-петербург", "москв", "севастопол", "области", "края",
                               "республики")):
        return "municipal"
    if "администрация" in low and "района" in low:
        return "regional" if "санкт-петербург" in low else "municipal"
    return "regional"


def _analyse_text(text: str, region: str | None) -> tuple[Any, Any, tuple]:
    """Topic and location of a plain string (without the address stage: no circular import)."""
    from ..geo import geolocate
    from ..topics import classify

    topic = classify(text)
    try:
        location = geolocate(text, region=region)
    except Exception:  # a geolocation failure must not stop routing
        location = None
    return topic, location, ()


def _words(text: str) -> list[str]:
    from ..topics.features import analyze

    forms, lemmas = analyze(text)
    # keywords are looked for in the first words only (bounded time on pathological input)
    return [*lemmas[:_MAX_WORDS], *forms[:_MAX_WORDS]]


def _topic_weights(topic: Any) -> list[tuple[str, float]]:
    """(label, weight): the primary label and a strong second one."""
    if topic is None:
        return []
    if isinstance(topic, str):
        return [(topic, 1.0)]
    label = getattr(topic, "label", None)
    if label is None:
        return []
    scores: Mapping[str, float] = getattr(topic, "scores", {}) or {}
    p1 = float(scores.get(label, 1.0))
    out = [(label, 0.7 + 0.3 * p1)]
    rest = sorted(((k, float(v)) for k, v in scores.items() if k != label),
                  key=lambda kv: -kv[1])
    if rest and rest[0][1] >= 0.25 and rest[0][0] != "other":
        out.append((rest[0][0], (0.7 + 0.3 * rest[0][1]) * 0.75 * rest[0][1] / max(p1, 1e-9)))
    return out


def _route_no(text: str) -> str | None:
    m = _ROUTE_RE.search(text)
    if not m:
        return None
    return m.group(1) or m.group(2)


def rule_candidates(text: str, topic: Any, place: RoutingPlace,
                    rules: DefaultRules | None = None,
                    words: Sequence[str] | None = None) -> list[Candidate]:
    """Candidates of the default rules (unranked, possibly repeated names).

    >>> from complaintnlp.routing.place import RoutingPlace
    >>> c = rule_candidates("нет лекарств в аптеке", "healthcare",
    ...                     RoutingPlace("region", "Тверская область"))
    >>> c[0].name
    'Министерство здравоохранения Тверской области'
    """
    rules = rules or default_rules()
    words = words if isinstance(words, WordIndex) else WordIndex(
        list(words) if words is not None else _words(text))
    route_no = _route_no(text)
    place_factor = 0.5 if place.klass == "unknown" else 1.0
    out: list[Candidate] = []
    describe = place.describe()
    weights = _topic_weights(topic) or [("other", 0.5)]
    if weights[0][0] not in rules.topics or weights[0][0] == "other" or weights[0][1] < 0.85:
        guess = _keyword_topic(rules, words)
        if guess is not None:
            old = dict(weights).get(guess, 0.0)
            weights = [(guess, max(old, 0.8))] + [w for w in weights if w[0] != guess]
    for label, tw in weights:
        label = label if label in rules.topics else "other"
        prob = rules.problem(label, words)
        if prob is None:
            continue
        display = rules.topic_display(label)
        note = prob.get("note", "")
        if label == "housing_utilities" and (place.house or prob["id"] == "default"):
            note = rules.topics[label].get("place_note", note)
        for name, concrete, level, base, role in rules.rendered(label, prob, place, route_no,
                                                                note):
            out.append(Candidate(name, concrete, level, base * tw * place_factor, role,
                                 f"тема: {display}; {note}, {describe} → {role}"))
    return out


def _keyword_topic(rules: DefaultRules, words: Sequence[str]) -> str | None:
    """The topic whose problem keywords match the text best (for «other» or unsure topics)."""
    best, best_n = None, 0
    for label in rules.topics:
        if label == "other":
            continue
        prob = rules.problem(label, words)
        if prob is None or prob["id"] == "default":
            continue
        index = words if isinstance(words, WordIndex) else WordIndex(words)
        n = sum(map(index.found_keywords(rules.keywords)[1].__contains__, prob["keywords"]))
        if n > best_n:
            best, best_n = label, n
    return best


def _fallback(place: RoutingPlace, rules: DefaultRules, display: str) -> Candidate:
    name, level, role = rules.render("government_reception", place)
    return Candidate(name, "government_reception", level,
                     0.15 if place.klass != "unknown" else 0.1, role,
                     f"тема: {display}; {place.describe()} → общий порядок: {role}")


def _table_candidates(table: Any, words: Sequence[str], topic: Any, place: RoutingPlace,
                      text: str) -> tuple[list[Candidate], bool]:
    label = topic if isinstance(topic, str) else getattr(topic, "label", None)
    return table.candidates(text=text, words=words, topic=label, place=place)


def _router_candidates(router: Any, text: str, place: RoutingPlace, topic: Any,
                       context: Mapping[str, Any] | None) -> list[tuple[str, float]]:
    ctx: dict[str, Any] = {"region": place.region, "municipality": place.municipality,
                           "settlement": place.settlement, "district": place.district}
    if context:
        ctx.update({k: v for k, v in context.items() if v is not None})
    label = topic if isinstance(topic, str) else getattr(topic, "label", None)
    if label is not None:
        ctx.setdefault("topic", label)
    proba = router.predict_proba([text], context=[ctx])[0]
    classes = list(router.classes_)
    order = sorted(range(len(classes)), key=lambda i: -float(proba[i]))[:5]
    return [(str(classes[i]), float(proba[i])) for i in order if float(proba[i]) > 0.01]


def _rank(cands: list[Candidate], max_candidates: int, tie_margin: float) -> list[Agency]:
    best: dict[str, Candidate] = {}
    for c in cands:
        old = best.get(c.name)
        if old is None or c.score > old.score:
            best[c.name] = c
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.name))[:max_candidates]
    if not ranked:
        return []
    top = ranked[0].score
    n_tie = sum(1 for c in ranked if top - c.score <= tie_margin)
    out = []
    for c in ranked:
        level = c.level if c.level in LEVELS else "regional"
        out.append(Agency(name=c.name, type=c.type, level=level,
                          score=round(min(max(c.score, 0.0), 1.0), 4), reason=c.note,
                          tie=n_tie > 1 and top - c.score <= tie_margin))
    return out


def route(analysis_or_text: Any, region: str | None = None, table: Any = None,
          router: Any = None, *, context: Mapping[str, Any] | None = None,
          rules: DefaultRules | None = None, max_candidates: int = _MAX_CANDIDATES,
          tie_margin: float = TIE_MARGIN, router_weight: float | None = None
          ) -> list[Agency]:
    """Rank the bodies that must answer a message.

    Parameters
    ----------
    analysis_or_text : Analysis or str
        An :class:`~complaintnlp.pipeline.Analysis` (its ``text``, ``topic``, ``addresses`` and
        ``location`` are used) or a plain message (classified and geolocated here).
    region : str, optional
        Default region when the message names none («Курская область»).
    table : RoutingTable, optional
        User routing rules, consulted first.
    router : AgencyRouter, optional
        A fitted router; its probabilities are blended with the rules.
    context : mapping, optional
        Known fields (``region``, ``municipality``, ``settlement``, ``district``, ``street``,
        ``house``) that override the extracted ones.
    rules : DefaultRules, optional
        Replacement default rules (default: the packaged ones).
    max_candidates : int
        At most this many agencies.
    tie_margin : float
        Score distance under which candidates are flagged as a near-tie with the top one.
    router_weight : float, optional
        Weight of the router in the blend (default: the router's ``blend_weight``, 0.7).

    Returns
    -------
    list of Agency
        Best first; never empty.

    Raises
    ------
    TypeError
        ``analysis_or_text`` is neither a ``str`` nor an analysis.

    Examples
    --------
    >>> from complaintnlp.geo.location import Location
    >>> from complaintnlp.routing.place import RoutingPlace
    >>> a = route("Нет лекарств в аптеке", region="Тверская область")
    >>> a[0].name
    'Министерство здравоохранения Тверской области'
    >>> route("абырвалг")[0].type
    'government_reception'
    """
    if isinstance(analysis_or_text, str):
        text = analysis_or_text
        topic, location, addresses = _analyse_text(text, region)
    elif hasattr(analysis_or_text, "text") and hasattr(analysis_or_text, "topic"):
        text = str(analysis_or_text.text or "")
        topic = analysis_or_text.topic
        location = getattr(analysis_or_text, "location", None)
        addresses = tuple(getattr(analysis_or_text, "addresses", ()) or ())
    else:
        raise TypeError("analysis_or_text must be str or complaintnlp.Analysis, got "
                        f"{type(analysis_or_text).__name__}")
    rules = rules or default_rules()
    place = routing_place(location, region, addresses, text, context,
                          rules.municipality_types)
    words = WordIndex(_words(text))
    label = topic if isinstance(topic, str) else getattr(topic, "label", None)
    display = rules.topic_display(label)
    cands = rule_candidates(text, topic, place, rules, words)

    if router is not None:
        w = router_weight if router_weight is not None else float(
            getattr(router, "blend_weight", 0.7))
        learned = _router_candidates(router, text, place, topic, context)
        by_name = {c.name: c for c in cands}
        merged: list[Candidate] = [Candidate(c.name, c.type, c.level, c.score * (1 - w),
                                             c.role, c.note) for c in cands]
        n_train = getattr(router, "n_samples_", None)
        for name, p in learned:
            base = by_name.get(name)
            rule_score = base.score if base is not None else 0.0
            note = (f"обучено на данных: вероятность {p:.2f}"
                    + (f" (модель на {n_train} обращениях)" if n_train else ""))
            if base is not None:
                note = f"{base.note}; {note}"
            else:
                note = f"тема: {display}; {place.describe()} → {note}"
            merged.append(Candidate(name, base.type if base else "learned",
                                    base.level if base else guess_level(name),
                                    w * p + (1 - w) * rule_score,
                                    base.role if base else "обучено на данных", note))
        cands = merged

    if table is not None:
        table_cands, override = _table_candidates(table, words, topic, place, text)
        if table_cands:
            if override:
                cands = list(table_cands)
            else:
                cands = [Candidate(c.name, c.type, c.level, c.score * 0.85, c.role, c.note)
                         for c in cands] + list(table_cands)

    top = max((c.score for c in cands), default=0.0)
    if top < 0.5 or label in (None, "other") or place.klass in ("unknown", "region"):
        cands.append(_fallback(place, rules, display))
    ranked = _rank(cands, max_candidates, tie_margin)
    sup = next((a for a in ranked if a.type in _SUPERVISION), None)
    if sup is not None and ranked[0].type not in _SUPERVISION and "надзор —" not in \
            ranked[0].reason:
        short = rules.types.get(sup.type, {}).get("short")
        shown = short.format(**place.fields()) if short and place.region not in \
            ("Москва", "Санкт-Петербург", "Севастополь") else sup.name
        first = ranked[0]
        ranked[0] = Agency(first.name, first.type, first.level, first.score,
                           f"{first.reason}; надзор — {shown}", first.tie)
    return ranked
