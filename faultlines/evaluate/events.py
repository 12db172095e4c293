"""Event extraction, scored on three gold sets: the PLOVER gold-standard records, PETRARCH's unit
tests, and the project's own event reports.

    python -m faultlines.evaluate.events --dataset all [--limit N] [--json PATH]

**PLOVER GSR** (`../shared/datasets/plover-gsr-dev`): one coded sentence per record, with a PLOVER
type (2016 names mapped to today's: DEMAND -> request, DISAPPROVE and INVESTIGATE -> accuse,
FIGHT -> assault) and the source and target actors as the text names them.

**PETRARCH unit tests** (`../shared/datasets/event-coding/PETR.UnitTest.records.xml`): stylised
sentences with the events PETRARCH must code, as CAMEO codes mapped to PLOVER through
`CAMEO2PLOVER-2021.txt` (the code itself, then ever shorter prefixes: 1717 -> 171 -> coerce).
The tests were coded with PETRARCH's validation dictionaries, so a code says what those
dictionaries make of the verb, not always what CAMEO would ("restore diplomatic ties" is 064).
Left out: records that test error handling (`error="..."`), and records with a code the table
does not map (CAMEO 01 and 02, the validation-only 9xx codes, ...), since their PLOVER type is
unknown; records marked `noevents="True"` stay in, with no gold event. Actors are made-up
three-letter codes (ARN for Arnor, GON for Gondor); a predicted actor matches a code when the
code's letters begin the upper-cased letters of one of the entity's mentions, its name or an
alias, read from any capitalised word on ("ARN" begins "ARNOR" in "the Arnor government").
Codes of six letters or more are a country and an agent ("ARNGOV"): the first three letters
count, except after IGO, NGO, IMG or NGM (an organisation of that kind), where any later
three-letter group does. Real country codes (LBY, PAK) also match the country's names
in `Phoenix.Countries.actors.txt` when that file sits beside the tests. A quoted code
('"INJURY TOLL"') is actor text. Codes without a country ("---GOV", "###") cannot be checked and
are left out of the actor scores.

Both sentence sets are scored the same way: per PLOVER type, the sentence's predicted type set
(our events of the 16 PLOVER types; organisational types are not in these gold sets) against its
gold type set, as precision, recall and F1, micro and macro (the mean over the types with gold
sentences). Source accuracy: of the (sentence, type) pairs whose gold type was predicted and whose
gold sources can be checked, the share where some predicted event of that type has an actor
matching a gold source; target accuracy likewise, where gold has targets. An actor matches gold
actor text when, compared case-insensitively on whole words, one contains the other and one of
the entity's mentions, its name or an alias ("Hungarian" and the mention "Hungarian officials").

**Event reports** (`tests/evaluate/event_reports/*.yaml`): short reports written by the project,
each with every event it states. Within a report, predicted events are matched to gold events of
the same type, the pairs with the most actors and targets in common first. Detection recall: gold
events matched; precision: predicted events matched (events from a report with no gold events are
all false); type precision: predicted events whose type is among the report's gold types (a
repeated event counts); the same recall and precision for the events coded as happened, the ones
the ACLED export keeps (not negated, to come or conditional; the gold events all happened). Among
matched events, the share right per field: actors and targets (every gold actor matched by a
predicted one and every predicted one by a gold one), PLOVER mode, ACLED type and subtype, date
(the predicted date starts with the gold one), place (name, alias or mention equal to the gold
place; with no gold place, the admin1 decides; with neither, no place or the country is right),
admin1 (the place's, by name), country (the place's, by ISO code or name), and fatalities, injured,
abducted and arrested (equal, null equal to null).

A document the pipeline fails on counts as predicting nothing, and is counted as crashed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import traceback
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from faultlines.data import load_yaml
from faultlines.model import Analysis, Entity, Event

REPO = Path(__file__).resolve().parent.parent.parent
SHARED = REPO.parent / "shared"
PLOVER_GSR = SHARED / "datasets" / "plover-gsr-dev" / "PLOVER_GSR_dev.json"
EVENT_CODING = SHARED / "datasets" / "event-coding"
PETRARCH_TESTS = EVENT_CODING / "PETR.UnitTest.records.xml"
CAMEO_TO_PLOVER = EVENT_CODING / "CAMEO2PLOVER-2021.txt"
PHOENIX_COUNTRIES = EVENT_CODING / "Phoenix.Countries.actors.txt"
EVENT_REPORTS = REPO / "tests" / "evaluate" / "event_reports"

PLOVER_TYPES = (
    "agree", "consult", "support", "concede", "cooperate", "aid", "retreat", "request",
    "accuse", "reject", "threaten", "protest", "sanction", "mobilize", "coerce", "assault",
)
# PLOVER 2016 (the GSR's coding) -> today's PLOVER.
PLOVER_2016 = {"demand": "request", "disapprove": "accuse", "investigate": "accuse", "fight": "assault"}
# Words that name nothing on their own: an entity mention like these never matches gold text.
_EMPTY_WORDS = {"the", "a", "an", "it", "its", "they", "them", "their", "he", "she", "his", "her",
                "we", "our", "you", "this", "that", "these", "those", "who", "which", "group"}
# Code prefixes of an organisation kind, not a country (CAMEO actor codes).
_ORG_PREFIXES = ("IGO", "NGO", "IMG", "NGM")
# Words after a division's name that gold and gazetteer may or may not write.
_DIVISION_WORDS = {"province", "state", "region", "governorate", "district", "oblast", "department",
                   "prefecture", "county", "division", "wilaya", "territory"}


# ---------------------------------------------------------------------------------------------
# Matching actors


def _fold(text: str) -> str:
    """Accents off: 'Nangarhār' is 'Nangarhar'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _words(text: str) -> str:
    """Lower case, accents off, every run of non-alphanumerics one space: whole-word compare."""
    text = _fold(text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def texts_of(entity: Entity | None, entity_id: str = "") -> list[str]:
    """What an entity is called in the document: its name, aliases and mention texts; for an id
    the analysis does not hold, the id's own words ("generic:armed-men" -> "armed men")."""
    if entity is None:
        return [entity_id.split(":", 1)[-1].replace("-", " ")] if entity_id else []
    return [entity.name, *entity.aliases, *(m.text for m in entity.mentions)]


def text_matches(gold: str, texts: Iterable[str]) -> bool:
    """Gold actor text and one of an entity's texts, one inside the other on whole words,
    ignoring case: 'Hungarian' matches 'Hungarian officials', 'U.S. ... negotiators' 'U.S.'."""
    g = _words(gold)
    if not g:
        return False
    for text in texts:
        t = _words(text)
        if not t or t in _EMPTY_WORDS:
            continue
        if f" {g} " in f" {t} " or (f" {t} " in f" {g} " and g not in _EMPTY_WORDS):
            return True
    return False


@dataclass(frozen=True)
class GoldActor:
    """An actor as gold gives it: by its text (PLOVER, event reports, quoted PETRARCH codes), or
    by code letters that must begin one of the entity's texts (PETRARCH), or by country names
    (a real country's code)."""

    text: str | None = None
    prefixes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    code: str | None = None

    @property
    def checkable(self) -> bool:
        return bool(self.text or self.prefixes or self.names)

    def matches(self, texts: list[str]) -> bool:
        if self.text and text_matches(self.text, texts):
            return True
        if self.prefixes:
            starts = [_letters(t[m.start():]) for t in texts for m in re.finditer(r"\b[A-Z]", t)]
            if any(s.startswith(p) for p in self.prefixes for s in starts):
                return True
        return any(text_matches(name, texts) for name in self.names)


def _letters(text: str) -> str:
    return re.sub(r"[^A-Z]", "", _fold(text).upper())


def entity_matches(actor: GoldActor, analysis: Analysis, entity_id: str) -> bool:
    return actor.matches(texts_of(analysis.entity(entity_id), entity_id))


# ---------------------------------------------------------------------------------------------
# PLOVER gold-standard records


class PloverRecord(NamedTuple):
    id: str
    text: str
    gold_type: str
    gold_sources: list[str]
    gold_targets: list[str]


def plover_type(name: str) -> str:
    """A PLOVER event name of any vintage, as today's lower-case type."""
    name = name.strip().lower()
    return PLOVER_2016.get(name, name)


def _actor_texts(value: Any, text: str) -> list[str]:
    """`source`/`target` of a GSR record: a list of {actorText, code, sector}, or a bare string,
    or missing. A bare string counts only if the sentence contains it: the one non-empty bare
    string in the file (PLOVER-GSR01-AGREE-0007's target, "diplomatic") is a context, not an actor."""
    if isinstance(value, list):
        return [a["actorText"].strip() for a in value if isinstance(a, dict) and a.get("actorText", "").strip()]
    if isinstance(value, str) and value.strip() and value.strip().lower() in text.lower():
        return [value.strip()]
    return []


def read_plover_gsr(path: Path = PLOVER_GSR) -> list[PloverRecord]:
    """The coded records of the GSR file (its DOCUMENT header record left out), 2016 event names
    mapped to today's."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for r in records:
        if r.get("event", "").upper() == "DOCUMENT":
            continue
        text = " ".join(r["text"].split())
        out.append(PloverRecord(r["id"], text, plover_type(r["event"]),
                                _actor_texts(r.get("source"), text), _actor_texts(r.get("target"), text)))
    return out


# ---------------------------------------------------------------------------------------------
# CAMEO -> PLOVER


def read_cameo_plover(path: Path = CAMEO_TO_PLOVER) -> dict[str, tuple[str, str | None]]:
    """The conversion table: CAMEO code -> (PLOVER type, mode or None). Lines read
    `CODE: TYPE, mode, context # comment`; a two-digit heading (`03: AGREE`) maps its root. Where
    a code is listed twice (08 heads both CONCEDE and RETREAT) the first entry stands."""
    table: dict[str, tuple[str, str | None]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*(\d{2,4})\s*:\s*([A-Za-z_]+)\s*(?:,\s*([^,#]*))?", line)
        if not m:
            continue
        code, type_, mode = m.group(1), plover_type(m.group(2)), (m.group(3) or "").strip() or None
        table.setdefault(code, (type_, mode))
    return table


def cameo_to_plover(code: str, table: dict[str, tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """The PLOVER (type, mode) of a CAMEO code: the most specific entry of the table, then ever
    shorter prefixes ('1823' -> assault; '0431' -> '043' -> consult/visit; '174K' -> '174');
    None when no prefix of two digits or more is listed."""
    code = code.strip()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


# ---------------------------------------------------------------------------------------------
# PETRARCH unit tests


@dataclass(frozen=True)
class PetrCoding:
    source: str
    target: str
    event: str


@dataclass(frozen=True)
class PetrSentence:
    id: str
    text: str
    date: str | None
    codings: tuple[PetrCoding, ...]
    noevents: bool = False
    error: str | None = None
    category: str | None = None


def _iso(date_: str | None) -> str | None:
    if date_ and re.fullmatch(r"\d{8}", date_.strip()):
        d = date_.strip()
        return f"{d[:4]}-{d[4:6]}-{d[6:]}"
    return date_ or None


def read_petrarch_tests(path: Path = PETRARCH_TESTS) -> list[PetrSentence]:
    """Every <Sentence> of the unit-test file: id, text (whitespace collapsed), date (ISO), its
    EventCoding lines, whether it is marked as having no events, and the error it tests if any.
    The file is well-formed XML today; should an edit break that, the blocks are read by regex."""
    raw = Path(path).read_text(encoding="utf-8", errors="replace")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError:
        return list(_petrarch_by_regex(raw))
    out = []
    for s in root.iter("Sentence"):
        text = s.findtext("Text") or ""
        out.append(_petr_sentence(dict(s.attrib), text, [dict(e.attrib) for e in s.findall("EventCoding")]))
    return out


_ATTR = re.compile(r"""([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(tag: str) -> dict[str, str]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(tag)}


def _petrarch_by_regex(raw: str) -> Iterator[PetrSentence]:
    raw = re.sub(r"<!--.*?-->", "", raw, flags=re.S)
    for block in re.finditer(r"<Sentence\b([^>]*)>(.*?)</Sentence>", raw, flags=re.S):
        body = block.group(2)
        text = re.search(r"<Text>(.*?)</Text>", body, flags=re.S)
        codings = [_attrs(m.group(1)) for m in re.finditer(r"<EventCoding\b([^>]*)>", body)]
        yield _petr_sentence(_attrs(block.group(1)), text.group(1) if text else "", codings)


def _petr_sentence(attrs: dict[str, str], text: str, codings: list[dict[str, str]]) -> PetrSentence:
    events, noevents, error = [], False, None
    for c in codings:
        if c.get("noevents", "").strip().lower() == "true":
            noevents = True
        elif c.get("error"):
            error = c["error"]
        elif c.get("eventcode"):
            events.append(PetrCoding(c.get("sourcecode", "").strip(), c.get("targetcode", "").strip(),
                                     c["eventcode"].strip()))
    return PetrSentence(attrs.get("id", "").strip(), " ".join(text.split()), _iso(attrs.get("date")),
                        tuple(events), noevents, error, attrs.get("category"))


def read_phoenix_countries(path: Path = PHOENIX_COUNTRIES) -> dict[str, tuple[str, ...]]:
    """Country code -> names, from the Phoenix country dictionary's headings (`LIBYA_  [LBY]`)
    and the `+ALIAS_` lines under them."""
    names: dict[str, list[str]] = {}
    current = None
    if not Path(path).exists():
        return {}
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"^([A-Z][A-Z_'\-.]*?)_?\s+\[([A-Z]{3})\]\s*$", line)
        if m:
            current = m.group(2)
            names.setdefault(current, []).append(m.group(1).replace("_", " ").strip())
        elif line.startswith("+") and current:
            alias = line[1:].split("#")[0].strip().rstrip("_").replace("_", " ").strip()
            if alias:
                names[current].append(alias)
        elif line.strip() and not line.startswith(("\t", " ", "#")):
            current = None  # an office holder's entry: no longer the country's names
    return {code: tuple(dict.fromkeys(ns)) for code, ns in names.items()}


def petr_actor(code: str, countries: dict[str, tuple[str, ...]] | None = None) -> GoldActor:
    """A PETRARCH actor code as a GoldActor (see the module notes for the heuristic)."""
    code = code.strip()
    if len(code) >= 2 and code[0] == code[-1] and code[0] in "\"'":
        return GoldActor(text=code[1:-1].strip(), code=code)
    letters = code.upper()
    if not re.fullmatch(r"[A-Z]{3,}", letters):  # ---GOV, ###, empty: no country to check
        return GoldActor(code=code)
    if len(letters) >= 6 and letters[:3] in _ORG_PREFIXES:
        rest = letters[3:]
        prefixes = tuple(rest[i:i + 3] for i in range(0, len(rest) - 2, 3))
    else:
        prefixes = (letters[:3],)
    names = tuple(n for p in prefixes for n in (countries or {}).get(p, ()))
    return GoldActor(prefixes=prefixes, names=names, code=code)


# ---------------------------------------------------------------------------------------------
# Sentence-level scoring (PLOVER GSR and PETRARCH)


@dataclass(frozen=True)
class GoldSentence:
    """A sentence with its gold PLOVER types and, per type, its source and target actors."""

    id: str
    text: str
    types: frozenset[str]
    sources: dict[str, tuple[GoldActor, ...]] = field(default_factory=dict)
    targets: dict[str, tuple[GoldActor, ...]] = field(default_factory=dict)
    published: str | None = None


def plover_gold(records: Iterable[PloverRecord]) -> list[GoldSentence]:
    return [GoldSentence(r.id, r.text, frozenset({r.gold_type}),
                         {r.gold_type: tuple(GoldActor(text=s) for s in r.gold_sources)},
                         {r.gold_type: tuple(GoldActor(text=t) for t in r.gold_targets)})
            for r in records]


def petrarch_gold(sentences: Iterable[PetrSentence], table: dict[str, tuple[str, str | None]],
                  countries: dict[str, tuple[str, ...]] | None = None) -> tuple[list[GoldSentence], Counter[str]]:
    """The scorable sentences, and a count of those left out and why."""
    gold, skipped = [], Counter()
    for s in sentences:
        if s.error:
            skipped["error record"] += 1
            continue
        mapped = [(c, cameo_to_plover(c.event, table)) for c in s.codings]
        if any(m is None for _, m in mapped):
            skipped["unmapped CAMEO code"] += 1
            continue
        if not mapped and not s.noevents:
            skipped["no coding"] += 1
            continue
        sources: dict[str, list[GoldActor]] = {}
        targets: dict[str, list[GoldActor]] = {}
        for c, (type_, _mode) in mapped:
            sources.setdefault(type_, []).append(petr_actor(c.source, countries))
            targets.setdefault(type_, []).append(petr_actor(c.target, countries))
        gold.append(GoldSentence(s.id, s.text, frozenset(t for _, (t, _m) in mapped),
                                 {t: tuple(a) for t, a in sources.items()},
                                 {t: tuple(a) for t, a in targets.items()}, s.date))
    return gold, skipped


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}


