"""Actors every country has: the state itself, its government, its armed forces and its police.

Generated from the gazetteer's countries, the demonyms in `data/places/demonyms.yaml` and the
templates in `data/lexicons/state_actors.yaml`. Ids: `state:IQ`, `government:IQ`,
`military:IQ`, `police:IQ`, and its people, `people:IQ`.
"""

from __future__ import annotations

from faultlines.data import load_yaml
from faultlines.kb.registry import Actor


def country_actors(countries: list[tuple[str, str]]) -> list[Actor]:
    """The generated actors of every (ISO code, name) country."""
    demonyms: dict[str, list[str]] = load_yaml("places/demonyms.yaml")
    templates: dict[str, dict] = load_yaml("lexicons/state_actors.yaml")
    with_the = set(load_yaml("places/country_articles.yaml")["the"])
    actors = []
    for code, name in countries:
        state_id = f"state:{code}"
        actors.append(Actor(state_id, name, "state", countries=(code,), provenance="generated"))
        for key, spec in templates.items():
            aliases: list[str] = []
            for template in spec["aliases"]:
                forms = demonyms.get(code, []) if "{demonym}" in template else [None]
                for demonym in forms:
                    if template == "{demonym}" and (demonym.isupper() or "." in demonym):
                        continue
                    alias = template.format(country=name, demonym=demonym)
                    if alias not in aliases:
                        aliases.append(alias)
            actors.append(Actor(f"{key}:{code}", spec["name"].format(country=after_of(code, name, with_the)),
                                spec["kind"],
                                tuple(aliases), parents=(state_id,), countries=(code,),
                                provenance="generated"))
    return actors


def after_of(code: str, name: str, with_the: set[str]) -> str:
    """The country's name as it reads after "of": "the United States", "the Netherlands", "Iraq"."""
    if name.startswith("The "):
        return "the " + name[4:]
    return f"the {name}" if code in with_the else name
