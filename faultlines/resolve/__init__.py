"""Resolve: link each name in a document to a canonical actor or place, and gather the entities.

    resolved = resolve(document, doc, kb)
    resolved.entities        {id: Entity}, each with every mention of it in the document
    resolved.mentions        every linked mention, in text order (extractors read these)

A country name is a place ("active in Afghanistan") or a state actor ("the United States has
warned"): the words around it decide. "The group" and "the organization" refer back to the last
armed group named just before.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from faultlines.data import load_yaml
from faultlines.dates import MONTHS, WEEKDAYS
from faultlines.kb import KnowledgeBase, Name
from faultlines.kb.gazetteer import Place, common_words, country_neighbours
from faultlines.kb.text import name_key
from faultlines.model import ARMED_KINDS, Document, Entity, Mention
from faultlines.nlp import arabic_articles, positions
from faultlines.nlp.provisional import ProvisionalRules
from faultlines.resolve.branches import read_branches
from faultlines.resolve.datelines import Dateline, dateline_states, find_datelines, place_datelines
from faultlines.resolve.mentions import LinkedMention, ResolvedDocument
from faultlines.resolve.namesakes import Geography, NamesakeScore, Scored, km
from faultlines.resolve.nominal import read_members
from faultlines.resolve.parents import read_parents
from faultlines.resolve.voices import AUTHOR, read_voices

_LEVELS = {"country": 0, "region": 1, "admin1": 2, "admin2": 3, "city": 4}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "our"}
_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "i", "me", "my", "we", "us", "our", "they",
             "them", "their", "you", "your", "it", "its", "himself", "herself", "themselves"}
_ORGANISATION_KINDS = {"armed_group", "faction", "government", "political_party", "international_org",
                       "organisation"}


class Linker:
    """Chooses among a name's candidates using the words around it and the document's focus."""

    def __init__(self, kb: KnowledgeBase, provisional: ProvisionalRules | None = None):
        self.kb = kb
        cues = load_yaml("lexicons/linking.yaml")
        self.locative = set(cues["locative_before"])
        self.place_nouns = set(cues["place_nouns"])
        self.directions = set(cues["directions"])
        self.admin_nouns = set(cues["admin_nouns"])
        self.district_nouns = set(cues["district_nouns"])
        self.place_suffixes = self.admin_nouns | {"city", "town", "district", "municipality"} \
            | set(cues["feature_nouns"])
        self.place_of_heads = set(cues["place_name_heads"])
        self.actor_nouns_after = set(cues["actor_nouns_after"])
        self.big_city = int(cues["big_city_population"])
        self.far_city_population = int(cues["far_city_population"])
        self.near_city_population = int(cues["near_city_population"])
        self.near_town_km = float(cues["near_town_km"])
        self.conflict_countries = frozenset(load_yaml("places/aliases.yaml").get("conflict_countries", []))
        self.actor_after = set(cues["actor_after"])
        self.actor_before = set(cues["actor_before"])
        self.generic = {g.lower(): kinds for g, kinds in cues["generic_references"].items()}
        self.generic_by_first: dict[str, list[tuple[list[str], list[str]]]] = defaultdict(list)
        for phrase, kinds in self.generic.items():  # "the group ...": only phrases starting "group"
            self.generic_by_first[phrase.split()[0]].append((phrase.split(), kinds))
        self.reference_window = int(cues["reference_window_sentences"])
        self.topic_window = int(cues["topic_window_chars"])
        heads = "|".join(map(re.escape, cues["place_name_heads"]))
        self.place_name_of = re.compile(rf"^(?:the\s+)?(?:{heads})\s+of\s+", re.I)
        self.part_of_place = re.compile(rf"^(.+?)\s+(?:{heads})\s+of\s+(.+)$", re.I)
        self.pronouns: dict[str, list[str]] = cues["opening_pronouns"]
        self.gendered: dict[str, str] = cues["gendered_pronouns"]
        self.leader_words = frozenset(cues["leader_words"])
        self.generic_cues = frozenset({"the", "this", "that", *self.pronouns})
        self.empty_it: list[str] = cues["empty_it"]
        self.speech_verbs = frozenset(load_yaml("lexicons/attribution.yaml")["speech_verbs"])
        nominal = load_yaml("lexicons/nominal_actors.yaml")
        self.state_heads: dict[str, str] = nominal["state_heads"]
        self.generic_heads: dict[str, str] = nominal["generic_heads"]
        self.nominal_dropped = frozenset(nominal["dropped_words"])
        self.nominal_refers = frozenset(nominal["referring_words"])
        self.nominal_counts = frozenset(nominal["count_words"])
        self.plural_heads: dict[str, str] = nominal["plural_heads"]
        self.member_nouns = frozenset(nominal["member_nouns"])
        self.provisional = provisional or ProvisionalRules.load()
        self.namesakes = NamesakeScore.load(cues)
        self.dateline_states = dateline_states()

    def resolve(self, document: Document, doc: Doc) -> ResolvedDocument:
        sentence_of = {}
        paragraphs, paragraph, last_end = [], 0, 0
        for i, sent in enumerate(doc.sents):
            for token in sent:
                sentence_of[token.i] = i
            # A line break between two sentences starts a paragraph.
            paragraph += i > 0 and "\n" in _text(doc)[last_end:sent.start_char + 1]
            paragraphs.append(paragraph)
            last_end = sent.end_char - 1
        ents = list(doc.ents)
        focus = self._country_focus(ents)
        # The place a report was filed from is where it is set, as much as a country it names.
        datelines = find_datelines(_text(doc), self.kb, self.dateline_states, focus)
        for dateline in datelines:
            focus[dateline.place.country or ""] += 1
        del focus[""]
        geography = self._geography(ents, focus, datelines)
        mentions = []
        for ent in ents:
            linked = self._link(ent, focus, sentence_of[ent.start], document.published, geography)
            if linked:
                mentions.append(linked)
        mentions = sorted(mentions + self._generic_mentions(doc, mentions, sentence_of, paragraphs),
                          key=lambda m: m.start)
        leaders = self._leader_mentions(doc, mentions, sentence_of, paragraphs, document.published)
        # "Its leader" is one mention, of the leader; "Its" inside it no longer refers on its own.
        mentions = [m for m in mentions if not any(x.start <= m.start and m.end <= x.end for x in leaders)]
        mentions = sorted(mentions + leaders, key=lambda m: m.start)
        starts = [sent.start_char for sent in doc.sents]
        mentions = place_datelines(_text(doc), mentions, datelines,
                                   lambda offset: max(0, bisect.bisect_right(starts, offset) - 1))
        mentions, containers = read_parents(_text(doc), mentions, self.kb)
        mentions = read_branches(doc, _text(doc), mentions, self.kb)
        mentions = _short_names(mentions, self.provisional)
        mentions = read_members(doc, _text(doc), mentions, self.member_nouns, self.nominal_counts)
        voices = read_voices(doc, _text(doc), mentions, sentence_of, self.speech_verbs)
        taken = {(m.start, m.end) for m in mentions}
        mentions = sorted(mentions + [m for m in voices if (m.start, m.end) not in taken], key=lambda m: m.start)
        resolved = ResolvedDocument(document, doc, mentions)
        resolved.entities = self._entities(mentions, containers, focus)
        if AUTHOR in resolved.entities:  # "we" in a statement: whoever issued it
            author = resolved.entities[AUTHOR]
            resolved.entities[AUTHOR] = replace(author, name=document.publisher or "the document's author",
                                                attributes={"generic": True, "author": True})
        return resolved

    def _country_focus(self, ents: list[SpacySpan]) -> Counter[str]:
        """Countries of the unambiguous places and actors named: where the story happens."""
        focus: Counter[str] = Counter()
        for ent in ents:
            # "southern Lebanon" is about Lebanon as much as "Lebanon" is.
            names = self.kb.candidates(ent.text) or self._core_place_candidates(ent)
            # "Idlib", the province and its town, is in Syria either way; "Tripoli", a province in
            # Libya, is a town in Lebanon too: half a vote.
            countries = {self._country_of(n) for n in names} - {None}
            abroad = {p.country for p in (self.kb.place(n.entity_id) for n in names if n.is_place)
                      if p and p.admin_level == "city" and (p.population or 0) >= self.near_city_population}
            if len(countries) == 1:
                country = countries.pop()
                focus[country] += 1 if abroad <= {country} else 0.5
            elif not countries:
                # A group active in several countries points to its first, the one it is of
                # (al-Shabaab: Somalia; ISWAP: Nigeria), with half the weight of a place: a report
                # on Baidoa need not say "Somalia" for Baidoa to be the Somali town.
                homes = {a.countries[0] for a in (self.kb.actor(n.entity_id) for n in names if not n.is_place)
                         if a and a.kind in ARMED_KINDS and len(a.countries) > 1}
                if len(homes) == 1:
                    focus[homes.pop()] += 0.5
        return focus

    def _country_of(self, name: Name) -> str | None:
        if name.is_place:
            # Towns and districts are the names most often confused with words and with each
            # other; they do not set the focus.
            place = self.kb.place(name.entity_id)
            return place.country if place and place.admin_level not in ("city", "admin2") else None
        actor = self.kb.actor(name.entity_id)
        return actor.countries[0] if actor and len(actor.countries) == 1 else None

    def _link(self, ent: SpacySpan, focus: Counter[str], sentence: int,
              published: str | None = None, geography: Geography | None = None) -> LinkedMention | None:
        names = self.kb.candidates(ent.text) or self._core_place_candidates(ent)
        if ent.label_ == "PERSON":  # "Clinton", "Elizabeth": a person, not a far town of that name
            names = [n for n in names if not n.is_place or self._plausible(n, focus)]
        acronym = ent.text.isupper() and len(ent.text) > 1 and not _shouting(ent.sent)
        if acronym and names:
            # An acronym in running text is not a place written in capitals: "Iraqi SWAT forces"
            # are no troops from Swat; "US" and "DRC" are written so.
            names = [n for n in names if not n.is_place or n.written.isupper()]
            if not names and ent.label_ in ("GPE", "LOC", "FAC"):
                return None
        bare = self.provisional.strip_title(ent.text)  # "President Hollande" -> "Hollande"
        if not names and ent.label_ == "PERSON":
            # A titled name is a person: "Secretary Kerry" is not County Kerry.
            names = [n for n in (self.kb.candidates(bare) or self.kb.fuzzy_candidates(bare, "PERSON"))
                     if not n.is_place and self.kb.actor(n.entity_id).kind == "person"]
            # "Iraqi Prime Minister Nouri al-Maliki": a known person's name ends the span.
            for k in range(1, len(ent) - 1):
                if names:
                    break
                names = [n for n in self.kb.candidates(ent[k:].text)
                         if not n.is_place and self.kb.actor(n.entity_id).kind == "person"]
        fuzzy = False
        if not names and any(t.is_upper or (t.is_title and not _opens_sentence(t)) for t in ent):
            names = self.kb.fuzzy_candidates(bare, ent.label_)  # names only: "the regime" is no typo
            fuzzy = True
        actors = self._rank_actors([n for n in names if not n.is_place], published, focus)
        parents = self._named_parents(ent)
        places = self._meant_places(ent, [n for n in names if n.is_place], focus, parents, geography)
        if not names:
            return self._provisional(ent, sentence, focus, published)
        if not actors and not places:
            # A near spelling that does not fit is no reason to drop the name itself, nor is a
            # far-away namesake of a place the NER found ("Sadah" in Iraq is not Sa'dah).
            # A person the NER found stays a person when no town of the name is meant ("Sharon").
            kept = fuzzy or ent.kb_id_ == "ner" or ent.label_ == "PERSON"
            return self._provisional(ent, sentence, focus, published) if kept else None
        start, end = _trim(ent)
        text = _text(ent.doc)[start:end]
        if actors and not (places and self._is_locative(ent)):
            actor = self.kb.actor(actors[0].entity_id)
            assert actor is not None
            return LinkedMention(start, end, text, actor.id, actor.kind, sentence)
        if any(parents) and places and not any(self._within(n, parents) for n in places) and all(
                self.kb.place(n.entity_id).admin_level == "city" for n in places):
            # "Novoselivka, Kharkiv": none of the namesakes lies in the parent named; the village
            # is one the gazetteer lacks, placed within its parent (resolve/parents.py).
            return LinkedMention(start, end, text, f"new:{_slug(self._place_name(text))}", "place", sentence)
        ranked = self._best_place(places, focus, ent, parents, geography)
        place = ranked[0].place
        owner = self._state_actor_of(ent, place, sentence) if place.admin_level == "country" else None
        if owner:  # "the armies of Mali"
            return owner
        if place.admin_level == "country" and self._is_actor_use(ent):
            return LinkedMention(start, end, text, f"state:{place.country}", "state", sentence)
        return LinkedMention(start, end, text, place.id, "place", sentence, choice=tuple(ranked[:2]))

    def _meant_places(self, ent: SpacySpan, candidates: list[Name], focus: Counter[str],
                      parents: tuple[set[str], set[str]], geography: Geography | None) -> list[Name]:
        """The places a name may mean here (docs/linking.md, "Which names can be places"): in or
        near the story's countries, within the parents named, near its other places."""
        said_as_place = self._said_as_place(ent, parents)
        # In a story that names no country, a name only one place bears, said as a place, is that
        # place at any size: "kidnapped two tourists near Timbuktu" needs no "Mali" (but "Sadah" in
        # a story about Iraq is not Yemen's, and "in English" no village in Arkansas).
        alone = not focus and len(candidates) == 1 and not self._small_town(candidates[0]) and said_as_place
        places = [n for n in candidates if alone or self._plausible(n, focus) or self._within(n, parents)
                  or self._near_the_story(n, ent, geography)]
        # A district's town of the same name is as likely as the district: "Gunmen attacked Gwoza"
        # is the town, whether or not the story names Nigeria.
        where = {n.entity_id: self.kb.place(n.entity_id) for n in candidates}
        districts = {where[n.entity_id].country for n in places if where[n.entity_id].admin_level == "admin2"}
        places += [n for n in candidates if n not in places and where[n.entity_id].admin_level == "city"
                   and where[n.entity_id].country in districts]
        if not said_as_place:
            # A small town's name is also a word or a name somewhere ("Christmas", "Welcome",
            # "Hughes"): it is meant where the text treats it as a place.
            places = [n for n in places if not self._small_town(n)]
        return places

    def _named_parents(self, ent: SpacySpan) -> tuple[set[str], set[str]]:
        """The countries and first-level divisions named right after a place, as its parents:
        "Damasak (Mobbar, Borno)", "Andarab district, Baghlan", "Baga, Borno State"."""
        after = _PARENTS.match(_text(ent.doc), ent.end_char)
        countries: set[str] = set()
        divisions: set[str] = set()
        if after is None:
            return countries, divisions
        for part in re.split(r"\s*,\s*", after.group(1)):
            part = re.sub(r"\s+(?:State|Province|Region|Governorate|District|LGA|Oblast)$", "", part.strip())
            readings = [p for p in (self.kb.place(n.entity_id) for n in self.kb.candidates(part) if n.is_place) if p]
            # A parent is read at its highest level: "Lebanon" is the country, not the towns of
            # Pennsylvania; a town named as a parent stands for its province ("Novoselivka, Kharkiv").
            top = min((_LEVELS.get(p.admin_level, 9) for p in readings), default=None)
            for p in readings:
                if _LEVELS.get(p.admin_level, 9) != top:
                    continue
                countries.add(p.country or "")
                divisions.add(p.id.removeprefix("place:") if p.admin_level == "admin1" else p.admin1 or "")
        return countries - {""}, divisions - {""}

    def _near_the_story(self, name: Name, ent: SpacySpan, geography: Geography | None) -> bool:
        """A village abroad is meant when it lies near the towns the story names: a Novoselivka
        by Kramatorsk in a story that names Russia's forces but not Ukraine."""
        place = self.kb.place(name.entity_id)
        if geography is None or place is None or place.lat is None or place.lon is None:
            return False
        _, anchors = geography.around(name_key(ent.text))
        return any(km(place.lat, place.lon, lat, lon) <= self.near_town_km for lat, lon in anchors)

    def _said_as_place(self, ent: SpacySpan, parents: tuple[set[str], set[str]]) -> bool:
        """Whether the text treats a name as a place: the statistical NER calls it one, a
        locative word or a direction comes before it ("in Selah", "near Arab", "the town of
        Welcome"), or its parents follow ("Sharon, Pennsylvania")."""
        doc = ent.doc
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        after = doc[ent.end].lower_ if ent.end < len(doc) else ""
        return (ent.kb_id_ == "ner" or self._is_locative(ent) or any(parents) or before in self.directions
                or (before == "of" and ent.start > 1 and doc[ent.start - 2].lower_ in self.place_of_heads)
                or after in self.place_suffixes)

    def _small_town(self, name: Name) -> bool:
        """A town under `near_city_population` outside the conflict countries (in them, villages
        are what reports name: "Bentiu was flooded")."""
        place = self.kb.place(name.entity_id)
        return (place is not None and place.admin_level == "city" and place.country not in self.conflict_countries
                and (place.population or 0) < self.near_city_population)

    def _within(self, name: Name, parents: tuple[set[str], set[str]]) -> bool:
        place = self.kb.place(name.entity_id)
        countries, divisions = parents
        return place is not None and (place.admin1 in divisions or (not divisions and place.country in countries))

    def _core_place_candidates(self, ent: SpacySpan) -> list[Name]:
        """A place named with a direction, a kind of division or an article the gazetteer's
        names lack: "northern Iraq" is Iraq, "Diyala Province" and "southern Kirkuk Province"
        the provinces, "Kunduz city" and "the town of Palma" the towns, "Al-Raqqa" and "El
        Geneina" Raqqa and Geneina."""
        words = list(ent)
        while words and (words[0].lower_ in self.directions or words[0].lower_ == "the"):
            words = words[1:]
        if len(words) > 2 and words[1].lower_ == "of" and words[0].lower_ in self.place_of_heads:
            words = words[2:]
        if len(words) > 1 and words[0].lower_ in arabic_articles() \
                and not self.kb.candidates(ent.doc[words[0].i:words[-1].i + 1].text):
            words = words[2:] if words[1].text == "-" else words[1:]
        suffix = words[-1].lower_ if len(words) > 1 and words[-1].lower_ in self.place_suffixes else None
        if suffix:
            words = words[:-1]
        if not words or len(words) == len(ent):
            return []
        core = ent.doc[words[0].i:words[-1].i + 1].text
        places = [n for n in self.kb.candidates(core) if n.is_place]
        if suffix in self.admin_nouns:
            wanted = {"admin1", "admin2", "region"}
        elif suffix in ("city", "town"):
            wanted = {"city"}
        else:
            return places
        levels = {n.entity_id: getattr(self.kb.place(n.entity_id), "admin_level", None) for n in places}
        return [n for n in places if levels[n.entity_id] in wanted] or places

    def _rank_actors(self, actors: list[Name], published: str | None, focus: Counter[str]) -> list[Name]:
        """Where a name fits several actors: those that existed when the document was written
        first (in 2023, "the Afghan government" is the Taliban's, not the Republic's), then those
        active in the countries the document is about ("SNA" in Somalia or in Syria)."""
        if len(actors) < 2:
            return actors

        def current(name: Name) -> bool:
            actor = self.kb.actor(name.entity_id)
            if not published or not actor:
                return True
            return ((not actor.until or actor.until >= published[:len(actor.until)])
                    and (not actor.since or actor.since[:len(published)] <= published))

        def in_focus(name: Name) -> int:
            actor = self.kb.actor(name.entity_id)
            return sum(focus.get(c, 0) for c in actor.countries) if actor else 0

        return sorted(actors, key=lambda n: (not current(n), -in_focus(n)))

    def _nominal(self, ent: SpacySpan, start: int, end: int, sentence: int,
                 focus: Counter[str]) -> LinkedMention | None:
        """A nominal actor: "the regime" (the government of the country the document is about),
        "unidentified gunmen" (a generic actor). "The group" is left to reference resolution."""
        i = ent.start - 1
        if i > 0 and ent.doc[i].lower_ == "of":  # "dozens of fighters"
            i -= 1
        counted = i >= 0 and (ent.doc[i].like_num or ent.doc[i].lower_ in self.nominal_counts)
        if counted or any(t.lower_ in self.nominal_refers or t.like_num or _has_digit(t.text) for t in ent):
            return None  # "its fighters", "these terrorists", "4,000–6,000 fighters"
        words = [t.lower_ for t in ent if not t.is_punct and t.lower_ not in self.nominal_dropped]
        phrase = " ".join(words)
        if not words or phrase in self.generic:
            return None
        text = _text(ent.doc)[start:end]
        top = focus.most_common(2)
        country = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
        for size in (2, 1):  # "security forces" before "forces"
            head = " ".join(words[-size:])
            if head in self.state_heads and country and len(words) <= size + 1:
                key = self.state_heads[head]
                actor = self.kb.actor(f"{key}:{country}")
                if actor:
                    return LinkedMention(start, end, text, actor.id, actor.kind, sentence)
        for size in (2, 1):
            head = " ".join(words[-size:])
            kind = self.generic_heads.get(head) or ("military" if head in self.state_heads else None)
            if kind and len(words) > size:  # "unidentified gunmen", not bare "gunmen"
                kind = "armed_group" if kind == "military" else kind
                return LinkedMention(start, end, text, f"generic:{_slug(phrase)}", kind, sentence)
        return None

    def _provisional(self, ent: SpacySpan, sentence: int, focus: Counter[str],
                     published: str | None = None) -> LinkedMention | None:
        """An actor the registry does not know: a provisional entity, `new:<slug>`."""
        kind = {"PERSON": "person", "NORP": "community", "GPE": "place", "LOC": "place",
                "FAC": "place"}.get(ent.label_)
        if kind is None and ent.label_ == "ORG":
            # "Ghwayran district", "Zamzam camp": a place the NER took for an organisation
            place_word = ent[-1].lower_ in self.place_suffixes | self.place_of_heads and ent[-1].is_lower
            kind = "place" if place_word else self.provisional.kind_of(ent)
        if kind is None or kind in ("event", "meeting") or self.provisional.kind_of(ent) == "event":
            return None  # "the 1991 Gulf War", "the Battle of Mosul" name events, not actors
        if _shouting(ent.sent) and (kind not in ("person", "place") or len(ent) == 1):
            return None  # in "TALIBAN SEIZE KUNDUZ AS ARMY RETREATS" capitals say nothing
        start, end = _trim(ent)
        text = _text(ent.doc)[start:end]
        if self.provisional.is_title(text):
            return None  # "its new Emir" is a title, not a person
        if any(c in text for c in "[]()"):
            return None  # "Kurdish).[1": a footnote mark or a parenthesis caught in the span
        if kind == "place" and (text.lower() in WEEKDAYS or text.lower() in MONTHS):
            return None  # "Thursday" opening a dateline's sentence is no place
        if kind == "place" and self.provisional.strip_title(text) != text:
            kind = "person"  # "Staff Colonel Abd Alamir": a title makes a person of it
        words = [t for t in ent if not t.is_punct and t.lower_ not in _DETERMINERS]
        if kind == "person" and not self._names_a_person(words):
            return None
        # A capital that only opens the sentence names no one: "Government forces retook ...";
        # but a person the NER found does ("Bush is in Santiago").
        if kind != "person" and not any((t.is_title and not _opens_sentence(t)) or t.is_upper for t in words):
            return self._nominal(ent, start, end, sentence, focus)
        if kind not in ("person", "place") and len(words) == 1 and not words[0].is_upper \
                and self._count_in_doc(ent) < 2:
            return None  # one capitalised word said once ("Islamic") is too thin to be an actor
        name = self._person_name(text) if kind == "person" else text
        if not name:  # "the Minister for the Middle East": an office, its holder of the day
            holder = self._office_holder(text, published)
            if holder is not None:
                return LinkedMention(start, end, text, holder.id, "person", sentence)
            name = re.sub(r"^the\s+", "", text, flags=re.I)
        if kind == "place":
            name = self._place_name(name)
        return LinkedMention(start, end, text, f"new:{_slug(name)}", kind, sentence)

    def _office_holder(self, office: str, published: str | None):
        """The one person the registry knows in an office ("Minister for the Middle East") at the
        document's date; None if none or several."""
        words = office.split()
        role = " ".join(words[1:] if words[0].lower() == "the" else words).lower()
        holders = self.kb.registry.holders(role, None, published)
        return holders[0] if len(holders) == 1 else None

    def _person_name(self, text: str) -> str | None:
        """A person's name without the titles before it; "(Minister) for the Middle East, Tobias
        Ellwood" is Tobias Ellwood, and the office alone names no one (None)."""
        words = text.split()
        if len(words) > 1 and words[0].lower() == "the":
            text = " ".join(words[1:])
            words = words[1:]
        # "Afghan President Ashraf Ghani", "Iraq's Prime Minister X": a country or its people
        # before the title is no part of the name.
        for k in (1, 2):
            if len(words) > k + 1 and self.kb.country_named(" ".join(words[:k])):
                rest = " ".join(words[k:])
                if self.provisional.strip_title(rest) != rest:
                    text = rest
                    break
        name = self.provisional.strip_title(text)
        if name.split()[0] in ("for", "of", "to", "in", "at"):
            # "President of Pakistan Asif Ali Zardari": the office's country, then the name.
            rest = name.split()[1:]
            for k in (1, 2, 3):
                if len(rest) > k and self.kb.country_named(" ".join(rest[:k])):
                    return " ".join(rest[k:])
            return name.rsplit(",", 1)[1].strip() if "," in name else None
        return name

    def _place_name(self, text: str) -> str:
        """A new place's own name: "the city of Husaybah" is Husaybah, "Doura district of
        Baghdad" Doura, "Ntchinga village" Ntchinga."""
        text = self.place_name_of.sub("", text)
        part = self.part_of_place.match(text)
        name = part[1] if part else text
        words = name.split()
        if len(words) > 1 and words[-1] in self.place_of_heads | self.place_suffixes:  # lower case only
            name = " ".join(words[:-1])
        return name

    def _container(self, text: str, focus: Counter[str]):
        """The known place a new place's name says it is in or at: Baghdad for "Doura district
        of Baghdad", Samarra for "Samarra Barrage"; the longest known name in it, a large town
        before its province."""
        part = self.part_of_place.match(self.place_name_of.sub("", text))
        words = (part[2] if part else text).split()
        home = {c for c, _ in focus.most_common(3)}
        # Within a part of the name only: a whole name the gazetteer knows was a far namesake.
        for size in range(len(words) if part else len(words) - 1, 0, -1):
            for i in range(len(words) - size + 1):
                names = [n for n in self.kb.candidates(" ".join(words[i:i + size])) if n.is_place]
                # A town abroad is not what "Bolan Pass", "Mir Ali" or "Ovidio Guzmán" is named after.
                places = [p for p in map(self.kb.place, (n.entity_id for n in names)) if p and (
                    p.admin_level != "city" or p.country in home or (p.population or 0) >= self.far_city_population)]
                if places:
                    return min(places, key=lambda p: (
                        p.admin_level != "country", (p.population or 0) < self.big_city,
                        p.admin_level != "admin1", -(p.population or 0)))
        return None

    def _names_a_person(self, words: list) -> bool:
        """A person the NER found, unless it is a pronoun ("He", which re3d-trained NER marks),
        a word for God, no word at all ("5/6"), or a common noun opening the sentence."""
        if not any(t.is_alpha for t in words) or any(t.text in self.provisional.not_persons for t in words):
            return False
        if all(t.pos_ == "PRON" or t.lower_ in _PRONOUNS for t in words):
            return False
        if len(words) == 1 and (words[0].lower_ in WEEKDAYS or words[0].lower_ in MONTHS):
            return False  # "Saturday"
        # A capitalised word opening the sentence that English uses as a word ("Strike aircraft
        # hit ...") or a common noun there names no one.
        return not (len(words) == 1 and _opens_sentence(words[0]) and (
            words[0].pos_ not in ("PROPN", "") or words[0].lower_ in common_words()))

    @staticmethod
    def _count_in_doc(ent: SpacySpan) -> int:
        return sum(1 for e in ent.doc.ents if e.text == ent.text)

    def _plausible(self, name: Name, focus: Counter[str]) -> bool:
        """A town far from the story must be a large one: 'Mission' in Texas is not meant; one
        across the border of the story's countries need only be a town, not a village."""
        place = self.kb.place(name.entity_id)
        focus_countries = {c for c, _ in focus.most_common(3)}
        if place is not None and place.admin_level == "admin2":
            # "Kent" in a story about Britain, not Ohio's; the conflict countries' districts are
            # what reports name, also where no country is ("Gwoza LGA"), but not in another's story
            # ("Ras Isa port" in Yemen is no district of Nigeria).
            return place.country in focus_countries or (
                not focus_countries and place.country in self.conflict_countries)
        if place is None or place.admin_level != "city":
            return place is not None
        if place.country in focus_countries:
            return True
        neighbours = country_neighbours()
        if (place.population or 0) >= self.near_city_population and any(
                place.country in neighbours.get(c, ()) for c in focus_countries):
            return True  # across the border: Kiryat Shmona in a story about southern Lebanon
        needed = self.far_city_population if focus_countries else self.big_city
        return (place.population or 0) >= needed

    def _best_place(self, names: list[Name], focus: Counter[str], ent: SpacySpan,
                    parents: tuple[set[str], set[str]] = (set(), set()), geography: Geography | None = None):
        """The namesake meant, with the runner-up: each candidate scored by `NamesakeScore`
        (resolve/namesakes.py): within the parents named, its country's share of the document,
        its province named, nearness to the document's other places, its level as the words ask
        for it, its population. A country is the country, though, whatever else has its name."""
        places = [p for p in (self.kb.place(n.entity_id) for n in names) if p]
        countries = [p for p in places if p.admin_level == "country"]
        _, divisions_named = parents
        if divisions_named and any(p.admin1 in divisions_named for p in places if p.admin_level != "country"):
            countries = []  # "Mexico, Pampanga" is the town in the Philippines
        if countries:
            # "Egypt" is the country, whatever towns share the name; but "Georgia" among US states
            # is the state: a division of the story's country before a country it does not name.
            towns = self._countries_of_towns(ent.doc.ents) if len(countries) > 1 else Counter()
            country = max(countries, key=lambda p: (focus.get(p.country or "", 0), towns.get(p.country or "", 0),
                                                    p.population or 0))  # "Congo" in a Goma story
            divisions = [p for p in places if p.admin_level == "admin1"
                         and focus.get(p.country or "", 0) > focus.get(country.country or "", 0)
                         and not self._said_as_country(ent)]
            return ([Scored(divisions[0], 0.0, {}), Scored(country, 0.0, {})] if divisions
                    else [Scored(country, 0.0, {})])
        next_word = ent.doc[ent.end].lower_ if ent.end < len(ent.doc) else ""
        named = ent.text.lower()
        last = named.split()[-1] if named.split() else ""
        asks_for: set[str] = set()
        for word in (next_word, last):
            if word in self.district_nouns:
                asks_for.add("admin2")  # "Gwoza LGA", "Beni territory"
            if word in self.admin_nouns:
                asks_for |= {"admin1", "region"}  # "Kandahar province"
            if word in self.admin_nouns and word in self.district_nouns:
                asks_for.add("admin2")  # a "department" is either, by country
            if word in ("city", "town"):
                asks_for.add("city")
        return self.namesakes.rank(places, geography or Geography(focus), parents, asks_for, name_key(ent.text),
                                   self._listed_countries(ent))

    def _said_as_country(self, ent: SpacySpan) -> bool:
        """Whether a name that is a country and a province of the story's country is said as the
        country: listed with countries ("Chad, Niger and Cameroon", "Georgia and Armenia"), not
        with provinces ("Alabama and Georgia"); or across a border ("the border with Niger")."""
        levels = {p.admin_level for places in self._listed_with(ent) for p in places
                  if p.admin_level in ("country", "admin1")}
        if levels:
            return levels == {"country"}
        before = [t.lower_ for t in ent.doc[max(0, ent.start - 2):ent.start]]
        return before[-1:] == ["borders"] or before[-2:] == ["border", "with"]

    def _listed_with(self, ent: SpacySpan) -> list[list[Place]]:
        """The places each name coordinated with this one may be ("the Far North, Adamawa and
        East regions": those of "Far North" and of "East"), read from the parse."""
        out = []
        for other in ent.root.conjuncts:
            if ent.start <= other.i < ent.end:
                continue
            names = self.kb.candidates(_entity_text_at(other))
            out.append([p for p in (self.kb.place(n.entity_id) for n in names if n.is_place) if p])
        return out

    def _listed_countries(self, ent: SpacySpan) -> frozenset[str]:
        """The countries of the places listed with a name, each that can lie in one country only:
        places listed together lie together ("Punjab and Haryana" are India's)."""
        countries = (
            {p.country for p in places if p.admin_level in ("country", "admin1", "admin2", "city")}
            for places in self._listed_with(ent))
        return frozenset(c.pop() for c in countries if len(c) == 1 and None not in c)

    def _geography(self, ents: list[SpacySpan], focus: Counter[str], datelines: list[Dateline]) -> Geography:
        """Where the document is set: its focus countries, its datelines' places and the places it
        names that can only be one place (all plausible namesakes in one province), for the
        namesake score."""
        clear = [(name_key(d.place.name), d.place) for d in datelines if d.place.admin_level != "country"]
        for ent in ents:
            names = self.kb.candidates(ent.text) or self._core_place_candidates(ent)
            places = [self.kb.place(n.entity_id) for n in names if n.is_place and self._plausible(n, focus)]
            places = [p for p in places if p and p.admin_level in ("admin1", "admin2", "city")]
            provinces = {p.id if p.admin_level == "admin1" else f"place:{p.admin1}" for p in places}
            if places and len(provinces) == 1 and len(names) == len(places):
                clear.append((name_key(ent.text), min(places, key=lambda p: p.admin_level != "city")))
        return Geography(focus, tuple(dict.fromkeys(clear)))  # a place named often counts once

    def _countries_of_towns(self, ents) -> Counter[str]:
        """The country of the largest town of each name the document gives, a name counting once:
        weak evidence, asked for only where a name is several countries' ("Congo" in a story of
        Butembo and Beni, or of Brazzaville)."""
        towns: dict[str, str] = {}
        for ent in ents:
            names = self.kb.candidates(ent.text) or self._core_place_candidates(ent)
            largest = max((p for p in (self.kb.place(n.entity_id) for n in names if n.is_place)
                           if p and p.admin_level == "city"), key=lambda p: p.population or 0, default=None)
            if largest is not None and largest.country:
                towns[name_key(ent.text)] = largest.country
        return Counter(towns.values())

    def _is_locative(self, ent: SpacySpan) -> bool:
        """'in Kandahar', 'across Afghanistan', 'the provinces of Afghanistan'."""
        before = [t.lower_ for t in ent.doc[max(0, ent.start - 3):ent.start]]
        if before and before[-1] in self.locative:
            return True
        if len(before) >= 2 and before[-1] in self.directions and before[-2] in self.locative:
            return True  # "in eastern Afghanistan"
        return len(before) >= 2 and before[-1] == "of" and before[-2] in self.place_nouns

    def _state_actor_of(self, ent: SpacySpan, place, sentence: int) -> LinkedMention | None:
        """ "the army of Mali", "the armies of Mali and Burkina Faso": the country's own actor,
        named from the head word before "of" to the country's name."""
        doc = ent.doc
        i = ent.start - 1
        while i > 0 and (doc[i].text in {",", "and"} or doc[i].ent_type_ == "GPE"):
            i -= 1  # "the armies of Mali and Burkina Faso": Burkina Faso's too
        if i < 1 or doc[i].lower_ != "of":
            return None
        head = doc[i - 1].lower_
        key = self.state_heads.get(self.plural_heads.get(head, head))
        actor = self.kb.actor(f"{key}:{place.country}") if key else None
        if actor is None:
            return None
        start, end = (doc[i - 1].idx, ent.end_char) if i == ent.start - 1 else _trim(ent)
        return LinkedMention(start, end, _text(doc)[start:end], actor.id, actor.kind, sentence)

    def _is_actor_use(self, ent: SpacySpan) -> bool:
        """A country acts when a verb follows ('the United States has warned', 'China, Iran and
        Russia are concerned') or it is an agent ('attacked by Russia'); otherwise it is a place."""
        if self._is_locative(ent):
            return False
        doc = ent.doc
        start = ent.start - 1 if ent.start > 0 and doc[ent.start - 1].lower_ == "the" else ent.start
        before = doc[start - 1].lower_ if start > 0 else ""  # "backed by (the) United Arab Emirates"
        if before in self.actor_before:
            return True
        if ent.end < len(doc) and doc[ent.end].lower_ in self.actor_nouns_after:
            return True  # "U.S. officials", "Russian" aside: the state's own people
        i = ent.end
        # Skip over a coordinated list of names: "China, Iran, and Russia are ...".
        while i < len(doc) and (doc[i].text in {",", "and", "or"} or doc[i].ent_type_ == "GPE"):
            i += 1
        return i < len(doc) and doc[i].lower_ in self.actor_after

    def _generic_mentions(self, doc: Doc, named: list[LinkedMention], sentence_of: dict[int, int],
                          paragraphs: list[int]):
        """'the group', 'the organization': the last armed group named in the paragraph or the
        recent sentences."""
        found = []
        taken = {(m.start, m.end) for m in named}
        openings = [sent.start_char for sent in doc.sents]
        gender: dict[str, str] = {}  # entity -> "m" or "f", from the pronouns already linked to it
        for i in positions(doc, self.generic_cues):  # most words are neither a pronoun nor an article
            if i == len(doc) - 1:
                break
            pronoun = self._opening_pronoun(doc, i, openings, sentence_of)
            inside = pronoun is None and self._subject_pronoun(doc[i])
            if pronoun or inside:
                sex = self.gendered.get(doc[i].lower_)
                # A chain: "He was appointed by Maliki. His deputy ..." is still about him; but a
                # person called "he" is not then "she".
                chain = sorted((m for m in [*named, *found] if not sex or gender.get(m.entity_id, sex) == sex),
                               key=lambda m: m.start)
                kinds = pronoun or self.pronouns[doc[i].lower_]
                # Inside a sentence ("Smith said he would stay") the sentence's own topic may be meant.
                opening = openings[sentence_of[i]] if inside else doc[i].idx
                antecedent = self._antecedent(chain, doc[i].idx, sentence_of[i], kinds, opening, paragraphs)
                if antecedent and (antecedent.sentence < sentence_of[i] or inside):
                    if sex:
                        gender[antecedent.entity_id] = sex
                    found.append(LinkedMention(doc[i].idx, doc[i].idx + len(doc[i].text), doc[i].text,
                                               antecedent.entity_id, antecedent.kind, sentence_of[i],
                                               generic=True))
                continue
            if doc[i].lower_ not in {"the", "this", "that"}:
                continue
            for words, kinds in self.generic_by_first.get(doc[i + 1].lower_, ()):
                span = doc[i + 1:i + 1 + len(words)]
                if [t.lower_ for t in span] != words or (span.start_char, span.end_char) in taken:
                    continue
                antecedent = self._antecedent(named, doc[i].idx, sentence_of[i], kinds,
                                              openings[sentence_of[i]], paragraphs)
                sentence = sentence_of[i]
                if antecedent:
                    start, end = doc[i].idx, span.end_char
                    found.append(LinkedMention(start, end, _text(doc)[start:end],
                                               antecedent.entity_id, antecedent.kind, sentence,
                                               generic=True))
        return found

    def _leader_mentions(self, doc: Doc, mentions: list[LinkedMention], sentence_of: dict[int, int],
                         paragraphs: list[int], published: str | None) -> list[LinkedMention]:
        """ "its leader", "ISIS-K's emir": the person the registry knows as the leader of the
        actor referred to, at the document's date. The mention is "its leader" or "emir"."""
        found = []
        openings = [s.start_char for s in doc.sents]
        by_end = {m.end: m for m in mentions if m.kind != "place"}
        for i in (t - 1 for t in positions(doc, self.leader_words) if 1 < t):
            owner_word, title = doc[i], doc[i + 1]
            if owner_word.lower_ in ("its", "their"):
                owner = self._antecedent(mentions, owner_word.idx, sentence_of[i], self.pronouns["its"],
                                         openings[sentence_of[i]], paragraphs)
                start = owner_word.idx
            elif owner_word.lower_ in ("'s", "’s"):
                owner, start = by_end.get(owner_word.idx), title.idx
            else:
                continue
            end = title.idx + len(title.text)
            leader = self.kb.leader_of(owner.entity_id, published) if owner else None
            named = any(m.start < end + 40 and start < m.end and m.kind == "person" for m in mentions)
            if leader and not named:  # "its leader, Iyad Ag Ghaly": the name is there already
                found.append(LinkedMention(start, end, _text(doc)[start:end], leader.id, "person",
                                           sentence_of[i], generic=True))
        return found

    def _opening_pronoun(self, doc: Doc, i: int, openings: list[int], sentence_of: dict[int, int]):
        """The kinds "It"/"Its"/"They"/"He"/"His"... may refer to, when it opens a sentence and
        is not the empty "it" of "It is unclear whether ..."."""
        token = doc[i]
        kinds = self.pronouns.get(token.lower_)
        if not kinds or token.idx != openings[sentence_of[i]]:
            return None
        following = " ".join(t.lower_ for t in doc[i + 1:i + 4])
        if token.lower_ == "it" and any(following.startswith(w) for w in self.empty_it):
            return None
        return kinds

    def _subject_pronoun(self, token) -> bool:
        """A person's pronoun inside a sentence that is a clause's subject or a possessive ("said he
        would", "and his deputy"): it refers as an opening one does. ("It" and "their" inside a
        sentence are left alone: too often no actor's.)"""
        return (token.lower_ in self.gendered and token.lower_ in self.pronouns
                and token.dep_ in ("nsubj", "nsubj:pass", "nsubjpass", "nmod:poss", "poss"))

    def _antecedent(self, named: list[LinkedMention], at: int, sentence: int, kinds: list[str],
                    opening: int, paragraphs: list[int]):
        """The actor 'the group' refers to. In its own sentence: the sentence's topic, an actor
        named in its opening words ("The Taliban's focus on fighting ISIS-K gives the group..."),
        else the last one named before it. Otherwise the first one (usually the subject) of the
        nearest sentence before that names one, in its paragraph or the sentences just before."""
        fits = [m for m in named if m.end <= at and self._of_kind(m, kinds)
                and (sentence - m.sentence <= self.reference_window
                     or paragraphs[m.sentence] == paragraphs[sentence])]
        same = [m for m in fits if m.sentence == sentence]
        if same:
            topic = same[0]
            return topic if topic.start - opening <= self.topic_window else same[-1]
        if not fits:
            return None
        nearest = fits[-1].sentence
        return next(m for m in fits if m.sentence == nearest)

    def _of_kind(self, mention: LinkedMention, kinds: list[str]) -> bool:
        """Whether a mention is of one of `kinds`: an entity kind, or "place/<level>" ("the
        town" refers to a town, "the country" to a country)."""
        if mention.kind in kinds:
            return True
        if mention.kind != "place" or not any(k.startswith("place/") for k in kinds):
            return False
        place = self.kb.place(mention.entity_id)
        return place is not None and f"place/{place.admin_level}" in kinds

    def _entities(self, mentions: list[LinkedMention], containers: dict | None = None,
                  focus: Counter[str] | None = None) -> dict[str, Entity]:
        by_id: dict[str, list[LinkedMention]] = {}
        for m in mentions:
            by_id.setdefault(m.entity_id, []).append(m)
        return {eid: self._entity(eid, ms, (containers or {}).get(eid), focus or Counter())
                for eid, ms in by_id.items()}

    def _entity(self, entity_id: str, mentions: list[LinkedMention], container=None,
                focus: Counter[str] | None = None) -> Entity:
        spans = tuple(Mention(m.start, m.end, m.text) for m in mentions)
        seen = [m.text for m in mentions if not m.generic]
        if entity_id.startswith("state:"):
            place = self.kb.place("place:" + entity_id.split(":", 1)[1])
            name = place.name if place else entity_id
            return Entity(entity_id, name, "state", _aliases(name, [], seen), spans,
                          country=entity_id.split(":", 1)[1])
        if entity_id.startswith("generic:"):
            name = entity_id.split(":", 1)[1].replace("-", " ")
            return Entity(entity_id, name, mentions[0].kind, _aliases(name, [], seen), spans,
                          attributes={"generic": True})
        if entity_id.startswith("new:"):
            # A place the gazetteer does not know is kept, without coordinates, so that nothing
            # the text names is lost: it waits for the gazetteer to grow.
            first = next((m for m in mentions if not m.generic), mentions[0])  # a name, not "I"
            name = first.text
            if first.kind == "person":  # a name without its titles, or an office without "the"
                name = self._person_name(name) or re.sub(r"^the\s+", "", name, flags=re.I)
            if first.kind == "place":
                # Placed where its name says it is ("Doura district of Baghdad"), else in the
                # parents it is given with ("Kuriga (Chikun, Kaduna)"), else at a known part of it.
                says = self.part_of_place.match(self.place_name_of.sub("", first.text))
                from_name = self._container(first.text, focus or Counter())
                name, container = self._place_name(name), (from_name if says else container) or from_name
            if container is None and first.kind == "place" and (home := _dominant(focus or Counter())):
                # A village the gazetteer lacks, in a story about one country, is in that country.
                return Entity(entity_id, name, "place", _aliases(name, [], seen), spans, country=home,
                              attributes={"provisional": True, "country_from": "document"})
            if container is None:
                return Entity(entity_id, name, first.kind, _aliases(name, [], seen), spans,
                              attributes={"provisional": True})
            # Placed at what contains it, and marked so: a map shows it, an analyst knows how.
            admin1 = container.id.removeprefix("place:") if container.admin_level == "admin1" else container.admin1
            division = self.kb.place(f"place:{admin1}") if admin1 else None
            return Entity(entity_id, name, "place", _aliases(name, [], seen), spans,
                          country=container.country, lat=container.lat, lon=container.lon,
                          attributes={"provisional": True, "within": container.id,
                                      "within_name": container.name, "approximate": True,
                                      **({"admin1": admin1, "admin1_name": division.name} if division else {})})
        actor = self.kb.actor(entity_id)
        if actor:
            attributes = {"registry": True, "parents": list(actor.parents),
                          "countries": list(actor.countries)}
            country = actor.countries[0] if len(actor.countries) == 1 else None
            return Entity(actor.id, actor.name, actor.kind, _aliases(actor.name, actor.aliases, seen),
                          spans, country=country, attributes=attributes)
        place = self.kb.place(entity_id)
        assert place is not None
        attributes = {}
        choice = next((m.choice for m in mentions if m.choice), ())
        if choice and choice[0].parts:  # the score, and the namesake not chosen, so a user sees the choice
            attributes.update(score=choice[0].score, score_parts=choice[0].parts)
        if len(choice) > 1:
            second = choice[1].place
            attributes.update(runner_up=second.id, runner_up_score=choice[1].score,
                              runner_up_name=f"{second.name} ({second.admin_level}, {second.country})")
        if place.admin_level in ("city", "admin2") and place.admin1:  # its province, for maps and ACLED files
            division = self.kb.place(f"place:{place.admin1}")
            attributes.update(admin1=place.admin1, admin1_name=division.name if division else place.admin1)
        district = self.kb.place(f"place:{place.admin2}") if place.admin2 else None
        if district is not None:
            attributes.update(admin2=place.admin2, admin2_name=district.name)
        return Entity(place.id, place.name, "place", _aliases(place.name, [], seen), spans,
                      country=place.country, admin_level=place.admin_level, lat=place.lat,
                      lon=place.lon, attributes=attributes)