def _share(correct: int, total: int) -> dict[str, Any]:
    return {"correct": correct, "total": total, "accuracy": round(correct / total, 3) if total else None}


def score_sentences(pairs: Iterable[tuple[GoldSentence, Analysis | None]],
                    details: list | None = None) -> dict[str, Any]:
    """Scores of predicted analyses (None for a document the pipeline failed on) against gold
    sentences; see the module notes. `details`, if given, receives one dict per sentence whose
    types or actors are wrong, for reading the errors."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    src = [0, 0]
    tgt = [0, 0]
    n = failed = 0
    for gold, analysis in pairs:
        n += 1
        events = [e for e in analysis.events if e.type in PLOVER_TYPES] if analysis is not None else []
        failed += analysis is None
        predicted = {e.type for e in events}
        for t in gold.types & predicted:
            tp[t] += 1
        for t in predicted - gold.types:
            fp[t] += 1
        for t in gold.types - predicted:
            fn[t] += 1
        wrong_roles = []
        for t in gold.types & predicted:
            of_type = [e for e in events if e.type == t]
            for role, tally, attr in ((gold.sources, src, "actors"), (gold.targets, tgt, "targets")):
                wanted = [a for a in role.get(t, ()) if a.checkable]
                if not wanted:
                    continue
                tally[1] += 1
                ok = any(entity_matches(a, analysis, eid) for e in of_type
                         for eid in getattr(e, attr) for a in wanted)
                tally[0] += ok
                if not ok:
                    wrong_roles.append(f"{t} {attr}")
        if details is not None and (gold.types != predicted or wrong_roles or analysis is None):
            details.append({
                "id": gold.id, "text": gold.text, "crashed": analysis is None, "gold": sorted(gold.types),
                "predicted": sorted(predicted), "wrong_roles": wrong_roles,
                "gold_sources": {t: [a.text or a.code for a in v] for t, v in gold.sources.items()},
                "gold_targets": {t: [a.text or a.code for a in v] for t, v in gold.targets.items()},
                "events": [{"type": e.type, "actors": _names(e.actors, analysis),
                            "targets": _names(e.targets, analysis)} for e in events],
            })
    types = sorted(set(tp) | set(fp) | set(fn), key=lambda t: (PLOVER_TYPES + (t,)).index(t))
    by_type = {t: {"gold": tp[t] + fn[t], "predicted": tp[t] + fp[t], "correct": tp[t],
                   **_prf(tp[t], fp[t], fn[t])} for t in types}
    a, b, c = (sum(x.values()) for x in (tp, fp, fn))
    with_gold = [by_type[t] for t in types if by_type[t]["gold"]]
    macro = {m: round(sum(d[m] for d in with_gold) / len(with_gold), 3) if with_gold else 0.0
             for m in ("precision", "recall", "f1")}
    return {"sentences": n, "crashed": failed, "types": by_type,
            "micro": {"gold": a + c, "predicted": a + b, "correct": a, **_prf(a, b, c)},
            "macro": macro, "source_accuracy": _share(*src), "target_accuracy": _share(*tgt)}


# ---------------------------------------------------------------------------------------------
# Event reports


@dataclass(frozen=True)
class GoldEvent:
    type: str
    mode: str | None = None
    acled_type: str | None = None
    acled_subtype: str | None = None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    country: str | None = None
    admin1: str | None = None
    place: str | None = None
    date: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    abducted: int | None = None
    arrested: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GoldReport:
    id: str
    text: str
    published: str | None
    events: tuple[GoldEvent, ...]
    source: str = ""


def _str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    return tuple(str(v) for v in value if v is not None and str(v).strip())


_EVENT_FIELDS = {"plover", "type", "plover_mode", "mode", "acled_type", "acled_subtype", "actors",
                 "targets", "country", "admin1", "place", "date", "fatalities", "injured", "abducted",
                 "arrested"}


def _count(value: Any) -> int | None:
    return int(value) if value is not None and str(value).strip() != "" else None


def gold_event(d: dict[str, Any]) -> GoldEvent:
    return GoldEvent(
        type=plover_type(str(d.get("plover") or d.get("type") or "")),
        mode=_str(d.get("plover_mode", d.get("mode"))), acled_type=_str(d.get("acled_type")),
        acled_subtype=_str(d.get("acled_subtype")), actors=_list(d.get("actors")),
        targets=_list(d.get("targets")), country=_str(d.get("country")), admin1=_str(d.get("admin1")),
        place=_str(d.get("place")), date=_str(d.get("date")),
        fatalities=_count(d.get("fatalities")), injured=_count(d.get("injured")),
        abducted=_count(d.get("abducted")), arrested=_count(d.get("arrested")),
        extra={k: v for k, v in d.items() if k not in _EVENT_FIELDS},
    )


def read_event_reports(folder: Path = EVENT_REPORTS) -> list[GoldReport]:
    """Every report of every `*.yaml` in `folder`: `reports: [{id, published, text, events: [...]}]`."""
    import yaml

    out = []
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for r in data.get("reports") or ():
            out.append(GoldReport(str(r["id"]), str(r["text"]), _str(r.get("published")),
                                  tuple(gold_event(e) for e in r.get("events") or ()), path.name))
    return out


PlaceLookup = Callable[[str], Any]  # place id -> gazetteer Place (name, admin_level, country, admin1) or None


def _norm_place(name: str | None) -> str:
    words = _words(name or "").split()
    while len(words) > 1 and words[-1] in _DIVISION_WORDS:
        words.pop()
    while len(words) > 1 and words[0] in ("the", "al", "el"):
        words.pop(0)
    return " ".join(words)


def _place_name(place_id: str | None, analysis: Analysis, places: PlaceLookup | None) -> str | None:
    """The name of a place given as an entity id, a gazetteer id ('place:AF-NAN') or an ISO code."""
    if not place_id:
        return None
    entity = analysis.entity(place_id)
    if entity is not None:
        return entity.name
    if places is not None:
        for key in (place_id, f"place:{place_id}"):
            try:
                found = places(key)
            except Exception:  # noqa: BLE001 - a lookup failing is a missing name, not a crash
                found = None
            if found is not None:
                return found.name
    return None if re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", place_id) or ":" in place_id else place_id


def admin1_of(place: Entity | None, analysis: Analysis, places: PlaceLookup | None = None) -> str | None:
    """The first-level division a place lies in, by name: the place itself if it is one; else the
    entity's `attributes["admin1"]` (a name, an entity id or a gazetteer code); else, through the
    gazetteer, the admin1 of the place or of the place a provisional one lies within."""
    if place is None:
        return None
    if place.admin_level == "admin1":
        return place.name
    given = place.attributes.get("admin1")
    if given:
        return _place_name(str(given), analysis, places)
    if places is None:
        return None
    for pid in (place.id, place.attributes.get("within")):
        if not pid:
            continue
        try:
            known = places(pid)
        except Exception:  # noqa: BLE001
            known = None
        if known is None:
            continue
        if getattr(known, "admin_level", None) == "admin1":
            return known.name
        code = getattr(known, "admin1", None)
        if code:
            return _place_name(code, analysis, places)
    return None


def country_matches(place: Entity | None, gold: str | None, analysis: Analysis, places: PlaceLookup | None) -> bool:
    code = place.country if place is not None else None
    if not gold or not code:
        return not gold and not code
    if code.casefold() == gold.casefold():
        return True
    name = _place_name(code, analysis, places)
    return bool(name) and _norm_place(name) == _norm_place(gold)


def _same_name(entity: Entity | None, gold: str) -> bool:
    wanted = _norm_place(gold)
    return entity is not None and any(_norm_place(t) == wanted for t in texts_of(entity))


def _actors_agree(gold: tuple[str, ...], predicted: tuple[str, ...], analysis: Analysis) -> bool:
    texts = {eid: texts_of(analysis.entity(eid), eid) for eid in predicted}
    return (all(any(text_matches(g, texts[eid]) for eid in predicted) for g in gold)
            and all(any(text_matches(g, texts[eid]) for g in gold) for eid in predicted))


def _overlap(gold: GoldEvent, event: Event, analysis: Analysis) -> int:
    def hits(names: tuple[str, ...], ids: tuple[str, ...]) -> int:
        return sum(any(text_matches(n, texts_of(analysis.entity(i), i)) for i in ids) for n in names)

    return hits(gold.actors, event.actors) + hits(gold.targets, event.targets)


def match_events(gold: tuple[GoldEvent, ...], predicted: tuple[Event, ...],
                 analysis: Analysis) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: same type only, the most actors and targets in common
    first, then document order; each event in at most one pair."""
    candidates = sorted(((-_overlap(g, e, analysis), gi, pi) for gi, g in enumerate(gold)
                         for pi, e in enumerate(predicted) if e.type == g.type))
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


