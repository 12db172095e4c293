"""Events: who did what to whom, where and when, coded as PLOVER categories (with their mode) and
ACLED event and sub-event types, each tied to its sentence.

    "On 5 May, ISWAP fighters attacked a military post in Damasak (Mobbar, Borno), killing 6 soldiers."
    -> Event(assault, actors=(iswap,), targets=(soldiers,), place=Damasak, date=<year>-05-05,
             fatalities=6, acled_type="Battles", acled_subtype="Armed clash")

How, in order:
1. Triggers: every verb and noun of the sentence is looked up in the trigger vocabulary
   (`lexicons/event_verbs.yaml`, converted from CAMEO and CAMEO2PLOVER by
   training/event_vocabulary.py, and `lexicons/event_nouns.yaml`); the verb's object or
   preposition can decide ("cut aid" is not "cut ties").
2. Roles from the parse (`roles.py`): subject or "by X" is the actor, object or "on/against X" the
   target, in either voice, through lists, relative clauses and control verbs. A role's words are
   an entity already linked, or a nominal actor ("Nigerian soldiers", "unidentified gunmen"),
   linked by `resolve.nominal`.
3. Triggers joined in the parse are one event ("attacked ..., killing 6 soldiers"; "were killed
   when gunmen ambushed"): the most specific trigger types it, the killing gives its victims.
4. Counts (killed, injured, abducted, arrested) from the numbers on those words; the date and the
   most specific place of the event's clause; ACLED types by `lexicons/acled.yaml`'s table.
5. Per document: a claim of responsibility makes its claimant the actor of the attack it claims;
   the same event told twice is one.
Organisational events (founding, leadership change, defection, ...) come from their phrases
(`phrase_events.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from faultlines.data import load_yaml
from faultlines.dates import event_date
from faultlines.extract.context import Attribution, SentenceView, time_of
from faultlines.extract.counts import count_before, count_in, counted
from faultlines.extract.modality import PARSED_MODALITIES, TriggerModality
from faultlines.extract.phrase_events import PhraseEvents
from faultlines.extract.roles import (
    PRONOUNS,
    Predicate,
    claimant,
    in_a_clause,
    listed_before,
    nobody,
    noun_predicate,
    phrase_span,
    predicates,
    preposition,
    speakers_of,
    states_a_clause,
    with_listed,
)
from faultlines.extract.triggers import Trigger, TriggerVocabulary
from faultlines.model import Event
from faultlines.nlp.lemmas import lemmas
from faultlines.resolve import LinkedMention

EXTRACTOR = "events.parse.v1"


@dataclass
class _Found:
    """An event being read from one sentence, before it becomes an Event."""

    trigger: Trigger
    predicate: Predicate
    actors: list[LinkedMention]
    targets: list[LinkedMention]
    tokens: set[int]  # the trigger tokens joined into it
    counts: dict[str, int]
    claimed: bool = False  # its actor claimed it ("X claimed responsibility for the attack")


class EventExtractor:
    """PLOVER events from the parse, organisational events from their phrases."""

    def __init__(self, attribution: Attribution, nominal=None):
        rules = load_yaml("lexicons/events_parse.yaml")
        self.vocabulary = TriggerVocabulary(rules)
        self.phrases = PhraseEvents(attribution)
        self.attribution = attribution
        self.modality = TriggerModality.load()
        self.nominal = nominal
        self.join_deps = set(rules["joined_by"])
        self.content_of = set(rules["content_of"])
        self.attempt_verbs, self.violent_types = set(rules["attempt_verbs"]), set(rules["violent_types"])
        self.claim_words = set(rules["claim_words"])
        self.naming_verbs = set(rules["naming_verbs"])
        self._heads = self.vocabulary.heads | self.naming_verbs  # the words a trigger can be
        self.speech_types = set(rules["speech_types"])
        self.weapon_nouns = set(rules["weapon_nouns"])
        self.counted_only_for = {"abducted": "abduction", "arrested": "arrest"}
        self.intervention_words = set(rules["intervention_words"])
        intent = rules["intent"]
        self.future_words, self.intent_words = set(intent["future"]), set(intent["ready"])
        self.obligation_words = set(intent["obligation"])
        self.cooperative_types, self.hostile_types = set(intent["cooperative"]), set(intent["hostile"])
        self.instruments = {word: mode for mode, words in rules["instruments"].items() for word in words}
        self.seizing_verbs = set(rules["seizing_verbs"])
        self.weapon_objects = set(rules["weapon_objects"])
        self.people_objects = set(rules["people_objects"])
        self.crowd_sectors = set(rules["crowd_sectors"])
        self.intransitive_verbs = set(rules["intransitive_verbs"])
        self.organisational_words = set(rules["organisational_words"])
        self.place_preps = set(rules["place_prepositions"])
        # Tuples, in the lexicon's order: roles are read in this order, so a set (whose order
        # changes from one process to the next) would list the same targets differently.
        self.target_preps = tuple(rules["target_prepositions"])
        self.noun_target_preps = tuple(rules["noun_target_prepositions"])
        self.coactor_preps = tuple(rules["coactor_prepositions"])
        self.acled = load_yaml("lexicons/acled.yaml")
        self.civilian_words = set(self.acled["civilian_words"])

    def _instrument(self, trigger: Trigger, p: Predicate) -> tuple[Trigger, list[Token]]:
        """The weapon an assault is done with: its mode, and its owner in place of it as actor."""
        if trigger.type != "assault":
            return trigger, []
        # "drones struck", "attacked with drones", "fired rockets", "killed by a landmine", "an airstrike"
        candidates = p.agents + p.oblique("with", "by") + p.patients + ([p.head] if p.nominal else [])
        for head in candidates:
            mode = self._instrument_mode(head)
            if mode is None:
                continue
            for role in (p.agents, p.patients):
                if head in role:
                    role.remove(head)
            demonyms = self.nominal.demonyms if self.nominal is not None else {}
            owners = [c for c in head.children if c.dep_ in ("compound", "amod", "nmod:poss", "poss")
                      and (c.pos_ in ("PROPN", "NOUN") or c.lower_ in demonyms)]
            owners += [c for acl in head.children if acl.dep_ == "acl"
                       for c in acl.children if c.dep_ in ("obl:agent", "obl") and preposition(c) == "by"]
            if trigger.mode == mode or trigger.mode in ("suicide_bombing",) and mode == "bombing":
                return trigger, owners
            return Trigger("assault", mode, None, trigger.specificity + 1), owners
        return trigger, []

    def _instrument_mode(self, token: Token) -> str | None:
        before = token.doc[token.i - 1] if token.i > 0 else None
        forms = lemmas(token)
        if before is not None and before.dep_ in ("compound", "amod"):
            forms = [f"{before.lower_} {f}" for f in forms] + forms
        return next((self.instruments[f] for f in forms if f in self.instruments), None)

    def _owners(self, view: SentenceView, owners: list[Token]) -> list[LinkedMention]:
        """'Ukrainian drones': Ukraine's armed forces; 'Houthi shells': the Houthis."""
        out = []
        for token in owners:
            named = [m for m in view.mentions if m.start <= token.idx < m.end and m.kind not in ("place",)]
            if named and named[0].kind != "community":
                out.append(named[0])
            elif self.nominal is not None and view.resolved is not None:
                forces = self.nominal.forces_of(view.resolved, token, view.index)
                if forces is not None:
                    out.append(forces)
                elif token.pos_ == "NOUN":  # "army drones": the army, a nominal actor
                    out += self._actors(view, [token])
        return out

    def _intent(self, trigger: Trigger, p: Predicate, view: SentenceView) -> Trigger:
        """What an actor says it will do: a promise of something cooperative is PLOVER's agree
        (its mode says what is promised), a promise of something hostile on a condition
        ("will withdraw ... unless") a threat."""
        head = p.head
        if p.nominal and head.dep_.split(":")[0] in ("obj", "nsubj", "obl") and head.head.pos_ == "VERB":
            head = head.head  # "will provide food aid": the verb says when
        elif p.nominal:
            return trigger
        will = any(c.dep_ in ("aux", "aux:pass") and c.lower_ in self.future_words for c in head.children)
        ready = head.dep_ == "xcomp" and head.head.lemma_.lower() in self.intent_words
        if not (will or ready):
            return trigger
        conditional = any(t.lower_ in ("unless", "if") for t in view.sentence if t.i > head.i)
        if conditional and trigger.type in self.hostile_types | self.cooperative_types:
            return Trigger("threaten", trigger.type, None, trigger.specificity)
        if trigger.type in self.cooperative_types:
            return Trigger("agree", trigger.type, None, trigger.specificity)
        return trigger

    def _by_object(self, trigger: Trigger, p: Predicate) -> Trigger:
        """Seizing weapons disrupts their use; seizing people abducts them."""
        if p.nominal or not set(p.lemmas) & self.seizing_verbs:
            return trigger
        for obj in p.patients:
            forms = set(lemmas(counted(obj)))
            if forms & self.weapon_objects:
                return Trigger("coerce", "disrupted_weapons", "Disrupted weapons use", 4)
            if forms & self.people_objects:
                return Trigger("assault", "abduction", None, 4)
        return trigger

    def _naming(self, p: Predicate) -> Trigger | None:
        """'called the Taliban leader a stupid', 'branded the army terrorists': an accusation."""
        if p.nominal or not p.patients and not any(c.dep_ == "xcomp" for c in p.head.children):
            return None
        if not set(p.lemmas) & self.naming_verbs:
            return None
        predicative = [c for c in p.head.children if c.dep_ == "xcomp" and c.pos_ in ("NOUN", "ADJ", "PROPN")]
        if not predicative:
            return None
        p.patients = p.patients or predicative
        return Trigger("accuse", "disapprove")

    def _is_content(self, token: Token, event_type: str | None = None) -> bool:
        """Whether a word is inside what a verb of saying or intending is about: up the parse to a
        clause complement of 'threaten', 'agree', 'call', ..., or to what 'blame X for' or 'accuse
        X of' names ("accused Kabul of letting the TTP use Afghan soil for attacks"). Violence
        tried is no mere content: it happened, if it failed."""
        for _ in range(6):
            head = token.head
            if head.i == token.i:
                return False
            lemma = head.lemma_.lower()
            if lemma in self.attempt_verbs and event_type in self.violent_types:
                return False
            if lemma in self.content_of and head.pos_ in ("VERB", "AUX"):
                if token.dep_ in ("xcomp", "ccomp"):
                    return True
                if token.dep_.split(":")[0] in ("obl", "nmod", "advcl") and preposition(token) in ("for", "of"):
                    return True
                if token.dep_ == "advcl" and any(c.lower_ in ("of", "for") for c in token.children if c.dep_ == "mark"):
                    return True
            if token.dep_ in ("parataxis", "conj", "root") or head.pos_ in ("VERB", "AUX") and \
                    token.dep_.split(":")[0] in ("nsubj", "advcl"):
                return False  # a clause of its own: "attacked ..., and the army said"
            token = head
        return False

    def _light(self, p: Predicate) -> bool:
        """A light verb whose object is an event noun ("launched an attack", "signed an
        agreement"): the noun is the event, the verb gives it its actor."""
        return not p.nominal and p.lemma in self.vocabulary.light_verbs and any(
            self.vocabulary.of(noun_predicate(o)) for o in p.patients if o.pos_ == "NOUN")

    def extract(self, view: SentenceView) -> list[Event]:
        # Organisational events are coded for ACLED by the same table as the rest.
        events = [replace(e, acled_type=coded[0], acled_subtype=coded[1]) for e in self.phrases.extract(view)
                  for coded in [self._acled(Trigger(e.type, e.mode), [], [], view)]]
        if view.parsed:
            parsed = self._from_parse(view)
            if events:  # "are joining ISIS" is a defection, not also a meeting
                parsed = [e for e in parsed if (e.trigger or "").lower() not in self.organisational_words]
            if any(e.modality == "claimed" and e.type == "assault" and e.actors for e in parsed):
                # "X claimed responsibility for the attack": the attack is X's, by its claim
                events = [e for e in events if e.type != "claim_of_responsibility"]
            events = [e for e in events if e.type not in {p.type for p in parsed}] + parsed
        return events

    # -- one sentence ------------------------------------------------------------------------

    def _may_trigger(self, token: Token) -> bool:
        return not self._heads.isdisjoint(lemmas(token))

    def _from_parse(self, view: SentenceView) -> list[Event]:
        found: list[_Found] = []
        for p in predicates(view.sentence, self.vocabulary.light_verbs | self.claim_words, self._may_trigger,
                            self.intransitive_verbs):
            trigger = self.vocabulary.of(p) or self._naming(p)
            if trigger is None or p.negated or self._light(p) or nobody(p):
                continue
            if p.nominal and p.lemma in self.weapon_nouns and not in_a_clause(p.head):
                continue  # "the coltan mines around Rubaya": a weapon word is an event when it acts
            if trigger.type in self.speech_types and not p.patients and states_a_clause(p.head):
                continue  # "has warned that X remains a threat" states, it does not threaten
            if self._is_content(p.head, trigger.type):
                continue  # "threatened to cut", "agreed to hold patrols": what is said did not happen
            if any(c.dep_ == "aux" and c.lower_ in self.obligation_words for c in p.head.children):
                continue  # "must reach an agreement": demanded, not done (the demand is its own event)
            trigger = self._intent(trigger, p, view)
            trigger = self._by_object(trigger, p)
            trigger, owners = self._instrument(trigger, p)
            claimed_by = claimant(p.head, self.claim_words) if p.nominal else []
            if claimed_by:
                p.agents = claimed_by
            actors = self._actors(view, listed_before(p.agents)) + self._owners(view, owners)
            targets = self._actors(view, p.patients + p.oblique(*self.target_preps)
                                   + (p.oblique(*self.noun_target_preps) if p.nominal else []))
            if trigger.type == "assault":  # "clashed with Y" hits Y; "war between X and Y": X acts
                sides = self._actors(view, with_listed(p.oblique(*self.coactor_preps)))
                if sides and not actors:
                    actors, sides = sides[:1], sides[1:]
                targets += sides
            if not targets and not p.nominal and trigger.type not in ("assault", "coerce", "protest"):
                targets = self._in_complement(view, p, actors)  # "threatened to cut supplies to Ukraine"
            if p.nominal and p.obliques.get("amod") and not actors:  # "Russian airstrikes"
                adjectives = [t for t in p.obliques["amod"] if self.nominal is None or t.lower_ in self.nominal.demonyms
                              or t.pos_ == "PROPN"]
                actors += self._actors(view, adjectives, demonyms_only=True)
            found.append(_Found(trigger, p, actors, targets, {p.head.i}, self._counts(p, trigger),
                                bool(claimed_by and actors)))
        found = self._join(found)
        found = self._means_of(found)
        found = self._victims_to_attack(found)
        events = []
        for f in found:
            event = self._event(view, f)
            if event is not None:
                events.append(event)
        return self._protest_and_force(view, events)

    def _protest_and_force(self, view: SentenceView, events: list[Event]) -> list[Event]:
        """Force used on a protest: ACLED's Protest with intervention (the protest is the event),
        or Excessive force against protesters when the force kills or wounds (the force is)."""
        words = {t.lemma_.lower() for t in view.sentence} | {t.lower_ for t in view.sentence}
        crowd = {"protesters", "mob"}
        force = [e for e in events if e.type in ("assault", "coerce") and e.mode != "riot" and (
            any(self._sector_of_id(t, view) in crowd for t in e.targets) or words & self.intervention_words)]
        protests = [e for e in events if e.type == "protest" and e.mode != "riot"]
        if protests and not force and words & self.intervention_words:  # "dispersed women who were protesting"
            return [replace(e, acled_subtype="Protest with intervention") if e in protests else e for e in events]
        if not force or not (protests or any(self._sector_of_id(t, view) in crowd for e in force for t in e.targets)):
            return events
        if any(e.fatalities or e.injured for e in force):
            kept = [e for e in events if e not in protests]
            return [replace(e, acled_type="Protests", acled_subtype="Excessive force against protesters")
                    if e in force else e for e in kept]
        if protests:  # (the force itself is told by the protest's own event)
            return [replace(e, acled_type="Protests", acled_subtype="Protest with intervention")
                    if e in protests else e for e in events if e not in force]
        return [replace(e, acled_type="Protests", acled_subtype="Protest with intervention") if e in force else e
                for e in events]

    def _sector_of_id(self, entity_id: str, view: SentenceView) -> str | None:
        entity = view.resolved.entities.get(entity_id) if view.resolved is not None else None
        return entity.attributes.get("sector") if entity is not None else None

    def _join(self, found: list[_Found]) -> list[_Found]:
        """Triggers joined in the parse, of the same type, are one event: the most specific
        trigger types it, the others add their actors, targets and counts."""
        by_token = {f.predicate.head.i: f for f in found}
        parent: dict[int, int] = {}  # union-find over trigger token indices

        def root(i: int) -> int:
            while parent.get(i, i) != i:
                i = parent[i]
            return i

        for f in found:
            head = f.predicate.head
            for _ in range(4):  # up the tree to the nearest trigger of the same type
                if head.dep_.split(":")[0] not in self.join_deps or head.head.i == head.i:
                    break
                head = head.head
                other = by_token.get(head.i)
                if other is not None and other.trigger.type == f.trigger.type:
                    parent[root(f.predicate.head.i)] = root(head.i)
                    break
        groups: dict[int, list[_Found]] = {}
        for f in found:
            groups.setdefault(root(f.predicate.head.i), []).append(f)
        out = []
        for i, members in groups.items():
            first = by_token[i]
            for other in members:
                if other is not first:
                    _absorb(first, other)
            out.append(first)
        return sorted(out, key=lambda f: f.predicate.head.i)

    def _means_of(self, found: list[_Found]) -> list[_Found]:
        """An event noun attached to a trigger verb of another type tells how the verb's event
        happened: "arrested five suspects in a raid" is one arrest."""
        verbs = {f.predicate.head.i: f for f in found if not f.predicate.nominal}
        out = []
        for f in found:
            head = f.predicate.head
            attached = f.predicate.nominal and head.dep_.split(":")[0] in ("obl", "nmod")
            verb = verbs.get(head.head.i) if attached else None
            if verb is not None and verb is not f and verb.trigger.type != f.trigger.type:
                verb.actors += [a for a in f.actors if a.entity_id not in {x.entity_id for x in verb.actors}]
                continue
            out.append(f)
        return out

    def _victims_to_attack(self, found: list[_Found]) -> list[_Found]:
        """A killing with no actor of its own, in a sentence that tells an attack, is that
        attack's toll even where the parse does not join them ("A suicide bombing ... left 587
        people killed")."""
        killed = self.vocabulary.victim_verbs["killed"] | self.vocabulary.victim_verbs["injured"]
        out: list[_Found] = []
        absorbed: set[int] = set()
        for f in found:
            bare = not f.actors and not f.targets  # "setting off hours of fighting"
            if f.trigger.type == "assault" and (set(f.predicate.lemmas) & killed and not f.actors or bare):
                others = [a for a in found if a is not f and id(a) not in absorbed and a.trigger.type == "assault"
                          and not set(a.predicate.lemmas) & killed]
                if others:
                    nearest = min(others, key=lambda a: abs(a.predicate.head.i - f.predicate.head.i))
                    _absorb(nearest, f)
                    absorbed.add(id(f))
                    continue
            out.append(f)
        return out

    def _event(self, view: SentenceView, f: _Found) -> Event | None:
        actors = _unique(f.actors)
        targets = [t for t in _unique(f.targets) if t.entity_id not in {a.entity_id for a in actors}]
        place = self._place(view, f)
        counts = f.counts
        if not actors and not targets and place is None and not counts:
            return None
        head = f.predicate.head
        # A promise or a threat happened when it was made, whatever it promises ("will withdraw").
        promise = f.trigger.mode in self.hostile_types | self.cooperative_types
        parsed = None if promise else self.modality.of(head)
        # The parse says whether the event happened; a "not", "if" or "will" elsewhere in the
        # sentence bears on another clause ("the rebels, who have not been paid, attacked").
        source = self.attribution.of(view, modality=parsed, ignore=PARSED_MODALITIES)
        modality = source.modality
        attributed_to = source.attributed_to
        if parsed is None and source.speaker is not None and \
                source.speaker.entity_id in {a.entity_id for a in actors}:
            # "Hamas denied ...": a speech act is asserted, its actor is its source; "JNIM said its
            # fighters killed ..." is claimed.
            modality = "asserted" if f.trigger.type in self.speech_types else "claimed"
        if f.claimed:
            modality, attributed_to = modality if parsed else "claimed", attributed_to or actors[0].entity_id
        if f.trigger.type in self.speech_types and attributed_to is None and actors:
            attributed_to = actors[0].entity_id  # a speech act's source is its actor
        span = time_of(view.text, view.published)
        # "Since May 2024": an interval says more than the month it starts in.
        date, date_source = (span if span and "/" in span else event_date(view.text, view.published)), "text"
        if date is None:
            date = span
        if date is None and view.published:
            date, date_source = view.published, "published"
        elif date is None:
            date_source = None
        trigger = f.trigger
        if trigger.type in ("assault", "coerce") and actors and \
                all(self._sector(a, view) in self.crowd_sectors for a in actors):
            # Demonstrators or a mob doing violence: a riot (PLOVER protest, ACLED Riots).
            mob = any(self._sector(a, view) == "mob" for a in actors)
            trigger = Trigger("protest", "riot", "Mob violence" if mob else "Violent demonstration")
        acled_type, acled_subtype = self._acled(trigger, actors, targets, view)
        return Event(
            type=trigger.type, mode=trigger.mode, evidence=view.evidence,
            actors=tuple(a.entity_id for a in actors), targets=tuple(t.entity_id for t in targets),
            place=place.entity_id if place else None, date=date,
            fatalities=counts.get("killed"), injured=counts.get("injured"),
            abducted=counts.get("abducted"), arrested=counts.get("arrested"),
            modality=modality, attributed_to=attributed_to,
            confidence=round(0.4 + 0.15 * bool(actors) + 0.15 * bool(targets or counts) + 0.1 * bool(place), 2),
            acled_type=acled_type, acled_subtype=acled_subtype, date_source=date_source,
            trigger=head.text, extractor=EXTRACTOR,
        )

    # -- roles -------------------------------------------------------------------------------

    def _actors(self, view: SentenceView, heads: list[Token], demonyms_only: bool = False,
                depth: int = 0) -> list[LinkedMention]:
        """The actor each role head names: a linked name in its phrase, else a nominal actor."""
        out = []
        for head in heads:
            head = counted(head)  # "dozens of Wagner fighters": the fighters
            speakers = speakers_of(head)
            # "JNIM said they had killed": they who said it; but witnesses who say "they" speak of others.
            said = self._actors(view, listed_before(speakers), depth=depth) if speakers else []
            if said and all(m.kind != "community" for m in said):
                out += said
                continue
            owner = next((c for c in head.children if c.dep_ in ("nmod:poss", "poss") and c.lower_ in ("its", "their")),
                         None)
            if owner is not None and self.nominal is not None and self.nominal.sector_of(head) is not None:
                # "NRF said its fighters killed": the fighters are the group the pronoun refers to
                speakers = speakers_of(head, pronoun_check=False)
                found = self._actors(view, speakers) if speakers else []
                antecedent = found[0] if found else _antecedent(view, owner)
                if antecedent is not None:
                    out.append(antecedent)
                    continue
            if head.lower_ in PRONOUNS or head.lower_ in ("its", "their"):
                antecedent = _antecedent(view, head)
                if antecedent is not None:  # "ISIS-K has ... and it can carry out"
                    out.append(antecedent)
                continue
            if head.lower_ in ("who", "which", "that", "it", "its"):
                continue
            lo, hi = phrase_span(head)
            named = [m for m in view.mentions if m.start < hi and lo < m.end]
            own = [m for m in named if m.start <= head.idx < m.end and m.kind not in ("place", "community")]
            if own:  # the head word is part of a name: "the Sudanese Armed Forces"
                out.append(own[0])
                continue
            communities = [m for m in named if m.kind == "community"]
            if communities and self.nominal is not None and self.nominal.sector_of(head) == "civilians":
                out += communities  # "the Shiite and Hazara communities"
                continue
            if self.nominal is not None and view.resolved is not None:
                nominal = self.nominal.link(view.resolved, head, lo, hi, named, view.index)
                if nominal is not None:
                    out.append(nominal)
                    continue
            if self.nominal is not None and view.resolved is not None:
                country = next((m for m in named if m.kind == "place" and m.start <= head.idx < m.end), None)
                state = self.nominal.state(view.resolved, country) if country else None
                if state is not None:  # "Russia threatened": the state acts
                    out.append(state)
                    continue
            actors = [m for m in named if m.kind != "place" and (
                not demonyms_only or m.kind in ("state", "government", "armed_group"))]
            if actors:
                out.append(min(actors, key=lambda m: abs(m.start - head.idx)))
                continue
            # "the caliph of ISIS-K", "a spokesman for the Taliban": the body the person speaks for
            of = [c for c in head.children if c.dep_ == "nmod" and preposition(c) in ("of", "for")]
            if of and not demonyms_only and head.pos_ == "NOUN" and depth < 1:
                out += self._actors(view, of[:1], depth=depth + 1)
        return out

    def _in_complement(self, view: SentenceView, p: Predicate, actors: list[LinkedMention]) -> list[LinkedMention]:
        """Actors named in the words a verb governs after it, where the parse gave it no object:
        the parse of "threatened to cut gas supplies to Ukraine" may miss the clause's roles."""
        head = p.head
        lo, hi = head.idx + len(head), head.right_edge.idx + len(head.right_edge)
        taken = {a.entity_id for a in actors}
        out = []
        for m in view.mentions:
            if not (lo <= m.start and m.end <= hi) or m.entity_id in taken:
                continue
            if m.kind == "place":
                m = self.nominal.state(view.resolved, m) if self.nominal and view.resolved is not None else None
                token = view.token_at(m.start) if m else None
                if m is None or token is None or token.dep_.startswith("obl") and preposition(token) == "in":
                    continue
            out.append(m)
        return out[:1]

    def _counts(self, p: Predicate, trigger: Trigger) -> dict[str, int]:
        """Killed, injured, abducted, arrested: the number on the trigger's victims ("killing 6
        soldiers", "2 policemen were killed") or on a count noun ("4 fatalities", "three dead")."""
        out: dict[str, int] = {}
        forms = set(p.lemmas)
        for field_name, words in self.vocabulary.victim_verbs.items():
            if not forms & words or field_name in self.counted_only_for and \
                    trigger.mode != self.counted_only_for[field_name]:
                continue  # "seized 40 rifles" abducts no one
            heads = p.patients if not p.nominal else [p.head]
            if forms & {"die", "perish"} and not p.nominal:
                heads = p.agents
            for h in heads:
                n = count_in(h)
                if n is not None:
                    out[field_name] = min(n, out.get(field_name, n))
            if field_name not in out and not p.nominal:
                n = count_before(p.head)
                if n is not None:
                    out[field_name] = n
        return out

    def _place(self, view: SentenceView, f: _Found):
        """The most specific place named in the event's clause: its tokens' subtrees first, then
        the sentence."""
        entities = view.resolved.entities if view.resolved is not None else {}
        places = [m for m in view.mentions if m.kind == "place"]
        if not places:
            return None
        heads = [view.sentence.doc[i] for i in f.tokens]
        spans = [(min(t.left_edge.idx for t in [h]), h.right_edge.idx + len(h.right_edge)) for h in heads]
        inside = [m for m in places if any(lo <= m.start and m.end <= hi for lo, hi in spans)]
        pool = inside or places
        return max(pool, key=lambda m: (_precision(entities.get(m.entity_id)), -m.start))

    def _acled(self, trigger: Trigger, actors, targets, view: SentenceView) -> tuple[str | None, str | None]:
        """ACLED event type and sub-event type: by the trigger where it decides (weapons, crowds,
        arrests), else by who was hit (civilians or armed actors). Table: lexicons/acled.yaml."""
        table = self.acled["by_trigger"]
        key = f"{trigger.type}/{trigger.mode}" if trigger.mode else trigger.type
        rule = table.get(key) or table.get(trigger.type)
        subtype = trigger.acled_subtype or (rule or {}).get("subtype")
        if subtype == "by_target" or (trigger.type == "assault" and subtype is None):
            kinds = [self._sector(t, view) for t in targets]
            if kinds and all(k == "civilians" for k in kinds):
                subtype = "Attack"
            elif not kinds and any(t.lower_ in self.civilian_words for t in view.sentence):
                subtype = "Attack"
            else:
                subtype = "Armed clash"
        if subtype == "by_actor":  # territory: who took it
            state = any(self._sector(a, view) in ("military", "police", "government") for a in actors)
            subtype = "Government regains territory" if state else "Non-state actor overtakes territory"
        if subtype is None:
            return (rule or {}).get("type"), None
        return self.acled["subtypes"].get(subtype), subtype

    def _sector(self, mention: LinkedMention, view: SentenceView) -> str:
        entity = view.resolved.entities.get(mention.entity_id) if view.resolved is not None else None
        if entity is not None and entity.attributes.get("sector"):
            return entity.attributes["sector"]
        kind = mention.kind
        if kind in ("community", "person"):
            return "civilians"
        if kind in ("state", "government"):
            return "military"
        return "armed"

    # -- the whole document ------------------------------------------------------------------

    def finish(self, events: list[Event]) -> list[Event]:
        """A claim of responsibility gives the attack it claims its actor; an event told twice
        in a document is one."""
        out: list[Event] = []
        for e in events:
            if _claims_an_earlier_event(e):  # "... killing 8 people. Al-Shabaab claimed the attack."
                claimed = next((x for x in reversed(out) if x.type == "assault"), None)
                if claimed is not None:
                    if not claimed.actors:
                        claimed = replace(claimed, actors=e.actors, modality="claimed",
                                          attributed_to=e.attributed_to or e.actors[0])
                    out[out.index(next(x for x in reversed(out) if x.type == "assault"))] = claimed
                    continue
            if e.type == "claim_of_responsibility" and e.actors:
                claimed = next((x for x in reversed(out) if x.type == "assault" and not x.actors), None)
                if claimed is not None:
                    out[out.index(claimed)] = replace(claimed, actors=e.actors, modality="claimed",
                                                      attributed_to=e.attributed_to or e.actors[0])
                    continue
            if e.type == "assault" and not e.actors and out and out[-1].type == "claim_of_responsibility" \
                    and out[-1].evidence == e.evidence:
                claim = out.pop()  # "X claimed responsibility for the bombing that killed ..."
                e = replace(e, actors=claim.actors, modality="claimed", attributed_to=claim.attributed_to)
            twin = next((i for i, x in enumerate(out) if _same_event(x, e)), None)
            if twin is None:
                out.append(e)
            else:
                out[twin] = _merge(out[twin], e)
        return out


