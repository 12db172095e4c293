"""Datelines: "KABUL, Afghanistan (AP) —", "TRENTON, N.J. (AP) —", "MAIDUGURI, Nigeria (Reuters) -",
"JALINGO —", "BAIDOA, April 4 -".

A wire report opens with the place it was filed from, in capitals, with its country, province or
US state (in AP's abbreviations) and often the agency. The language pipeline takes the capitals
for an acronym or a headline and links nothing; here the place is read as the gazetteer's
namesake within the parent named, and its words become its mention (a word the linker had made
something else there, such as "N.J.", gives way). A dateline with neither parent nor agency is
read only where it opens the text, and only as a town or district the gazetteer knows.

The linker reads datelines before it links anything else: the place a report was filed from is
where the story is set, and counts so when the namesakes of its other places are chosen.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from faultlines.data import load_yaml
from faultlines.kb import KnowledgeBase
from faultlines.kb.gazetteer import Place
from faultlines.resolve.mentions import LinkedMention

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "KABUL, Afghanistan (AP) —", "BEIRUT (AP) —", "MAIDUGURI, Nigeria, April 15 (Reuters) -"
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<city>[A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+){0,3})"
    rf"(?:,[ \t]+(?!{_MONTH}[ \t]+\d)(?P<parent>[A-Z][A-Za-z'’.]*(?:[ \t](?:of|the|[A-Z][A-Za-z'’.]*)){{0,4}}))?"
    rf"(?:,?[ \t]+{_MONTH}[ \t]+\d{{1,2}})?[ \t]*"
    r"(?:\((?P<agency>[A-Za-z. ]{2,20})\))?[ \t]*[-—–]")
_PARENT_LEVELS = ("country", "admin1", "admin2", "region")
_LEADING_SPACE = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A place a dateline names, and where its words are."""

    start: int
    end: int
    place: Place


def dateline_states() -> dict[str, str]:
    """AP's US state abbreviations ("n.j.") -> ISO 3166-2 codes, from data/places/datelines.yaml."""
    return {k.lower(): v for k, v in load_yaml("places/datelines.yaml")["us_states"].items()}


def find_datelines(text: str, kb: KnowledgeBase, states: dict[str, str], focus: Counter[str]) -> list[Dateline]:
    """The places of the text's datelines (each at the start of a line), with their parents;
    `states` from `dateline_states()`, `focus` the countries the text names, which choose among
    the namesakes of a dateline that names no parent."""
    found: list[Dateline] = []
    opening = _LEADING_SPACE.match(text).end()  # where the text opens (not a copy of it stripped)
    for m in _DATELINE.finditer(text[:20_000]):
        parent_text = (m.group("parent") or "").strip()
        if not (m.group("agency") or parent_text or m.start("city") == opening):
            continue  # "BREAKING —" in the body is a heading, not a dateline
        parents = _parents(parent_text, states, kb)
        if parent_text and not parents:
            continue  # "WASHINGTON, Smith said -" is no dateline
        towns = _towns(m.group("city").title(), kb)
        pairs = [(t, p) for t in towns for p in parents if _within(t, p)] if parents else [(t, None) for t in towns]
        if not pairs:
            continue
        # A dateline names a town ("JERUSALEM" is not its governorate), in the story's country
        # when the town has namesakes ("BOR —" in a story of Jonglei).
        town, parent = max(pairs, key=lambda pair: (pair[0].admin_level == "city", focus.get(pair[0].country or "", 0),
                                                    pair[0].population or 0))
        found.append(Dateline(m.start("city"), m.end("city"), town))
        if parent is not None:
            found.append(Dateline(m.start("parent"), m.start("parent") + len(parent_text), parent))
    return found


def place_datelines(text: str, mentions: list[LinkedMention], datelines: list[Dateline],
                    sentence_of) -> list[LinkedMention]:
    """The mentions, with each dateline's place in place of whatever was linked over its words."""
    out = list(mentions)
    for d in datelines:
        out = [x for x in out if not (x.start < d.end and d.start < x.end)]
        out.append(LinkedMention(d.start, d.end, text[d.start:d.end], d.place.id, "place", sentence_of(d.start)))
    return sorted(out, key=lambda x: x.start)


def _towns(name: str, kb: KnowledgeBase) -> list[Place]:
    """The towns, districts and provinces of the name; "Tacloban City" is Tacloban if the
    gazetteer has no "Tacloban City"."""
    for words in (name, name.removesuffix(" City")):
        places = [kb.place(n.entity_id) for n in kb.candidates(words) if n.is_place]
        places = [p for p in places if p is not None and p.admin_level in ("city", "admin2", "admin1")]
        if places:
            return places
    return []


def _parents(words: str, states: dict[str, str], kb: KnowledgeBase) -> list[Place]:
    if not words:
        return []
    if words.lower() in states:
        state = kb.place(f"place:{states[words.lower()]}")
        return [state] if state else []
    places = [kb.place(n.entity_id) for n in kb.candidates(words) if n.is_place]
    return [p for p in places if p is not None and p.admin_level in _PARENT_LEVELS]


def _within(town: Place, parent: Place) -> bool:
    """Whether `town` lies in `parent` (a region, having no code to check, by its country)."""
    if town.country != parent.country or town.id == parent.id:
        return False
    own = parent.id.removeprefix("place:")
    if parent.admin_level == "admin1":
        return town.admin1 == own
    if parent.admin_level == "admin2":
        return town.admin2 == own
    return True
