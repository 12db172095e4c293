"""Nominal actors: actors named by a noun, not a name — "Nigerian soldiers", "unidentified gunmen",
"ISWAP fighters", "police", "protesters" — typed by sector and tied to a country or group where
the phrase says so.

    "Nigerian soldiers"   -> Armed Forces of Nigeria (military:NG), sector military
    "Taliban militants"   -> the Taliban (the group's own fighters are the group)
    "unidentified gunmen" -> generic:unidentified-gunmen, sector unidentified_armed_group
    "soldiers", in a report set in one country -> that country's armed forces

The nouns and their sectors are in `lexicons/agents.yaml` (converted from the Phoenix agents
dictionary by training/event_vocabulary.py, with what conflict reports add). Extractors ask for a
nominal actor only where a role needs one, so a document's entities do not fill with every
"residents" it mentions.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from spacy.tokens import Token

from faultlines.data import load_yaml
from faultlines.kb import KnowledgeBase
from faultlines.model import Entity, Mention
from faultlines.nlp.lemmas import lemmas
from faultlines.resolve.mentions import LinkedMention, ResolvedDocument

# The state actor a sector of a country is (state_actors.yaml generates one of each per country).
STATE_SECTORS = {"military": "military", "police": "police", "government": "government"}
# The entity kind of an actor known only by its sector.
SECTOR_KINDS = {"military": "government", "police": "government", "government": "government",
                "rebels": "armed_group", "militia": "armed_group", "unidentified_armed_group": "armed_group",
                "criminals": "armed_group", "insurgents": "armed_group", "mob": "community"}
ARMED_KINDS = {"armed_group", "faction", "organisation", "political_party", "international_org"}
_SKIP = {"det", "nummod", "case", "punct", "advmod", "nmod"}
_QUANTIFIERS = {"least", "most", "more", "some", "many", "several", "about", "around", "over", "nearly", "almost"}


class NominalActors:
    """Links the head noun of a role to the actor it names."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        agents = load_yaml("lexicons/agents.yaml")["agents"]
        self.sectors: dict[str, str] = {k.lower(): (v["sector"] if isinstance(v, dict) else v)
                                        for k, v in agents.items()}
        self.demonyms = {d.lower(): country for country, names in load_yaml("places/demonyms.yaml").items()
                         for d in names}

    def sector_of(self, head: Token) -> str | None:
        """The sector of an agent noun ("security forces" -> military), else None."""
        forms = lemmas(head)
        previous = head.doc[head.i - 1] if head.i > 0 else None
        if previous is not None and previous.dep_ in ("compound", "amod"):
            for form in forms:
                if f"{previous.lower_} {form}" in self.sectors:
                    return self.sectors[f"{previous.lower_} {form}"]
        return next((self.sectors[f] for f in forms if f in self.sectors), None)

    def link(self, resolved: ResolvedDocument, head: Token, lo: int, hi: int,
             named: list[LinkedMention], sentence: int) -> LinkedMention | None:
        if head.i not in resolved.nominal:  # one head, one actor, however many facts it fills
            resolved.nominal[head.i] = self._link(resolved, head, lo, hi, named, sentence)
        return resolved.nominal[head.i]

    def _link(self, resolved: ResolvedDocument, head: Token, lo: int, hi: int,
              named: list[LinkedMention], sentence: int) -> LinkedMention | None:
        sector = self.sector_of(head)
        if sector is None:
            return None
        # "ISWAP fighters", "Taliban militants": the group's own fighters are the group.
        groups = [m for m in named if m.kind in ARMED_KINDS]
        if groups and sector not in ("civilians", "protesters", "rioters"):
            return groups[0]
        country = self._country(head, named, resolved, sector)
        actor_id = STATE_SECTORS.get(sector)
        text = resolved.document.text[lo:hi]
        if country and actor_id:
            actor = self.kb.actor(f"{actor_id}:{country}")
            if actor is not None:
                return self._add(resolved, LinkedMention(lo, hi, text, actor.id, actor.kind, sentence),
                                 sector)
        words = [t for t in head.doc[head.left_edge.i:head.i + 1]
                 if lo <= t.idx < hi and t.dep_ not in _SKIP and not t.like_num and t.pos_ != "PROPN"
                 and t.lower_ not in _QUANTIFIERS]
        singular = next((f for f in lemmas(head) if f in self.sectors), head.lemma_.lower())
        phrase = " ".join(t.lower_ for t in words[:-1]) + (" " if len(words) > 1 else "") + singular
        suffix = f"-{country.lower()}" if country and sector in ("civilians", "protesters", "rioters") else ""
        entity_id = f"generic:{_slug(phrase)}{suffix}"
        mention = LinkedMention(lo, hi, text, entity_id, SECTOR_KINDS.get(sector, "community"),
                                sentence, generic=True)
        return self._add(resolved, mention, sector, name=" ".join(t.text for t in words) or head.text,
                         country=country)

    def forces_of(self, resolved: ResolvedDocument, token: Token, sentence: int) -> LinkedMention | None:
        """A word naming who did something with a weapon: a nationality ("Ukrainian drones") is
        that country's armed forces, a registry name the linker missed ("Houthi shells") that actor."""
        country = self.demonyms.get(token.lower_)
        actor = self.kb.actor(f"military:{country}") if country else None
        if actor is None:
            known = [n for n in self.kb.candidates(token.text) if not n.is_place]
            actor = self.kb.actor(known[0].entity_id) if known else None
        if actor is None:
            return None
        start, end = token.idx, token.idx + len(token)
        return self._add(resolved, LinkedMention(start, end, token.text, actor.id, actor.kind, sentence),
                         "military" if country else None)

    def state(self, resolved: ResolvedDocument, mention: LinkedMention) -> LinkedMention | None:
        """A country named where an actor is meant ("Russia threatened"), or its people ("the
        Pakistani President"): the state. The words stay
        a mention of the place (what they name); the state is the place's actor, kept as an entity
        with no mention of its own and `of_place` pointing at the place."""
        place = resolved.entities.get(mention.entity_id)
        code = place.country if place is not None and place.id.startswith("people:") else None
        if place is None and mention.entity_id.startswith("place:"):
            code = mention.entity_id.removeprefix("place:")  # named inside another mention
        if code:  # "Pakistani President ...": Pakistan's
            known = self.kb.place(f"place:{code}")
            place = Entity(known.id, known.name, "place", country=known.country,
                           admin_level=known.admin_level) if known else None
        if place is None or place.admin_level != "country" or not place.country:
            return None
        state_id = f"state:{place.country}"
        known = resolved.entities.get(state_id)
        if known is None:
            resolved.entities[state_id] = Entity(state_id, place.name, "state", (mention.text,), (),
                                                 country=place.country, attributes={"of_place": place.id})
        elif mention.text not in known.aliases and mention.text != known.name:
            resolved.entities[state_id] = replace(known, aliases=known.aliases + (mention.text,))
        return LinkedMention(mention.start, mention.end, mention.text, state_id, "state", mention.sentence)

    def _country(self, head: Token, named: list[LinkedMention], resolved: ResolvedDocument, sector: str) -> str | None:
        entities = resolved.entities
        for m in named:  # "Malian soldiers" linked as Mali's people, "Syria's army" as the place
            entity = entities.get(m.entity_id)
            if entity is not None and entity.country and m.kind in ("place", "state", "community", "government"):
                return entity.country
        for t in head.lefts:
            if t.lower_ in self.demonyms:
                return self.demonyms[t.lower_]
        if sector in STATE_SECTORS:
            return _setting(resolved)
        return None

    def _add(self, resolved: ResolvedDocument, mention: LinkedMention, sector: str | None, name: str | None = None,
             country: str | None = None) -> LinkedMention:
        resolved.mentions.append(mention)
        span = Mention(mention.start, mention.end, mention.text)
        known = resolved.entities.get(mention.entity_id)
        if known is not None:
            if span not in known.mentions:
                resolved.entities[mention.entity_id] = replace(known, mentions=known.mentions + (span,))
            return mention
        actor = self.kb.actor(mention.entity_id)
        if actor is not None:
            entity = Entity(actor.id, actor.name, actor.kind, (), (span,),
                            country=actor.countries[0] if len(actor.countries) == 1 else None,
                            attributes={"registry": True, "parents": list(actor.parents),
                                        "countries": list(actor.countries),
                                        **({"sector": sector} if sector else {"found_for_role": True})})
        else:
            entity = Entity(mention.entity_id, name or mention.text, mention.kind, (), (span,), country=country,
                            attributes={"generic": True, "sector": sector})
        resolved.entities[mention.entity_id] = entity
        return mention