REPORT_FIELDS = ("actors", "targets", "mode", "acled_type", "acled_subtype", "date", "place", "admin1",
                 "country", "fatalities", "injured", "abducted", "arrested")


def field_checks(g: GoldEvent, e: Event, analysis: Analysis, places: PlaceLookup | None = None) -> dict[str, bool]:
    """Whether each field of a predicted event agrees with the gold event it was matched to."""
    place = analysis.entity(e.place)
    admin1 = admin1_of(place, analysis, places)
    if g.place:
        place_ok = _same_name(place, g.place)
    elif g.admin1:
        place_ok = admin1 is not None and _norm_place(admin1) == _norm_place(g.admin1)
    else:  # gold names no place below the country: none, or the country itself, is right
        place_ok = place is None or ((place.admin_level == "country" or place.kind == "state")
                                     and country_matches(place, g.country, analysis, places))
    same = lambda a, b: (a or "").strip().casefold() == (b or "").strip().casefold()  # noqa: E731
    return {
        "actors": _actors_agree(g.actors, e.actors, analysis),
        "targets": _actors_agree(g.targets, e.targets, analysis),
        "mode": same(g.mode, e.mode),
        "acled_type": same(g.acled_type, e.acled_type),
        "acled_subtype": same(g.acled_subtype, getattr(e, "acled_subtype", None)),
        "date": (e.date or None) == g.date if not g.date or not e.date else e.date.startswith(g.date),
        "place": bool(place_ok),
        "admin1": (_norm_place(admin1) == _norm_place(g.admin1)) if (admin1 or g.admin1) else True,
        "country": country_matches(place, g.country, analysis, places),
        "fatalities": e.fatalities == g.fatalities,
        **{k: getattr(e, k, None) == getattr(g, k) for k in ("injured", "abducted", "arrested")},
    }