# After a place, the parents it is given with: ", Borno" / " (Mobbar, Borno)" / ", Borno State".
_PARENTS = re.compile(r"\s*(?:\(|,)\s*((?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})(?:\s*,\s*[A-Z][\w'’.-]*"
                      r"(?:\s+[A-Z][\w'’.-]*){0,3})?)")


def _aliases(name: str, known: tuple[str, ...] | list[str], seen: list[str]) -> tuple[str, ...]:
    """The registry's aliases and the spellings seen in the text, without the canonical name."""
    out: list[str] = []
    for alias in [*known, *seen]:
        if alias != name and alias not in out:
            out.append(alias)
    return tuple(out)


def _short_names(mentions: list[LinkedMention], rules: ProvisionalRules) -> list[LinkedMention]:
    """A person named once in full and then by one of the names ("Lt. Gen. John A. Smith ...
    Smith added") is one person: the short name takes the full name's entity, when exactly one
    person named before has that surname or first name."""
    full: dict[str, set[str]] = {}
    out = []
    for m in mentions:
        words = rules.strip_title(m.text).replace(".", " ").split() if m.kind == "person" else []
        if len(words) == 1 and m.entity_id.startswith("new:") and len(full.get(words[0], ())) == 1:
            m = LinkedMention(m.start, m.end, m.text, next(iter(full[words[0]])), "person", m.sentence, m.generic)
        elif len(words) > 1 and not m.generic:
            for word in (words[0], words[-1]):
                full.setdefault(word, set()).add(m.entity_id)
        out.append(m)
    return out


