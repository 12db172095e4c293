"""Places given with their parents, as conflict-event notes write them: "Kuriga (Chikun, Kaduna)",
"Tassia (Tera, Tillaberi)", "Damasak (Mobbar, Borno)" — a place, then in brackets the district
and province it lies in.

A name in front of the brackets that the gazetteer does not know is a new place within the first
known parent (the most specific, by the convention); a name inside the brackets that the linker
took for something else (a person, an organisation) is a new place too, within the known parent
after it. Known places keep their link: choosing between namesakes is the gazetteer's work.
"""

from __future__ import annotations

import re
from dataclasses import replace

from faultlines.kb import KnowledgeBase
from faultlines.kb.gazetteer import Place
from faultlines.resolve.mentions import LinkedMention

_BRACKETS = re.compile(r"[ \t]*\(([^()\n]{1,80})\)")
# "Novoselivka, Kharkiv": a place and, after a comma, the one it lies in (an unknown name only).
_COMMA = re.compile(r"[ \t]*,[ \t]*")


def read_parents(text: str, mentions: list[LinkedMention], kb: KnowledgeBase
                 ) -> tuple[list[LinkedMention], dict[str, Place]]:
    """The mentions, with names in the place-and-parents pattern made places, and for each new
    place the known place it lies in."""
    containers: dict[str, Place] = {}
    relabel: dict[int, LinkedMention] = {}
    for m in mentions:
        if m.kind != "place" and not m.entity_id.startswith("new:"):
            continue
        brackets = _BRACKETS.match(text, m.end)
        comma = _COMMA.match(text, m.end) if brackets is None and m.entity_id.startswith("new:") else None
        if comma is not None:  # the next name, if it is a known place, is the parent
            following = next((x for x in mentions if x.start == comma.end()), None)
            inside, parts = ([following], [following.text]) if following is not None else ([], [])
        elif brackets is not None:
            inside = [x for x in mentions if brackets.start(1) <= x.start and x.end <= brackets.end(1)]
            parts = [p for p in brackets.group(1).split(",") if p.strip()]
        else:
            continue
        known = [(x, kb.place(x.entity_id)) for x in inside if x.kind == "place" and not x.entity_id.startswith("new:")]
        known = [(x, place) for x, place in known if place is not None]
        # Every part a name, and one of them a place the gazetteer knows.
        if not known or len(inside) != len(parts) or len(parts) > 3:
            continue
        if m.entity_id.startswith("new:"):
            containers.setdefault(m.entity_id, known[0][1])
            relabel[id(m)] = replace(m, kind="place")
        for x in inside:
            if x.entity_id.startswith("new:"):
                after = [place for y, place in known if y.start > x.start]
                if after:
                    containers.setdefault(x.entity_id, after[0])
                    relabel[id(x)] = replace(x, kind="place")
    return [relabel.get(id(m), m) for m in mentions], containers