def score_reports(pairs: Iterable[tuple[GoldReport, Analysis | None]], places: PlaceLookup | None = None,
                  details: list | None = None) -> dict[str, Any]:
    """Detection recall and precision, and per-field accuracy among matched events. `details`,
    if given, receives one dict per report (matches and misses), for reading the errors."""
    gold_n = predicted_n = matched = typed = 0
    happened_n = happened_matched = 0  # the events an ACLED export keeps: not negated, to come or conditional
    unreal = set(load_yaml("lexicons/acled.yaml")["skip_modalities"])
    n = failed = 0
    right: Counter[str] = Counter()
    by_type: dict[str, Counter[str]] = {}
    for report, analysis in pairs:
        n += 1
        failed += analysis is None
        events = tuple(analysis.events) if analysis is not None else ()
        gold_n += len(report.events)
        predicted_n += len(events)
        gold_types = {g.type for g in report.events}
        typed += sum(e.type in gold_types for e in events)
        for g in report.events:
            by_type.setdefault(g.type, Counter())["gold"] += 1
        for e in events:
            by_type.setdefault(e.type, Counter())["predicted"] += 1
        pairs_ = match_events(report.events, events, analysis) if analysis is not None else []
        matched += len(pairs_)
        happened = tuple(e for e in events if e.modality not in unreal)
        happened_n += len(happened)
        happened_matched += len(match_events(report.events, happened, analysis)) if analysis is not None else 0
        record = {"id": report.id, "crashed": analysis is None, "matched": [], "missed": [],
                  "extra": []}
        for gi, pi in pairs_:
            g, e = report.events[gi], events[pi]
            by_type[g.type]["matched"] += 1
            checks = field_checks(g, e, analysis, places)
            right.update(k for k, ok in checks.items() if ok)
            record["matched"].append({"type": g.type, "wrong": [k for k, ok in checks.items() if not ok],
                                      "predicted": _event_view(e, analysis, places), "gold": _gold_view(g)})
        hit_g = {gi for gi, _ in pairs_}
        hit_p = {pi for _, pi in pairs_}
        record["missed"] = [_gold_view(g) for i, g in enumerate(report.events) if i not in hit_g]
        record["extra"] = [_event_view(e, analysis, places) for i, e in enumerate(events) if i not in hit_p]
        if details is not None:
            details.append(record)
    return {
        "reports": n, "crashed": failed, "gold_events": gold_n, "predicted_events": predicted_n,
        "matched": matched,
        "detection_recall": round(matched / gold_n, 3) if gold_n else None,
        "precision": round(matched / predicted_n, 3) if predicted_n else None,
        "type_precision": round(typed / predicted_n, 3) if predicted_n else None,
        "happened": {"predicted": happened_n, "matched": happened_matched,
                     "recall": round(happened_matched / gold_n, 3) if gold_n else None,
                     "precision": round(happened_matched / happened_n, 3) if happened_n else None},
        "fields": {f: _share(right[f], matched) for f in REPORT_FIELDS},
        "types": {t: {"gold": c["gold"], "predicted": c["predicted"], "matched": c["matched"]}
                  for t, c in sorted(by_type.items())},
    }