def _text(doc: Doc) -> str:
    """The document's text, built once: spaCy joins its tokens anew on every `doc.text`, which
    inside per-name loops made linking grow with the square of a document's length (issue 17)."""
    text = doc.user_data.get("faultlines_text")
    if text is None:
        text = doc.user_data["faultlines_text"] = doc.text
    return text


def _dominant(focus: Counter[str]) -> str | None:
    """The country a document is about, when it names one at least twice as often as any other."""
    top = focus.most_common(2)
    if not top or (len(top) > 1 and top[0][1] < 2 * top[1][1]):
        return None
    return top[0][0]


def _shouting(sentence: SpacySpan) -> bool:
    """A headline or a sentence in capitals: most of its words are upper case."""
    words = [t for t in sentence if t.is_alpha and len(t) > 1]
    return len(words) >= 3 and sum(t.is_upper for t in words) > 0.6 * len(words)


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _opens_sentence(token) -> bool:
    """Whether a token is the first word of its sentence (after any line breaks)."""
    doc = token.doc
    return all(t.is_space for t in doc[token.sent.start:token.i])


def _slug(text: str) -> str:
    """The id part of a provisional entity: the same for "The Kunar Brigade" opening a sentence
    and "the Kunar Brigade" in another document."""
    return "-".join("".join(c if c.isalnum() else " " for c in name_key(text)).split())