def _setting(resolved: ResolvedDocument) -> str | None:
    """The country a document is set in (read once): the one at least half its place mentions are in."""
    if not resolved.setting:
        resolved.setting.append(_focus_country(resolved.entities))
    return resolved.setting[0]


def _focus_country(entities: dict[str, Entity]) -> str | None:
    counts: Counter[str] = Counter()
    for e in entities.values():
        if e.kind == "place" and e.country:
            counts[e.country] += len(e.mentions)
    if not counts:
        return None
    country, n = counts.most_common(1)[0]
    return country if n * 2 >= sum(counts.values()) else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def read_members(doc, text: str, mentions: list[LinkedMention], member_nouns: frozenset[str],
                 count_words: frozenset[str]) -> list[LinkedMention]:
    """A group's name before a noun for its own people or units is a mention of the group that
    spans the phrase: "ISIL tactical units", "Taliban special forces". Counted ("4,000 ISIS
    fighters", "dozens of ISIS-K fighters"), the phrase is a number of people, a claim's."""
    out = []
    for m in mentions:
        words = doc.char_span(m.start, m.end, alignment_mode="expand")
        head = words.root.head if words is not None else None
        before = [t for t in doc[max(0, words.start - 2):words.start]] if words is not None else []
        counted = any(t.like_num or t.lower_ in count_words for t in before)
        if (m.kind in ARMED_KINDS and not m.generic and head is not None and not counted
                and words.root.dep_ in ("compound", "amod") and head.i >= words.end and head.lower_ in member_nouns
                and all(t.pos_ in ("ADJ", "NOUN", "PROPN") for t in doc[words.end:head.i])):
            end = head.idx + len(head.text)
            m = LinkedMention(m.start, end, text[m.start:end], m.entity_id, m.kind, m.sentence)
        out.append(m)
    return out