def _names(ids: tuple[str, ...], analysis: Analysis) -> list[str]:
    return [(analysis.entity(i).name if analysis.entity(i) else i) for i in ids]


def _event_view(e: Event, analysis: Analysis, places: PlaceLookup | None) -> dict[str, Any]:
    place = analysis.entity(e.place)
    return {"type": e.type, "mode": e.mode, "actors": _names(e.actors, analysis),
            "targets": _names(e.targets, analysis), "place": place.name if place else e.place,
            "admin1": admin1_of(place, analysis, places), "country": place.country if place else None,
            "date": e.date, "fatalities": e.fatalities, "injured": getattr(e, "injured", None),
            "abducted": getattr(e, "abducted", None), "arrested": getattr(e, "arrested", None),
            "acled_type": e.acled_type,
            "acled_subtype": getattr(e, "acled_subtype", None), "evidence": e.evidence.text}


def _gold_view(g: GoldEvent) -> dict[str, Any]:
    return {"type": g.type, "mode": g.mode, "actors": list(g.actors), "targets": list(g.targets),
            "place": g.place, "admin1": g.admin1, "country": g.country, "date": g.date,
            "fatalities": g.fatalities, "injured": g.injured, "abducted": g.abducted, "arrested": g.arrested,
            "acled_type": g.acled_type, "acled_subtype": g.acled_subtype}


