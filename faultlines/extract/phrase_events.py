"""Organisational events by their phrases: founding, leadership change, defection, merger, prison
break, claims of responsibility, shows of force (the PLOVER categories are read from the parse, in
`events.py`; these are phrases CAMEO has no verbs for).

"In mid-2020, ISIS-K elected Dr. Shahab al-Muhajer as its new Emir" gives
Event(type="leadership_change", actors=(iskp,), targets=(muhajer,), date="2020"). Triggers and
their roles live in `lexicons/events.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faultlines.data import load_yaml
from faultlines.extract.context import Attribution, SentenceView, fits, time_of
from faultlines.extract.prefilter import Prefiltered, Screened
from faultlines.model import Event
from faultlines.resolve import LinkedMention

EXTRACTOR = "events.phrases.v2"
_SLOT_RE = r"⟦\d+⟧"
_BREAK = re.compile(r"[;:!?]|\.(?=\s|$)|,\s+(?:while|but|whereas|although|which|who)\b"
                    r"|\s(?:since|because|until|unless|when)\s")
# Between two coordinated names: ", ", " and ", ", and former ", " or the ".
_COORDINATED = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|as well as\s+)(?:[a-z]+\s+){0,2}$")


@dataclass(frozen=True)
class EventTrigger:
    type: str
    mode: str | None
    regex: Prefiltered
    target_kinds: tuple[str, ...]
    modality: str | None
    nominal: bool
    has_targets: bool
    said_by_actor: bool


def _fits(mention: LinkedMention, kinds: tuple[str, ...]) -> bool:
    return any(fits(mention, k) for k in kinds or ("actor",))


class PhraseEvents:
    """Finds organisational events by their phrases and fills their roles from the names around them."""

    def __init__(self, attribution: Attribution):
        lex = load_yaml("lexicons/events.yaml")
        self.triggers = Screened([
            EventTrigger(spec["type"], spec.get("mode"),
                         Prefiltered(re.compile(r"(?<![\w-])" + text.replace("{slot}", _SLOT_RE) + r"(?![\w-])",
                                                re.I)),
                         tuple(spec.get("target_kinds", ())), spec.get("modality"), bool(spec.get("nominal")),
                         spec.get("targets") != "none", bool(spec.get("said_by_actor")))
            for spec in lex["events"] for text in spec["triggers"]
        ], lambda t: t.regex)
        cancel = "|".join(re.escape(w) for w in lex["cancelled_by"])
        self.cancelled = re.compile(rf"(?<![\w-])(?:{cancel})\s+$", re.I)
        self.attribution = attribution

    def extract(self, view: SentenceView) -> list[Event]:
        masked = view.masked
        found: dict[tuple, tuple[int, Event]] = {}  # (type, actors) -> (where, event)
        # The longest trigger first: "killed in a US airstrike" is one event, not also a bombing.
        matches = sorted(((t, m) for t in self.triggers.may_match(view.folded) for m in t.regex.regex.finditer(masked)),
                         key=lambda tm: (tm[1].start() - tm[1].end(), tm[1].start()))
        taken: list[tuple[str, int, int]] = []
        for trigger, m in matches:
            if any(t == trigger.type and s < m.end() and m.start() < e for t, s, e in taken):
                continue
            event = self._event(view, trigger, m)
            if event is None:
                continue
            taken.append((trigger.type, m.start(), m.end()))
            # One event per type and actors in a sentence: "suicide bombings, assassinations and
            # ambushes" by one group is one campaign of assaults, read by its first trigger.
            key = (event.type, event.actors or event.targets)
            if key not in found or m.start() < found[key][0]:
                found[key] = (m.start(), event)
        return [e for _, e in sorted(found.values(), key=lambda x: x[0])]

    def _event(self, view: SentenceView, trigger: EventTrigger, m: re.Match[str]) -> Event | None:
        masked = view.masked
        if self.cancelled.search(masked[max(0, m.start() - 20):m.start()]):
            return None
        source = self.attribution.of(view, m.span())
        speaker = source.speaker
        named = m.groupdict()
        clause_start, clause_end = _clause(masked, m.start(), m.end())

        def mention(slot: str | None) -> LinkedMention | None:
            return view.mention_at(slot) if slot else None

        target_slot = mention(named.get("target"))
        if target_slot:  # the trigger says where its target is, with those listed with it
            targets = self._after(view, masked, m.start("target"), clause_end, trigger) or [target_slot]
        elif "target" in named or trigger.nominal or not trigger.has_targets:
            targets = []
        else:
            targets = self._after(view, masked, m.end(), clause_end, trigger)
        actor_slot = mention(named.get("actor"))
        if actor_slot:  # with those listed with it: "a merger of Ansar Dine, al-Mourabitoun and ..."
            actors = [actor_slot, *self._after(view, masked, m.end("actor"), clause_end, trigger, kinds=())]
        else:
            by = re.match(rf"\s*by\s+({_SLOT_RE})", masked[m.end():])
            actors = [view.mention_at(by.group(1))] if by else self._before(view, masked, m.start(), clause_start)
            if not actors and trigger.nominal:  # "By suicide bombings, ..., ISIS-K has created"
                actors = self._after(view, masked, m.end(), len(masked), trigger)[:1]
        claimed_by_speaker = speaker is not None and speaker in actors  # "JNIM said they had killed"
        if target_slot:  # the trigger says who is targeted: not an actor listed with the actor
            actors = [a for a in actors if a.entity_id not in {t.entity_id for t in targets}]
        elif actor_slot:  # the trigger says who acts: those listed with it are not targets
            targets = [t for t in targets if t.entity_id not in {a.entity_id for a in actors}]
        actors = [a for a in actors if a.entity_id not in {t.entity_id for t in targets}]
        place = mention(named.get("place")) or self._place(view, masked, m.start(), m.end(), clause_end)
        if not actors and not targets:
            return None
        modality = trigger.modality or ("claimed" if claimed_by_speaker else source.modality)
        if trigger.said_by_actor and modality in ("negated", "reported", "claimed"):
            modality = "asserted"  # "Hamas denied ..." asserts a denial: the denying is the event
        attributed_to = source.attributed_to
        if (trigger.modality == "claimed" or trigger.said_by_actor) and actors and attributed_to is None:
            attributed_to = actors[0].entity_id
        return Event(
            type=trigger.type, mode=trigger.mode, evidence=view.evidence,
            actors=_ids(actors), targets=_ids(targets),
            place=place.entity_id if place else None,
            date=time_of(view.text, view.published),
            modality=modality, attributed_to=attributed_to,
            confidence=0.6 if actors and (targets or place) else 0.45,
            extractor=EXTRACTOR,
        )

    def _before(self, view: SentenceView, masked: str, at: int, clause_start: int) -> list[LinkedMention]:
        """The nearest actor before `at` in its clause, and the actors coordinated with it."""
        slots = [(s.start(), s.end(), view.mention_at(s.group())) for s in re.finditer(_SLOT_RE, masked)
                 if clause_start <= s.start() and s.end() <= at]
        # Not a place, not a possessive ("JNIM, al-Qaeda's affiliate, claimed": JNIM claimed),
        # unless it owns the trigger ("the government's offensive against al-Shabaab").
        slots = [s for s in slots if s[2].kind != "place" and (
            not re.match(r"['’]s\b", masked[s[1]:]) or re.fullmatch(r"['’]s (?:[^⟦\s]+ ){0,2}", masked[s[1]:at]))]
        if not slots:
            return []
        group = [slots[-1]]
        for previous in reversed(slots[:-1]):
            if not _COORDINATED.match(masked[previous[1]:group[-1][0]]):
                break
            group.append(previous)
        return [s[2] for s in reversed(group)]

    def _after(self, view: SentenceView, masked: str, at: int, clause_end: int,
               trigger: EventTrigger, kinds: tuple[str, ...] | None = None) -> list[LinkedMention]:
        """The first actor after `at` in its clause, and the actors coordinated with it; with
        `kinds=()`, only the actors coordinated with the one that ends at `at`."""
        slots = [(s.start(), s.end(), view.mention_at(s.group())) for s in re.finditer(_SLOT_RE, masked)
                 if at <= s.start() and s.end() <= clause_end]
        wanted = trigger.target_kinds if kinds is None else ()
        slots = [s for s in slots if s[2].kind != "place" and _fits(s[2], wanted)]
        if kinds is not None:  # continue a list that ends at `at`
            slots = [(at, at, None), *slots]
        if not slots or re.match(r"\s*by\s+$", masked[at:slots[0][0]]):
            return []
        group = [slots[0]]
        for following in slots[1:]:
            if not _COORDINATED.match(masked[group[-1][1]:following[0]]):
                break
            group.append(following)
        return [s[2] for s in group if s[2] is not None]

    def _place(self, view: SentenceView, masked: str, start: int, end: int, clause_end: int):
        places = [(s.start(), view.mention_at(s.group())) for s in re.finditer(_SLOT_RE, masked)]
        places = [(pos, m) for pos, m in places if m.kind == "place"]
        after = [m for pos, m in places if end <= pos < clause_end]
        before = [m for pos, m in places if pos < start]
        return after[0] if after else (before[-1] if before else None)



def _clause(masked: str, start: int, end: int) -> tuple[int, int]:
    left = max((b.end() for b in _BREAK.finditer(masked, 0, start)), default=0)
    right = next((b.start() for b in _BREAK.finditer(masked, end)), len(masked))
    return left, right


def _ids(mentions: list[LinkedMention]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.entity_id for m in mentions))



