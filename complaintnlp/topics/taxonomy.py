"""Topic taxonomy ``ru_appeals.v1``: seven stable label ids with Russian display names.

The content follows ``../shared/taxonomy.md`` (ids, display names, scope and the boundary rules
that the training data are labelled with).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["BOUNDARY_RULES", "TAXONOMY", "Taxonomy", "Topic"]


@dataclass(frozen=True, slots=True)
class Topic:
    """One label of a taxonomy.

    Attributes
    ----------
    id : str
        Stable English snake_case id (what models predict).
    name : str
        Russian display name.
    description : str
        What belongs here.
    """

    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """A versioned, ordered set of topics.

    Examples
    --------
    >>> TAXONOMY.id
    'ru_appeals.v1'
    >>> TAXONOMY.ids
    ('roads', 'housing_utilities', 'transport', 'healthcare', 'social_protection', 'landscaping', 'other')
    >>> TAXONOMY.display_name("healthcare")
    'Здравоохранение'
    >>> "roads" in TAXONOMY, "weather" in TAXONOMY
    (True, False)
    """

    id: str
    topics: tuple[Topic, ...]
    default: str = "other"
    rules: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """Label ids in canonical order."""
        return tuple(t.id for t in self.topics)

    def __contains__(self, label: object) -> bool:
        return label in self.ids

    def __iter__(self) -> Iterator[Topic]:
        return iter(self.topics)

    def __len__(self) -> int:
        return len(self.topics)

    def __getitem__(self, label: str) -> Topic:
        for t in self.topics:
            if t.id == label:
                return t
        raise KeyError(label)

    def display_name(self, label: str) -> str:
        """Russian display name of ``label`` (``KeyError`` for an unknown id)."""
        return self[label].name

    def to_dict(self) -> dict[str, object]:
        """JSON-safe description."""
        return {"id": self.id, "default": self.default,
                "topics": [{"id": t.id, "name": t.name, "description": t.description}
                           for t in self.topics],
                "rules": list(self.rules)}


BOUNDARY_RULES: tuple[str, ...] = (
    "A pothole or broken surface is roads, wherever it is (street, yard, sidewalk).",
    "Any lighting outdoors is landscaping; lighting inside an entrance is housing_utilities.",
    "A bus stop or pavilion is transport; a bus hitting a pothole is roads.",
    "Free travel or discounts for pensioners is social_protection (second label transport); "
    "free prescription drugs is healthcare (second label social_protection).",
    "Waste collection from container sites is housing_utilities; an illegal dump elsewhere is "
    "landscaping.",
    "Thanks, praise and greetings are other, whatever service they mention.",
)

TAXONOMY = Taxonomy(
    id="ru_appeals.v1",
    topics=(
        Topic("roads", "Дороги",
              "Road and pavement surface anywhere (potholes on streets, in yards, on sidewalks), "
              "snow and ice on roads, traffic lights, road signs, markings, pedestrian crossings, "
              "speed bumps, parking, unpaved roads, storm drains flooding the roadway, "
              "construction of sidewalks and roads."),
        Topic("housing_utilities", "ЖКХ",
              "Apartment buildings and their management company (УК, ТСЖ): entrances, lifts, "
              "roofs, basements, facades, capital and current repair, emergency housing; heating, "
              "hot and cold water, sewerage, electricity and gas; utility bills; household waste "
              "collection from container sites; yard cleaning by the management company; "
              "manholes and utility networks."),
        Topic("transport", "Общественный транспорт",
              "Buses, trolleybuses, trams, suburban trains and ferries: routes, timetables, "
              "number of vehicles, fares and travel cards, drivers, condition of vehicles, stops "
              "and pavilions."),
        Topic("healthcare", "Здравоохранение",
              "Clinics and hospitals, appointments and electronic registration, ambulance, "
              "doctors and staff shortage, quality of care, medicines (incl. free prescription "
              "drugs), vaccination and medical certificates."),
        Topic("social_protection", "Социальная защита",
              "Benefits, allowances and compensations, social support and targeted aid, large "
              "families, veterans, disabled people (incl. disability status and rehabilitation "
              "aids), guardianship, social services for the elderly, housing for privileged "
              "categories."),
        Topic("landscaping", "Благоустройство",
              "Public spaces outside buildings: street lighting, playgrounds and sports grounds, "
              "parks, squares, lawns, grass mowing, trees, benches and small architectural forms, "
              "street cleaning by the city, illegal dumps outside container sites, stray animals, "
              "restoring landscaping after works, illegal outdoor ads and graffiti."),
        Topic("other", "Другое",
              "Everything else (education, culture, sport, trade, labour, communications, "
              "construction permits, ecology beyond dumps, politics) and messages that are not "
              "appeals: thanks, greetings, ads, spam, news reposts, neutral questions."),
    ),
    default="other",
    rules=BOUNDARY_RULES,
)