# ---------------------------------------------------------------------------------------------
# Running the pipeline


@dataclass
class Runner:
    """Analyses texts with a pipeline, a failure counted instead of raised."""

    pipeline: Any
    crashed: int = 0
    errors: list[str] = field(default_factory=list)
    progress: bool = False
    done: int = 0

    def analyze(self, doc_id: str, text: str, published: str | None = None) -> Analysis | None:
        from faultlines.ingest import make_document

        self.done += 1
        if self.progress and self.done % 25 == 0:
            print(f"  ... {self.done}", file=sys.stderr, flush=True)
        try:
            return self.pipeline.analyze(make_document(text, published=published))
        except Exception as exc:  # noqa: BLE001 - the extractor may be mid-rewrite: count, go on
            self.crashed += 1
            if len(self.errors) < 10:
                where = traceback.extract_tb(exc.__traceback__)[-1]
                self.errors.append(f"{doc_id}: {type(exc).__name__}: {exc} "
                                   f"({Path(where.filename).name}:{where.lineno})")
            return None


def _limited(items: list, limit: int | None) -> list:
    return items[:limit] if limit else items


def evaluate_plover(pipeline: Any, path: Path = PLOVER_GSR, limit: int | None = None,
                    progress: bool = False, details: list | None = None) -> dict[str, Any]:
    gold = _limited(plover_gold(read_plover_gsr(path)), limit)
    runner = Runner(pipeline, progress=progress)
    result = score_sentences([(g, runner.analyze(g.id, g.text, g.published)) for g in gold], details)
    return {**result, "errors": runner.errors}


