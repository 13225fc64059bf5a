"""Context augmentation: copies of training messages with label-neutral context added.

Why: the topic of «в Сочи на ул. Навагинской вырубают деревья» does not depend on Сочи or on the
street, but a linear model trained on a few regions learns the places and habits of phrasing of
those regions («Курск», «Победы», «у нас в деревне») as topic evidence. Adding the same kinds of
context — a town of any region, a street and house, a village, a region, a neutral complaint
phrase, lower case — to copies of the training messages, with their labels unchanged, teaches the
model that this context carries no topic.

The places come from the packaged gazetteer (towns and villages of every region); the streets,
the house numbers and the phrases are generic. Two disjoint halves exist (``part="train"`` and
``part="eval"``: places split by a hash of their name, separate phrase lists), so the robustness
evaluation (:func:`complaintnlp.topics.training.evaluate_builtin`, ``*_context`` sets) perturbs
the held-out messages with context the model never saw in training.

Examples
--------
>>> aug = ContextAugmenter(seed=1)
>>> out = aug.augment_text("яма на дороге", random.Random(3))
>>> "яма на дороге" in out.lower()
True
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import Any

from ..geo.location import FEDERAL_CITIES

__all__ = ["ContextAugmenter"]

# generic street names found in most Russian towns
_STREETS = ("Ленина", "Мира", "Советская", "Гагарина", "Молодёжная", "Школьная", "Садовая",
            "Центральная", "Лесная", "Набережная", "Пушкина", "Октябрьская", "Комсомольская",
            "Победы", "Кирова", "Первомайская", "Заводская", "Новая", "Зелёная", "Строителей",
            "Чехова", "Горького", "Юбилейная", "Степная", "Полевая", "Луговая", "Северная",
            "Рабочая", "Калинина", "Свердлова", "Матросова", "Карла Маркса", "Фрунзе", "Чкалова",
            "Некрасова", "Лермонтова", "Космонавтов", "Энергетиков", "Железнодорожная",
            "Вокзальная", "Маяковского", "Жукова", "Дзержинского", "Суворова", "Островского",
            "50 лет Октября", "Интернациональная", "Пионерская", "Крупской", "Механизаторов")
_STREET_TYPES = ("ул.", "ул ", "улица ", "пр-т ", "проспект ", "пер. ", "бульвар ", "")
# complaint phrases that say nothing about the topic (appeals only; no greetings or thanks,
# which are evidence of a non-appeal)
_FILLERS = {
    "train": ("помогите пожалуйста", "сколько можно", "куда смотрят власти?", "примите меры!!!",
              "уже неделю так", "просим разобраться", "это вообще нормально?",
              "жители возмущены", "когда это закончится", "обращаюсь не первый раз",
              "😡😡", "🤬", "👎👎", "ответьте пожалуйста", "надеюсь на помощь",
              "администрация ау", "жалоба", "люди добрые",
              "сил уже нет", "позор", "кто-нибудь ответит?", "прошу принять меры",
              "это уже не смешно"),
    "eval": ("доколе?", "невозможно так жить", "требуем решить вопрос", "просьба отреагировать",
             "😤😤", "ну сколько ещё ждать", "хелп",
             "уважаемые власти", "караул", "срочно!!!", "напишите хоть что-то", "💩",
             "вопрос к администрации"),
}
_VILLAGE_TYPES = {"д": ("деревне", "д."), "с": ("селе", "с."), "п": ("посёлке", "пос."),
                  "пгт": ("посёлке", "пгт"), "рп": ("посёлке", "рп"),
                  "ст-ца": ("станице", "ст-ца"), "х": ("хуторе", "х.")}


def _part_of(name: str) -> str:
    """``train`` or ``eval``: the half of the places a name belongs to (stable hash)."""
    return "eval" if hashlib.sha256(name.encode("utf-8")).digest()[0] % 2 else "train"


def _locative(name: str) -> str | None:
    """«Казань» → «Казани» (one-word place names only; None when pymorphy3 cannot)."""
    if " " in name or "-" in name:
        return None
    from ..text.morphology import parse_word

    for p in parse_word(name):
        if "Geox" in p.tag.grammemes and "nomn" in p.tag.grammemes:
            f = p.inflect({"loct"}) or p.inflect({"loc2"})
            if f is not None:
                w = f.word
                return w[:1].upper() + w[1:]
    return None


class ContextAugmenter:
    """Adds label-neutral context to copies of messages.

    Parameters
    ----------
    share : float
        Expected number of augmented copies per message (0.5: every other message, on average).
    part : {"train", "eval"}
        Which half of the places and phrases to use.
    seed : int
        Random seed (the output is deterministic).
    """

    def __init__(self, share: float = 0.5, part: str = "train", seed: int = 0) -> None:
        self.share = share
        self.part = part
        self.seed = seed

    # ------------------------------------------------------------------ inventory
    def _inventory(self) -> tuple[list[tuple[str, str | None]], list[tuple[str, str]],
                                  list[tuple[str, str, str]]]:
        """(towns as (name, locative), villages as (name, type), regions as (nominative,
        genitive, locative)) of this part."""
        inv = getattr(self, "_inv", None)
        if inv is not None:
            return inv
        from ..geo.gazetteer import default_gazetteer

        g = default_gazetteer()
        towns: list[tuple[str, str | None]] = []
        villages: list[tuple[str, str]] = []
        rng = random.Random(self.seed)
        for p in g.iter_places(kind="settlement"):
            if _part_of(p.name) != self.part:
                continue
            if p.type in ("г", "пгт") and (p.population or 0) >= 5_000:
                towns.append((p.name, None))
            elif p.type in _VILLAGE_TYPES and " " not in p.name and rng.random() < 0.05:
                villages.append((p.name, p.type))
        towns = [(n, _locative(n)) for n, _ in towns]
        from ..routing.names import region_in_case

        regions = [(p.name, region_in_case(p.name, "gent"), region_in_case(p.name, "loct"))
                   for p in g.iter_places(kind="region")
                   if _part_of(p.name) == self.part and p.name not in FEDERAL_CITIES]
        self._inv = (towns, villages, regions)
        return self._inv

    # ------------------------------------------------------------------ context
    def context(self, rng: random.Random, appeal: bool = True) -> tuple[str, str]:
        """A random ``(prefix, suffix)`` pair (one of them usually empty)."""
        towns, villages, regions = self._inventory()
        kind = rng.random()
        name, loc = rng.choice(towns)
        street = rng.choice(_STREETS)
        house = str(rng.randint(1, 120)) + rng.choice(("", "", "", "а", "б", "/2", " кв 5"))
        stype = rng.choice(_STREET_TYPES)
        if kind < 0.22:
            place = f"в {loc}" if loc else f"г. {name}"
        elif kind < 0.42:
            place = f"{rng.choice(('г. ', 'г.', '', 'город '))}{name}, {stype}{street}" \
                    f"{rng.choice((' ', ' д. ', ', д.', ' дом '))}{house}"
        elif kind < 0.54:
            place = f"{name},"
        elif kind < 0.66:
            place = f"{rng.choice(('на ', 'по '))}{stype}{street} {house}".replace("  ", " ")
        elif kind < 0.80 and villages:
            v, t = rng.choice(villages)
            word, abbr = _VILLAGE_TYPES[t]
            place = rng.choice((f"у нас в {word} {v}", f"{abbr} {v}", f"в {word} {v}"))
        else:
            place = ""
        if regions and rng.random() < 0.25:  # «…, Калужской области», «в Пермском крае»
            nom, gen, loc_r = rng.choice(regions)
            if place and not place.endswith(","):
                place = f"{place} {gen}" if rng.random() < 0.7 else f"{place}, {nom}"
            else:
                place = f"{place} в {loc_r}".strip() if rng.random() < 0.5 else \
                    f"{place} {nom}".strip()
        filler = ""
        if appeal and (not place or rng.random() < 0.3):
            filler = rng.choice(_FILLERS[self.part])
        if not place:
            place, filler = filler, ""
        if rng.random() < 0.5:
            return f"{place} {filler}".strip(), ""
        return "", f"{filler} {place}".strip().rstrip(",")

    def augment_text(self, text: str, rng: random.Random, appeal: bool = True) -> str:
        """``text`` with one random context added (and lower-cased now and then)."""
        prefix, suffix = self.context(rng, appeal)
        body = text.strip()
        if prefix:
            out = f"{prefix} {body}" if prefix.endswith(",") or rng.random() < 0.6 \
                else f"{prefix}, {body}"
        else:
            sep = rng.choice((" ", ", ", ". ", " — "))
            out = f"{body.rstrip('.!?')}{sep}{suffix}" if body else suffix
        if rng.random() < 0.3:
            out = out.lower()
        return out

    def copies(self, texts: Sequence[str], appeal: Sequence[bool] | None = None
               ) -> list[tuple[int, str]]:
        """``(index of the original, augmented text)`` pairs: each text gets ``floor(share)``
        copies plus one more with probability ``share % 1`` (deterministic for a seed)."""
        rng = random.Random(self.seed)
        whole, frac = int(self.share), self.share - int(self.share)
        out: list[tuple[int, str]] = []
        for i, text in enumerate(texts):
            for _ in range(whole + (rng.random() < frac)):
                out.append((i, self.augment_text(str(text), rng,
                                                 True if appeal is None else bool(appeal[i]))))
        return out

    def augment_rows(self, rows: Sequence[dict[str, Any]], source_suffix: str = "+context"
                     ) -> list[dict[str, Any]]:
        """Augmented copies of corpus rows (``text``, ``labels``, ``is_appeal``, ``source``)
        (see :meth:`copies`); the copies keep the labels and ``is_appeal`` and have ``source`` +
        ``source_suffix``."""
        pairs = self.copies([r["text"] for r in rows],
                            [bool(r.get("is_appeal", True)) for r in rows])
        return [dict(rows[i], text=text, source=f"{rows[i].get('source', '')}{source_suffix}")
                for i, text in pairs]