def _claims_an_earlier_event(e: Event) -> bool:
    """A claim of "the attack" that says nothing of its own about it (no place, day or toll)."""
    return (e.type == "assault" and e.modality == "claimed" and bool(e.actors) and e.place is None
            and e.date_source == "published" and e.fatalities is None and not e.targets)


def _absorb(root: _Found, other: _Found) -> None:
    if other.trigger.specificity > root.trigger.specificity:
        root.trigger = other.trigger
    root.actors += [a for a in other.actors if a.entity_id not in {x.entity_id for x in root.actors}]
    root.targets += other.targets
    root.tokens |= other.tokens
    for k, v in other.counts.items():
        root.counts[k] = min(v, root.counts.get(k, v))


def _same_event(a: Event, b: Event) -> bool:
    """One event told twice: same type, no conflicting actors, place or date."""
    if a.type != b.type or (a.mode and b.mode and a.mode != b.mode):
        return False
    if a.evidence == b.evidence:
        return False  # two events of one sentence were kept apart on purpose
    if not (a.place and b.place and a.place == b.place):
        return False
    if a.date and b.date and not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return False
    return bool(set(a.actors) & set(b.actors)) or not a.actors or not b.actors


def _merge(first: Event, second: Event) -> Event:
    def lowest(x, y):
        return min(v for v in (x, y) if v is not None) if x is not None or y is not None else None

    return replace(first, actors=first.actors or second.actors,
                   targets=tuple(dict.fromkeys(first.targets + second.targets)),
                   fatalities=lowest(first.fatalities, second.fatalities),
                   injured=lowest(first.injured, second.injured),
                   date=first.date if first.date_source != "published" else (second.date or first.date),
                   date_source=first.date_source if first.date_source != "published" else second.date_source)