def evaluate_petrarch(pipeline: Any, path: Path = PETRARCH_TESTS, limit: int | None = None,
                      progress: bool = False, details: list | None = None) -> dict[str, Any]:
    path = Path(path)
    table = read_cameo_plover(path.parent / CAMEO_TO_PLOVER.name)
    countries = read_phoenix_countries(path.parent / PHOENIX_COUNTRIES.name)
    gold, skipped = petrarch_gold(read_petrarch_tests(path), table, countries)
    gold = _limited(gold, limit)
    runner = Runner(pipeline, progress=progress)
    result = score_sentences([(g, runner.analyze(g.id, g.text, g.published)) for g in gold], details)
    return {**result, "skipped": dict(skipped), "errors": runner.errors}


def evaluate_reports(pipeline: Any, folder: Path = EVENT_REPORTS, limit: int | None = None,
                     progress: bool = False, details: list | None = None) -> dict[str, Any]:
    reports = _limited(read_event_reports(folder), limit)
    runner = Runner(pipeline, progress=progress)
    kb = getattr(pipeline, "kb", None)
    places = kb.place if kb is not None and hasattr(kb, "place") else None
    result = score_reports([(r, runner.analyze(r.id, r.text, r.published)) for r in reports],
                           places=places, details=details)
    return {**result, "errors": runner.errors}


