"""Branches named by their parent and a place: "the Islamic State's Sahel branch", "ISIS in
Afghanistan", "al-Qaeda's Yemeni affiliate", "IS in the Sahel".

The registry knows the branches (an armed group whose `parents` hold the parent) and where they are
(`countries`, and a place in the name: "Islamic State Sahel Province"). A parent's mention
followed by such a place becomes one mention of the branch, when exactly one branch fits; the
place inside the phrase is no place of its own. "In" makes a branch only where the parse hangs
the place on the group ("ISIS in Afghanistan claimed ..."), not on a verb ("the fight against
Daesh in Iraq" is the group's war there).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from faultlines.kb import KnowledgeBase, name_key
from faultlines.resolve.mentions import LinkedMention

_BRANCH_WORDS = r"(?:branch|province|affiliate|franchise|wing|offshoot|chapter|arm|faction)"
_ARMED = ("armed_group", "faction")


def read_branches(doc: Doc, text: str, mentions: list[LinkedMention], kb: KnowledgeBase) -> list[LinkedMention]:
    """The mentions, with "<parent>'s <place> branch" and "<parent> in <place>" made the branch."""
    out = list(mentions)
    places = {m.start: m for m in mentions if m.kind == "place"}
    for parent in [m for m in mentions if m.kind in _ARMED and not m.generic]:
        gap = text[parent.end:parent.end + 12]
        possessive = re.match(r"['’]s\s+", gap)
        located = re.match(r"\s+in\s+(?:the\s+)?", gap)
        if not (possessive or located):
            continue
        place = places.get(parent.end + (possessive or located).end())
        if place is None or (located and not _on_the_group(doc, parent, place)):
            continue
        end = place.end
        if possessive:
            word = re.match(rf"\s+{_BRANCH_WORDS}\b", text[place.end:place.end + 16], re.I)
            if word is None:
                continue  # "the Islamic State's Sahel fighters" may still be the parent's
            end = place.end + word.end()
        branch = _branch(kb, parent.entity_id, place)
        if branch is None:
            continue
        out = [m for m in out if m is not parent and m is not place]
        out.append(LinkedMention(parent.start, end, text[parent.start:end], branch.id, branch.kind,
                                 parent.sentence))
    return sorted(out, key=lambda m: m.start)


def _on_the_group(doc: Doc, parent: LinkedMention, place: LinkedMention) -> bool:
    """Whether the parse hangs the place on the group's words ("ISIS in Afghanistan": nmod of
    ISIS) or beside them in a noun phrase, not on a verb ("fight Daesh in Iraq": obl of fight)."""
    where = doc.char_span(place.start, place.end, alignment_mode="expand")
    words = doc.char_span(parent.start, parent.end, alignment_mode="expand")
    if where is None or words is None:
        return False
    if where.root.dep_ not in ("nmod", "prep", "pobj"):
        return False
    # On the group, or on the noun the group itself hangs on ("the future of ISIS in
    # Afghanistan": a noun phrase about the group there, however the parser attaches it).
    return words.start <= where.root.head.i < words.end or (
        words.root.dep_ == "nmod" and where.root.head.i == words.root.head.i)


def _branch(kb: KnowledgeBase, parent_id: str, place: LinkedMention):
    """The one branch of `parent_id` in the place's country, or, for a region across countries
    ("the Sahel"), the one whose name holds the region's; None when none or several fit."""
    branches = [a for a in kb.registry.actors.values() if parent_id in a.parents and a.kind in _ARMED]
    where = kb.place(place.entity_id)
    if where is None:
        return None
    if where.admin_level == "region":
        named = name_key(where.name)
        fits = [a for a in branches if any(f" {named} " in f" {name_key(n)} " for n in (a.name, *a.aliases))]
    elif where.country and where.admin_level in ("country", "admin1"):
        fits = [a for a in branches if where.country in a.countries]
    else:
        fits = []
    return fits[0] if len(fits) == 1 else None