def _entity_text_at(token: Token) -> str:
    """The words of the entity a token is part of (the token's own where it is in none), found
    from the token's entity tags rather than by searching the document's entities."""
    doc, start, end = token.doc, token.i, token.i + 1
    if token.ent_iob_ not in ("B", "I"):
        return token.text
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _trim(ent: SpacySpan) -> tuple[int, int]:
    """Character offsets of a name without a full stop glued to its last token ("ISIS-K."), nor
    punctuation or a small word the NER let trail after it ("Fialaka,", "the Tigris River to")."""
    start, end = ent.start_char, ent.end_char
    if "\n" in ent.text.strip():  # a name does not run over a line break
        ent = ent[:next(t.i for t in ent if "\n" in t.text or "\n" in t.whitespace_) - ent.start + 1]
        end = ent.end_char
    last = len(ent)
    while last > 1 and (ent[last - 1].is_punct or ent[last - 1].lower_ in _TRAILING) \
            and ent[last - 1].text not in (")",):
        last -= 1
    if last < len(ent):
        end = ent[last - 1].idx + len(ent[last - 1].text)
    elif ent.text.endswith(".") and len(ent[-1].text) <= 2:
        end -= 1
    text = _text(ent.doc)[start:end]
    if text.endswith((",", ";", ":")):
        end -= 1
    return start, end


_TRAILING = frozenset({"to", "of", "and", "or", "in", "on", "at", "the", "a", ",", ";", ":", "(", "["})


def resolve(document: Document, doc: Doc, kb: KnowledgeBase) -> ResolvedDocument:
    """Link the names of one annotated document (see Linker)."""
    return Linker(kb).resolve(document, doc)