# ---------------------------------------------------------------------------------------------
# Tables


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def sentence_table(title: str, r: dict[str, Any]) -> str:
    lines = [f"### {title}", "",
             f"{r['sentences']} sentences, {r['crashed']} crashed"
             + (f"; left out: {', '.join(f'{v} {k}' for k, v in r['skipped'].items())}" if r.get("skipped") else ""),
             "", "| type | gold | predicted | correct | precision | recall | F1 |", "|---|---|---|---|---|---|---|"]
    for t, d in r["types"].items():
        lines.append(f"| {t} | {d['gold']} | {d['predicted']} | {d['correct']} | {_f(d['precision'])} "
                     f"| {_f(d['recall'])} | {_f(d['f1'])} |")
    m, M = r["micro"], r["macro"]
    lines.append(f"| **micro** | {m['gold']} | {m['predicted']} | {m['correct']} | {_f(m['precision'])} "
                 f"| {_f(m['recall'])} | {_f(m['f1'])} |")
    lines.append(f"| **macro** | | | | {_f(M['precision'])} | {_f(M['recall'])} | {_f(M['f1'])} |")
    lines += ["", "| actors (where the gold type was found) | correct | of | accuracy |", "|---|---|---|---|"]
    for name, key in (("source", "source_accuracy"), ("target", "target_accuracy")):
        s = r[key]
        lines.append(f"| {name} | {s['correct']} | {s['total']} | {_f(s['accuracy'])} |")
    return "\n".join(lines)


def reports_table(title: str, r: dict[str, Any]) -> str:
    lines = [f"### {title}", "",
             f"{r['reports']} reports, {r['crashed']} crashed; {r['gold_events']} gold events, "
             f"{r['predicted_events']} predicted, {r['matched']} matched", "",
             "| measure | score |", "|---|---|",
             f"| detection recall | {_f(r['detection_recall'])} |", f"| precision | {_f(r['precision'])} |",
             f"| type precision (repeats allowed) | {_f(r['type_precision'])} |",
             f"| events coded as happened (as the ACLED export keeps them): recall | {_f(r['happened']['recall'])} |",
             f"| events coded as happened: precision | {_f(r['happened']['precision'])} |", "",
             "| field (among matched events) | correct | of | accuracy |", "|---|---|---|---|"]
    for f_, s in r["fields"].items():
        lines.append(f"| {f_} | {s['correct']} | {s['total']} | {_f(s['accuracy'])} |")
    lines += ["", "| type | gold | predicted | matched |", "|---|---|---|---|"]
    for t, c in r["types"].items():
        lines.append(f"| {t} | {c['gold']} | {c['predicted']} | {c['matched']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", choices=("plover", "petrarch", "reports", "all"), default="all")
    parser.add_argument("--limit", type=int, default=None, help="only the first N items of each dataset")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the scores here")
    parser.add_argument("--model", default=None, help="language pipeline (default: the shipped one)")
    parser.add_argument("--plover-path", type=Path, default=PLOVER_GSR)
    parser.add_argument("--petrarch-path", type=Path, default=PETRARCH_TESTS)
    parser.add_argument("--reports-path", type=Path, default=EVENT_REPORTS)
    parser.add_argument("--details", action="store_true", help="with --json: what each sentence or report got wrong")
    args = parser.parse_args(argv)

    from faultlines.pipeline import Pipeline

    try:
        pipeline = Pipeline.load(args.model)
    except Exception as exc:  # noqa: BLE001 - say so in one line: nothing can be scored
        sys.exit(f"the pipeline does not load, nothing scored: {type(exc).__name__}: {exc}")
    wanted = ("plover", "petrarch", "reports") if args.dataset == "all" else (args.dataset,)
    results: dict[str, Any] = {}
    tables = []
    for name in wanted:
        print(f"{name} ...", file=sys.stderr, flush=True)
        details: list | None = [] if args.details else None
        if name == "plover":
            results[name] = evaluate_plover(pipeline, args.plover_path, args.limit, True, details)
            tables.append(sentence_table("PLOVER gold-standard records (dev half)", results[name]))
        elif name == "petrarch":
            results[name] = evaluate_petrarch(pipeline, args.petrarch_path, args.limit, True, details)
            tables.append(sentence_table("PETRARCH unit tests (CAMEO mapped to PLOVER)", results[name]))
        else:
            if not any(Path(args.reports_path).glob("*.yaml")):
                print(f"no event reports in {args.reports_path}: skipped", file=sys.stderr)
                continue
            results[name] = evaluate_reports(pipeline, args.reports_path, args.limit, True, details)
            tables.append(reports_table("Event reports", results[name]))
        if details is not None:
            results[name]["details"] = details
        for error in results[name].get("errors", []):
            print(f"  crashed: {error}", file=sys.stderr)
    print("\n\n".join(tables))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