_PRECISION = {"city": 5, "admin2": 4, "region": 3, "admin1": 2, "country": 1}


def _precision(entity) -> int:
    if entity is None:
        return 0
    # A place known only as lying within another ("Kuriga (Chikun, Kaduna)") is finer than it.
    return _PRECISION.get(entity.admin_level or "", 6 if entity.attributes.get("within") else 0)












def _antecedent(view: SentenceView, pronoun: Token) -> LinkedMention | None:
    """What 'it' or 'they' refers to: a mention the linker already resolved there, else the
    nearest actor named before it in the sentence, else the first one (the subject, usually:
    "The group claimed ..., where its fighters killed 9 soldiers. On Friday they ambushed ...")
    of the sentence before."""
    at = pronoun.idx
    linked = next((m for m in view.mentions if m.start <= at < m.end), None)
    if linked is not None:
        return linked
    before = [m for m in view.mentions if m.end <= at and m.kind not in ("place", "person", "community")]
    if before:
        return before[-1]
    if view.resolved is None:
        return None
    earlier = [m for m in view.resolved.mentions if m.sentence == view.index - 1
               and m.kind not in ("place", "person", "community")]
    return earlier[0] if earlier else None








def _unique(mentions: list[LinkedMention]) -> list[LinkedMention]:
    seen, out = set(), []
    for m in mentions:
        if m.entity_id not in seen:
            seen.add(m.entity_id)
            out.append(m)
    return out
