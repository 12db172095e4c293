"""Datelines: "KABUL, Afghanistan (AP) —", "TRENTON, N.J. (AP) —", "MAIDUGURI, Nigeria (Reuters) -".

A wire report opens with the place it was filed from, in capitals, with its country or US state
(in AP's abbreviations) and often the agency. The language pipeline takes the capitals for an
acronym or a headline and links nothing; here the place is read as the gazetteer's namesake
within the parent named, and its words become its mention (a word the linker had made something
else there, such as "N.J.", gives way).
"""

from __future__ import annotations

import re

from faultlines.data import load_yaml
from faultlines.kb import KnowledgeBase
from faultlines.resolve.mentions import LinkedMention

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "KABUL, Afghanistan (AP) —", "BEIRUT (AP) —", "MAIDUGURI, Nigeria, April 15 (Reuters) -"
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<city>[A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+){0,3})"
    rf"(?:,[ \t]+(?!{_MONTH}[ \t]+\d)(?P<parent>[A-Z][A-Za-z'’.]*(?:[ \t](?:of|the|[A-Z][A-Za-z'’.]*)){{0,4}}))?"
    rf"(?:,?[ \t]+{_MONTH}[ \t]+\d{{1,2}})?[ \t]*"
    r"(?:\((?P<agency>[A-Za-z. ]{2,20})\))?[ \t]*[-—–]")


def dateline_states() -> dict[str, str]:
    """AP's US state abbreviations ("n.j.") -> ISO 3166-2 codes, from data/places/datelines.yaml."""
    return {k.lower(): v for k, v in load_yaml("places/datelines.yaml")["us_states"].items()}


def read_datelines(text: str, mentions: list[LinkedMention], kb: KnowledgeBase, states: dict[str, str],
                   sentence_of) -> list[LinkedMention]:
    """The mentions, with the place of each dateline (at the start of a line) linked; `states`
    from `dateline_states()`, read once by the linker."""
    out = list(mentions)
    for m in _DATELINE.finditer(text[:20_000]):
        if not (m.group("agency") or m.group("parent")):
            continue
        parent_text = (m.group("parent") or "").strip()
        parent = _parent(parent_text, states, kb)
        if m.group("parent") and parent is None:
            continue  # "WASHINGTON, Smith said -" is no dateline
        city = m.group("city").title()
        candidates = [kb.place(n.entity_id) for n in kb.candidates(city) if n.is_place]
        candidates = [p for p in candidates if p is not None and p.admin_level in ("city", "admin2", "admin1")]
        if parent is not None:
            candidates = [p for p in candidates if p.country == parent.country and (
                parent.admin_level == "country" or p.admin1 == parent.id.removeprefix("place:"))]
        if not candidates:
            continue
        place = max(candidates, key=lambda p: (p.admin_level == "city", p.population or 0))
        found = [(m.start("city"), m.end("city"), place)]
        if parent is not None and m.group("parent"):
            found.append((m.start("parent"), m.start("parent") + len(parent_text), parent))
        for start, end, p in found:
            out = [x for x in out if not (x.start < end and start < x.end)]
            out.append(LinkedMention(start, end, text[start:end], p.id, "place", sentence_of(start)))
    return sorted(out, key=lambda x: x.start)


def _parent(words: str, states: dict[str, str], kb: KnowledgeBase):
    if not words:
        return None
    if words.lower() in states:
        return kb.place(f"place:{states[words.lower()]}")
    places = [kb.place(n.entity_id) for n in kb.candidates(words) if n.is_place]
    places = [p for p in places if p is not None and p.admin_level in ("country", "admin1")]
    return min(places, key=lambda p: p.admin_level != "country") if places else None
