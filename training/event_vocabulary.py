"""Build the event vocabulary from the open event-coding resources (run at build time).

    python training/event_vocabulary.py [--shared ../shared] [--check] [--quiet]

Reads, from <shared>/datasets/event-coding/:
  - CAMEO.2.0.txt          PETRARCH2 CAMEO verb-pattern dictionary (MIT, Open Event Data Alliance)
  - CAMEO2PLOVER-2021.txt  CAMEO code -> PLOVER type, mode, context (CC BY-SA 4.0, PLOVER project)
  - Phoenix.agents.txt     agent nouns with sector codes (MIT, Open Event Data Alliance)
and, from faultlines/data/lexicons/:
  - event_triggers_extra.yaml  the project's own additions and corrections (applied last: they win)

Writes, to faultlines/data/lexicons/:
  - event_verbs.yaml   verbs -> CAMEO code, PLOVER type and mode; verb + object noun and
                       verb + preposition patterns; objects that make a verb a non-event
  - event_nouns.yaml   event nouns (what a trigger can be when it is a noun) and light verbs
  - agents.yaml        nominal actor nouns -> sector

How the CAMEO dictionary is read (our reading of its documented format):
  - a verb gets its own `[code]` if its line has one, else the default code of its block
    (`---  NAME  [code]  ---`); a block or verb coded `[---]` gives no event. A verb listed in
    several blocks takes its most frequent code (the first on a tie); conflicts are reported.
  - `[a:b]` codes take their first part (the source's event), `[:b]` its second.
  - a pattern `- * OBJECT ...` gives a verb + object-head entry, `- * (PREP ...)` a verb +
    preposition entry, `- * PARTICLE OBJECT` an entry for the phrasal verb ("set off" + bomb).
    It applies to the verb named in its comment (the verb it was written for), or to every verb
    of the block when the comment names none. Patterns that constrain the subject (words before
    `*`) are skipped. `&SET` expands to the set's words; `{A B}` phrases take their last word.
    A bare object beats an object followed by more words, which beats a phrase head; then the
    most frequent code wins, then the first.
  - CAMEO codes map to PLOVER through the 2021 table, most specific code first, then shorter
    prefixes; the extras file supplements and overrides the table and translates modes.
  - verbs in the extras' `stop_verbs`, `non_trigger_verbs` and `light_verbs` are removed from
    `verbs` (their object and preposition patterns stay); then the extras' `verbs`,
    `verb_objects`, `verb_preps`, `nouns` and `agents` are applied and win (`plover: null`
    removes an entry). Event nouns come from the literal objects of `noun_source_verbs` where
    most patterns agree on one PLOVER type, plus the extras' `nouns`.

Derived data keep their sources' licences: see faultlines/data/lexicons/EVENT_VOCABULARY_LICENSE.md.
This script is the project's own code (stdlib + pyyaml).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
LEXICONS = REPO / "faultlines" / "data" / "lexicons"
EXTRAS_FILE = LEXICONS / "event_triggers_extra.yaml"
OUT_VERBS = LEXICONS / "event_verbs.yaml"
OUT_NOUNS = LEXICONS / "event_nouns.yaml"
OUT_AGENTS = LEXICONS / "agents.yaml"

CAMEO_FILE = "CAMEO.2.0.txt"
PLOVER_FILE = "CAMEO2PLOVER-2021.txt"
AGENTS_FILE = "Phoenix.agents.txt"

PLOVER_TYPES = ("agree", "consult", "support", "concede", "cooperate", "aid", "retreat", "request",
                "accuse", "reject", "threaten", "protest", "sanction", "mobilize", "coerce",
                "assault")
NO_EVENT = "---"

# Words after the verb that form a phrasal verb with it ("set off", "put down", "carry out").
PARTICLES = {"off", "down", "up", "out", "back", "away", "over", "forward", "aside", "ahead",
             "apart", "together", "around", "through", "in", "on"}
# Heads that are not object nouns (pattern leftovers, pronouns, function words). Reflexives stay:
# "kill himself" is not an assault.
NOT_HEADS = {"a", "an", "the", "to", "of", "that", "this", "as", "at", "by", "for", "from", "in",
             "into", "on", "with", "when", "will", "not", "no", "it", "them", "him", "her",
             "each", "other", "one",
             "since", "until", "toward", "towards", "so", "than", "more", "less", "and", "or"}
# Plural-looking words that are their own lemma.
KEEP_S = {"news", "series", "species", "means", "arms", "barracks", "headquarters", "politics",
          "economics", "hostilities", "aids", "chaos", "crisis", "thesis", "basis", "status",
          "consensus", "progress", "access", "address", "gas", "bus", "congress", "press",
          "process", "success", "loss", "business", "witness", "mass", "class", "alias",
          "analysis", "diagnosis", "emphasis", "genesis", "census", "virus", "campus",
          "bonus", "corpus", "focus", "radius", "stimulus", "impetus", "apparatus",
          "prospectus", "syllabus", "hiatus", "onus", "ethos", "pathos", "kudos", "lens",
          "canvas", "atlas", "bias", "iris", "axis", "tennis", "physics", "ethics", "tactics",
          "logistics", "statistics", "mujahideen", "taliban", "police", "personnel",
          "people", "militia", "jihadis", "isis", "hamas", "fatigues", "outskirts",
          "surroundings", "premises", "remains", "savings", "earnings", "proceeds",
          "whereabouts", "amends", "goods", "clothes", "thanks", "talks", "christmas",
          "overseas", "pancreas"}
IRREGULAR = {"men": "man", "women": "woman", "children": "child", "feet": "foot",
             "teeth": "tooth", "mice": "mouse", "geese": "goose", "lives": "life",
             "knives": "knife", "wives": "wife", "thieves": "thief", "halves": "half",
             "leaves": "leaf", "shelves": "shelf", "wolves": "wolf", "midwives": "midwife",
             "crises": "crisis", "analyses": "analysis", "theses": "thesis", "bases": "base",
             "data": "data", "media": "media", "criteria": "criterion",
             "phenomena": "phenomenon", "militiamen": "militiaman", "gunmen": "gunman",
             "townspeople": "townspeople", "talks": "talk", "forces": "force",
             "troops": "troop", "houses": "house", "horses": "horse", "causes": "cause",
             "courses": "course", "responses": "response", "expenses": "expense",
             "licenses": "license", "licences": "licence", "defenses": "defense",
             "defences": "defence", "offenses": "offense", "offences": "offence",
             "purposes": "purpose", "releases": "release", "ceasefires": "ceasefire",
             "cease-fires": "cease-fire", "premises": "premises", "sabers": "saber",
             "buses": "bus", "gases": "gas", "statuses": "status", "viruses": "virus"}
MEN_SINGULAR = ("omen", "specimen", "regimen", "acumen", "stamen", "hymen", "abdomen")
AGENT_WORD = re.compile(r"^[a-z][a-z' .&/-]*[a-z.]$")


def singular(word: str) -> str:
    """The singular of an English noun written in lower case (a small rule set, no lexicon)."""
    w = word
    if w in IRREGULAR:
        return IRREGULAR[w]
    if w.endswith("women"):
        return w[:-5] + "woman"
    if w.endswith("men") and len(w) > 4 and not w.endswith(MEN_SINGULAR):
        return w[:-3] + "man"
    if w in KEEP_S or len(w) <= 3 or not w.endswith("s"):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return w[:-2]
    if w.endswith(("ss", "us", "is", "ous")):
        return w
    if w.endswith("oes") and w[:-2] in {"hero", "tomato", "potato", "veto", "echo", "torpedo"}:
        return w[:-2]
    return w[:-1]


def phrase_lemma(words: str) -> str:
    """The noun phrase with its head in the singular: the last word, or the word before "of"
    ("ministers of defence" -> "minister of defence"); modifiers are kept as written."""
    parts = words.split()
    if not parts:
        return words
    head = parts.index("of") - 1 if "of" in parts[1:] else len(parts) - 1
    parts[head] = singular(parts[head])
    return " ".join(parts)


def norm(raw: str) -> str:
    """A dictionary word as we write it: lower case, spaces for underscores, no markers."""
    text = raw.strip().lstrip("+").lower().replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip(" .")
    return text


# --------------------------------------------------------------------------------------------
# Code tables

def parse_code(text: str | None) -> str | None:
    """`[190]` -> '190', `[042:043]` -> '042', `[:173]` -> '173', `[---]` -> NO_EVENT."""
    if text is None:
        return None
    inner = text.strip().strip("[]").strip()
    if not inner:
        return None
    if inner.startswith("-"):
        return NO_EVENT
    parts = [p.strip() for p in inner.split(":")]
    for part in parts:
        m = re.match(r"\d{2,4}", part)
        if m:
            return m.group(0)
    return None


def read_cameo2plover(path: Path) -> dict[str, dict]:
    """CAMEO code -> {plover, mode, context} from the 2021 conversion table (first row wins)."""
    table: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("~~"):
            break
        body = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", body)
        if not m:
            continue
        code, rest = m.groups()
        fields = [f.strip() for f in rest.split(",")]
        plover = fields[0].lower() if fields and fields[0] else None
        mode = fields[1].strip().lower() if len(fields) > 1 and fields[1].strip() else None
        context = fields[2].strip().lower() if len(fields) > 2 and fields[2].strip() else None
        if code not in table:
            table[code] = {"plover": plover, "mode": mode, "context": context}
    return table


class CodeMapper:
    """CAMEO code -> our {plover, mode, context}, with the extras' supplement and mode names."""

    def __init__(self, table: dict[str, dict], extras: dict):
        self.table = table
        self.supplement = {str(k): v for k, v in (extras.get("cameo_plover_supplement") or {}).items()}
        self.plover_modes = extras.get("plover_modes") or {}
        self.cameo_modes = {str(k): v for k, v in (extras.get("cameo_modes") or {}).items()}
        self.unmapped: Counter = Counter()

    def _row(self, code: str) -> dict | None:
        for n in range(len(code), 1, -1):
            prefix = code[:n]
            if prefix in self.supplement:
                return self.supplement[prefix]
            if prefix in self.table:
                return self.table[prefix]
        return None

    def map(self, code: str | None) -> dict | None:
        if code is None or code == NO_EVENT:
            return None
        row = self._row(code)
        if row is None or not row.get("plover"):
            self.unmapped[code[:2]] += 1
            return None
        plover = str(row["plover"]).lower()
        mode = row.get("mode")
        if mode:
            mode = self.plover_modes.get(mode, mode.replace("-", "_"))
        for n in range(len(code), 2, -1):
            if code[:n] in self.cameo_modes:
                mode = self.cameo_modes[code[:n]]
                break
        entry = {"cameo": code, "plover": plover, "mode": mode or None}
        if row.get("context"):
            entry["context"] = row["context"]
        return entry


# --------------------------------------------------------------------------------------------
# CAMEO verb dictionary

@dataclass
class Pattern:
    before: list[str]
    after: list[str]
    code: str | None
    comment: str
    seq: int


@dataclass
class Block:
    name: str
    code: str | None
    entries: list[tuple[str, str | None, int]] = field(default_factory=list)  # (raw word, code, seq)
    forms: dict[str, list[str]] = field(default_factory=dict)                 # raw word -> forms
    patterns: list[Pattern] = field(default_factory=list)


TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")
MARKERS = {"$", "+", "^", "%", "|"}


def tokens(text: str) -> list[str]:
    return [t for t in TOKEN.findall(text) if t not in MARKERS]


def read_cameo(path: Path) -> tuple[dict[str, list[str]], list[Block]]:
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    section = "header"
    current_set: str | None = None
    block: Block | None = None
    seq = 0
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if "SYNONYM SETS" in line and line.startswith("#"):
            section = "sets"
            continue
        if "VERB PATTERNS" in line and line.startswith("#"):
            section = "verbs"
            continue
        if "TRANSFORMATIONS" in line and line.startswith("#"):
            section = "done"
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or section in ("header", "done"):
            continue
        seq += 1
        if section == "sets":
            if stripped.startswith("&"):
                current_set = stripped.split()[0][1:]
                synsets[current_set] = []
            elif stripped.startswith("+") and current_set:
                synsets[current_set].append(stripped.split("#")[0].strip()[1:])
            continue
        # verb section
        if stripped.startswith("---"):
            m = re.match(r"^---\s+(\S+)\s+(\[[^\]]*\])", stripped)
            if m:
                block = Block(name=m.group(1), code=parse_code(m.group(2)))
                blocks.append(block)
            continue
        if block is None or stripped.startswith("~"):
            continue
        if stripped.startswith("-"):
            body, _, comment = stripped[1:].partition("#")
            codes = re.findall(r"\[[^\]]*\]", body)
            if not codes or "*" not in body:
                continue
            code = parse_code(codes[-1])
            body = body[: body.rfind("[")]
            before, _, after = body.partition("*")
            block.patterns.append(Pattern(tokens(before), tokens(after), code, comment.strip(), seq))
            continue
        body = re.split(r"[#;]", stripped, maxsplit=1)[0]
        code_m = re.search(r"\[[^\]]*\]", body)
        forms_m = re.search(r"\{([^}]*)\}", body)
        word = re.split(r"[\[{]", body, maxsplit=1)[0].strip()
        if not word or " " in word:
            continue
        block.entries.append((word, parse_code(code_m.group(0)) if code_m else None, seq))
        if forms_m:
            block.forms.setdefault(word, []).extend(forms_m.group(1).split())
    return synsets, blocks


def verb_lemma(raw: str) -> str:
    text = norm(raw)
    if text.startswith("re ") and len(text.split()) >= 2:
        text = "re-" + text[3:]
    return text


@dataclass
class Vote:
    tier: int
    code: str | None
    seq: int


def choose(votes: list[Vote]) -> Vote:
    """Lowest tier, then the most frequent code, then the earliest."""
    best_tier = min(v.tier for v in votes)
    tier_votes = [v for v in votes if v.tier == best_tier]
    counts = Counter(v.code for v in tier_votes)
    top = max(counts.values())
    return min((v for v in tier_votes if counts[v.code] == top), key=lambda v: v.seq)


class CameoReader:
    """Turns the parsed dictionary into verb, verb + object and verb + preposition votes."""

    def __init__(self, synsets: dict[str, list[str]], blocks: list[Block],
                 set_limits: dict[str, list[str]] | None = None):
        self.synsets = synsets
        self.set_limits = {k: set(v) for k, v in (set_limits or {}).items()}
        self.blocks = blocks
        self.verb_votes: dict[str, list[Vote]] = defaultdict(list)
        self.phrasal_votes: dict[str, list[Vote]] = defaultdict(list)
        self.object_votes: dict[tuple[str, str], list[Vote]] = defaultdict(list)
        self.prep_votes: dict[tuple[str, str], list[Vote]] = defaultdict(list)
        self.literal_objects: set[tuple[str, str]] = set()   # objects written out, not from a set
        self.stats: Counter = Counter()
        self.listings: Counter = Counter()     # lemma -> number of listings (any code)
        self.form_of: dict[str, str] = {}
        for block in blocks:
            for word, forms in block.forms.items():
                for form in forms:
                    f = verb_lemma(form)
                    if f and f != verb_lemma(word):
                        self.form_of.setdefault(f, verb_lemma(word))
        self.all_lemmas = {verb_lemma(w) for b in blocks for w, _, _ in b.entries}

    def base_of(self, lemma: str) -> str | None:
        """The verb a listed fragment or inflected form stands for ('killed and' -> 'kill')."""
        first = lemma.split()[0]
        if first in self.form_of:
            return self.form_of[first]
        for cut in (2, 1, 3):
            if first.endswith(("ed", "d")) and first[:-cut] in self.all_lemmas:
                return first[:-cut]
        return None

    def is_fragment(self, lemma: str) -> bool:
        """Listings that are not verb lemmas: conjoined fragments ("killed and"), copula
        phrases ("is determined") and inflected forms of a listed verb ("touring")."""
        words = lemma.split()
        if any(w in ("and", "or") for w in words) or words[0] in ("is", "was", "are", "be"):
            return True
        if lemma in self.form_of:
            return True
        first = words[0]
        if first.endswith("ing") and first not in self.all_lemmas:
            stem = first[:-3]
            if {stem, stem + "e", stem[:-1]} & self.all_lemmas:
                return True
        return (first.endswith("ed") and first not in self.all_lemmas
                and self.base_of(lemma) is not None)

    def set_words(self, name: str) -> list[str]:
        """The words of a synonym set; equipment model numbers (F-16, MI-24VM/HIND) left out,
        and sets limited by the extras (`object_set_limits`) cut down to the listed words."""
        name = name.lstrip("&")
        words = [norm(w) for w in self.synsets.get(name, [])
                 if norm(w) and not re.search(r"[\d/]", w)]
        if name in self.set_limits:
            words = [w for w in words if w in self.set_limits[name]]
        return words

    @staticmethod
    def phrase_key(tok: str) -> str | None:
        """A written-out multiword object ("{AIR RAID}") as a key of its own, head singular."""
        if not tok.startswith("{") or "&" in tok:
            return None
        text = norm(" ".join(tokens(tok.strip("{}"))))
        if len(text.split()) < 2 or not re.fullmatch(r"[a-z][a-z' -]*", text):
            return None
        return phrase_lemma(text)

    def heads(self, tok: str) -> list[tuple[str, bool, bool]]:
        """Object head lemmas of a pattern element: (head, came from a phrase, came from a set)."""
        if tok.startswith("{"):
            words = tokens(tok.strip("{}"))
            if not words:
                return []
            last = words[-1]
            if last.startswith("&"):
                return [(singular(w.split()[-1]), True, True) for w in self.set_words(last)]
            last = norm(last)
            return [(singular(last.split()[-1]), True, False)] if last else []
        if tok.startswith("&"):
            return [(singular(w.split()[-1]), len(w.split()) > 1, True) for w in self.set_words(tok)]
        word = norm(tok)
        if not word or not re.match(r"^[a-z][a-z'-]*$", word):
            return []
        return [(singular(word), False, False)]

    def run(self) -> None:
        for block in self.blocks:
            members: list[str] = []
            for word, code, seq in block.entries:
                lemma = verb_lemma(word)
                if not lemma:
                    continue
                if self.is_fragment(lemma):
                    self.stats["fragment or inflected listing skipped"] += 1
                    continue
                members.append(lemma)
                self.listings[lemma] += 1
                own = code if code is not None else block.code
                if own is None or own == NO_EVENT:
                    self.stats["listing with no code"] += 1
                    continue
                self.verb_votes[lemma].append(Vote(0, own, seq))
            member_set = set(members)
            for pattern in block.patterns:
                self._pattern(block, pattern, members, member_set)

    def _targets(self, block: Block, pattern: Pattern, members: list[str],
                 member_set: set[str]) -> tuple[list[str], bool]:
        named = []
        for raw in re.findall(r"[A-Z][A-Z_'-]*[A-Z]", pattern.comment):
            lemma = verb_lemma(raw)
            if lemma in member_set:
                named.append(lemma)
            else:
                base = self.base_of(lemma) if lemma else None
                if base in member_set:
                    named.append(base)
                elif lemma in self.form_of and self.form_of[lemma] in member_set:
                    named.append(self.form_of[lemma])
        if named:
            return sorted(set(named), key=named.index), True
        self.stats["pattern applied to its whole block"] += 1
        return list(dict.fromkeys(members)), False

    def _pattern(self, block: Block, pattern: Pattern, members: list[str], member_set: set[str]) -> None:
        if pattern.before:
            self.stats["pattern with a subject constraint skipped"] += 1
            return
        after = list(pattern.after)
        if not after:
            return
        targets, named = self._targets(block, pattern, members, member_set)
        for verb in targets:
            key = verb
            rest = after
            first = norm(rest[0]) if not rest[0].startswith(("(", "{", "&")) else ""
            if first in PARTICLES:
                if not named:      # a block-wide "- * BACK" would make "govern back" a verb
                    continue
                key = f"{verb} {first}"
                rest = rest[1:]
                if not rest:
                    self.phrasal_votes[key].append(Vote(0, pattern.code, pattern.seq))
                    continue
            head_tok = rest[0]
            more = len(rest) > 1
            if head_tok.startswith("("):
                inner = tokens(head_tok.strip("()"))
                if not inner or inner[0].startswith(("&", "{")):
                    continue
                prep = norm(inner[0])
                if not re.match(r"^[a-z]+$", prep):
                    continue
                tier = 0 if len(inner) == 1 and not more else 1
                self.prep_votes[(key, prep)].append(Vote(tier, pattern.code, pattern.seq))
                self.stats["preposition pattern"] += 1
                continue
            phrase = self.phrase_key(head_tok)
            if phrase:          # "{AIR RAID}" is also kept whole: "air raid"
                self.object_votes[(key, phrase)].append(Vote(1 if more else 0, pattern.code,
                                                             pattern.seq))
                self.literal_objects.add((key, phrase))
            for head, from_phrase, from_set in self.heads(head_tok):
                if not head or head in NOT_HEADS or head in PARTICLES:
                    continue
                tier = 2 if from_phrase else (1 if more else 0)
                self.object_votes[(key, head)].append(Vote(tier, pattern.code, pattern.seq))
                if not from_set:
                    self.literal_objects.add((key, head))
                self.stats["object pattern"] += 1


# --------------------------------------------------------------------------------------------
# Phoenix agents

def read_agents(path: Path, extras: dict, report: list[str]) -> tuple[dict[str, dict], Counter]:
    sectors = extras.get("agent_sectors") or {}
    secondary = set(extras.get("agent_secondary_codes") or [])
    head_sectors = extras.get("agent_head_sectors") or {}
    drop_heads = set(extras.get("agent_drop_heads") or [])
    subs: dict[str, list[str]] = {}
    out: dict[str, dict] = {}
    stats: Counter = Counter()
    pending: list[str] = []
    conflicts: list[str] = []
    unknown_codes: Counter = Counter()

    def sector_of(code: str) -> str:
        letters = code.replace("~", "")
        parts = [letters[i:i + 3] for i in range(0, len(letters), 3)]
        primary = next((p for p in parts if p not in secondary), parts[0] if parts else "")
        if primary not in sectors:
            unknown_codes[primary] += 1
            return primary.lower()
        return sectors[primary]

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^!(\w+)!\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        code_m = re.search(r"\[([^\]]*)\]", line)
        word = re.split(r"[\[{]", line, maxsplit=1)[0].strip()
        if not word:
            continue
        if not code_m:
            pending.append(word)       # takes the code of the next coded line
            continue
        code = code_m.group(1).strip()
        for w in pending + [word]:
            for variant in expand_subs(w, subs):
                add_agent(variant, code, sector_of(code), out, stats, conflicts, head_sectors,
                          drop_heads)
        pending = []
    conflicts = list(dict.fromkeys(conflicts))
    if conflicts:
        report.append(f"agents: {len(conflicts)} nouns coded twice in Phoenix (first kept): "
                      + "; ".join(conflicts[:12]) + (" ..." if len(conflicts) > 12 else ""))
    if unknown_codes:
        report.append("agents: Phoenix codes with no sector name: " + ", ".join(
            f"{c} ({n})" for c, n in sorted(unknown_codes.items())))
    return out, stats


def expand_subs(word: str, subs: dict[str, list[str]]) -> list[str]:
    m = re.search(r"!(\w+)!", word)
    if not m or m.group(1) not in subs:
        return [word]
    out = []
    for rep in subs[m.group(1)]:
        out.extend(expand_subs(word[:m.start()] + rep + word[m.end():], subs))
    return out


def add_agent(raw: str, code: str, sector: str, out: dict, stats: Counter, conflicts: list,
              head_sectors: dict, drop_heads: set) -> None:
    text = norm(raw)
    text = re.sub(r"^(?:the|a|an) ", "", text)
    if raw.rstrip("_ ").endswith(".") or re.search(r"\b[a-z]{1,4}\. ", text):
        stats["phoenix entry skipped (abbreviation)"] += 1
        return
    if not text or re.search(r"\d|'s\b", text) or not AGENT_WORD.match(text):
        stats["phoenix entry skipped (digits, possessives or symbols)"] += 1
        return
    words = text.split()
    if words[-1] in NOT_HEADS:
        stats["phoenix entry skipped (ends in a function word)"] += 1
        return
    lemma = phrase_lemma(text)
    head = lemma.split()[-1]
    if head in drop_heads or text.split()[-1] in drop_heads or lemma in drop_heads:
        stats["phoenix entry dropped (not an actor)"] += 1
        return
    sector = head_sectors.get(head, sector)
    entry = {"sector": sector, "phoenix": code}
    if lemma in out:
        if out[lemma]["sector"] != sector:
            conflicts.append(f"{lemma} {out[lemma]['phoenix']}/{code}")
        stats["phoenix duplicate"] += 1
        return
    out[lemma] = entry
    stats["phoenix agent"] += 1


# --------------------------------------------------------------------------------------------
# Extras

class _UniqueKeyLoader(yaml.SafeLoader):
    pass


def _unique_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise SystemExit(f"{EXTRAS_FILE.name}: duplicate key {key!r} at line "
                             f"{key_node.start_mark.line + 1}")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_extras(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_UniqueKeyLoader) or {}


ENTRY_KEYS = ("cameo", "plover", "mode", "context", "acled_subtype")


def clean_entry(src: dict, base: dict | None = None) -> dict:
    """An output entry from an extras entry (notes dropped); keeps the CAMEO code and context of
    `base` when the extras entry does not give its own and the PLOVER type is unchanged."""
    out = {"cameo": None, "plover": None, "mode": None}
    if base:
        out["cameo"] = base.get("cameo")
        if base.get("plover") == src.get("plover") and base.get("context"):
            out["context"] = base["context"]
    for key in ENTRY_KEYS:
        if key in src and src[key] is not None:
            out[key] = str(src[key])
    out["mode"] = src.get("mode")
    return out


# --------------------------------------------------------------------------------------------
# Building

def build(shared: Path, extras: dict) -> tuple[dict, dict, dict, list[str]]:
    src = shared / "datasets" / "event-coding"
    report: list[str] = []
    table = read_cameo2plover(src / PLOVER_FILE)
    mapper = CodeMapper(table, extras)
    synsets, blocks = read_cameo(src / CAMEO_FILE)
    reader = CameoReader(synsets, blocks, extras.get("object_set_limits"))
    reader.run()
    report.append(f"CAMEO: {len(blocks)} verb blocks, {len(synsets)} synonym sets, "
                  f"{sum(len(b.entries) for b in blocks)} verb listings, "
                  f"{sum(len(b.patterns) for b in blocks)} patterns")
    for key, n in sorted(reader.stats.items()):
        report.append(f"  {key}: {n}")

    # ---- verbs
    verbs: dict[str, dict] = {}
    conflicts = []
    dropped_statements = 0
    for lemma, votes in reader.verb_votes.items():
        chosen = choose(votes)
        entry = mapper.map(chosen.code)
        types = {(mapper.map(v.code) or {}).get("plover") for v in votes}
        types.discard(None)
        if len(types) > 1:
            codes = Counter(v.code for v in votes)
            conflicts.append(f"{lemma}: " + ", ".join(f"{c}x{n}" for c, n in sorted(codes.items()))
                             + f" -> {chosen.code}")
        if entry is None:
            dropped_statements += 1
            continue
        verbs[lemma] = entry
    phrasal_added = 0
    for lemma, votes in reader.phrasal_votes.items():
        if lemma in verbs or lemma in reader.listings:
            continue
        entry = mapper.map(choose(votes).code)
        if entry:
            verbs[lemma] = entry
            phrasal_added += 1
    report.append(f"verbs: {len(verbs)} from CAMEO ({phrasal_added} phrasal verbs from patterns); "
                  f"{dropped_statements} dropped as no PLOVER type (statements, CAMEO 01)")
    report.append(f"verbs listed in several blocks with different PLOVER types: {len(conflicts)} "
                  "(most frequent code kept, first on a tie)")
    for c in sorted(conflicts):
        report.append(f"  conflict {c}")

    # ---- stop verbs, non-trigger verbs, light verbs: typed by their objects, never alone
    for list_name, label in (("stop_verbs", "stop verbs"),
                             ("non_trigger_verbs", "non-trigger verbs (CAMEO block defaults)"),
                             ("light_verbs", "light verbs")):
        counts = {}
        for word in extras.get(list_name) or []:
            word = str(word)
            counts[word] = reader.listings.get(word, 0) if word in verbs else 0
            verbs.pop(word, None)
        report.append(f"{label}: {len(counts)} words removed "
                      f"{sum(1 for n in counts.values() if n)} verbs "
                      f"({sum(counts.values())} CAMEO listings); per word (listings removed):")
        report.append("  " + ", ".join(f"{w} {n}" for w, n in counts.items()))

    # ---- verb objects, verb preps
    verb_objects: dict[str, dict[str, dict]] = defaultdict(dict)
    non_event: dict[str, set] = defaultdict(set)
    for (verb, head), votes in reader.object_votes.items():
        chosen = choose(votes)
        if chosen.code == NO_EVENT:
            if chosen.tier == 0 and (verb, head) in reader.literal_objects:
                non_event[verb].add(head)
            continue
        entry = mapper.map(chosen.code)
        if entry:
            verb_objects[verb][head] = entry
    verb_preps: dict[str, dict[str, dict]] = defaultdict(dict)
    for (verb, prep), votes in reader.prep_votes.items():
        entry = mapper.map(choose(votes).code)
        if entry:
            verb_preps[verb][prep] = entry

    cameo_objects = {v: dict(d) for v, d in verb_objects.items()}   # before the extras

    # ---- extras win
    extra_verbs = extras.get("verbs") or {}
    removed_by_extras = []
    for lemma, spec in extra_verbs.items():
        lemma = str(lemma)
        if spec.get("plover") is None:
            if verbs.pop(lemma, None) is not None:
                removed_by_extras.append(lemma)
            continue
        verbs[lemma] = clean_entry(spec, verbs.get(lemma))
    report.append(f"extras: {len(extra_verbs)} verb entries; removed as non-triggers: "
                  + ", ".join(sorted(removed_by_extras)))
    known = set(verbs) | set(reader.listings)
    for lemma, spec in extra_verbs.items():     # "lay siege" -> lay + siege; "fire on" -> fire + on
        parts = str(lemma).split()
        if len(parts) != 2 or spec.get("plover") is None or parts[0] not in known:
            continue
        if parts[1] in PARTICLES:
            continue
        if parts[1] in ("on", "at", "for", "to", "with", "against", "upon"):
            verb_preps[parts[0]].setdefault(parts[1], clean_entry(spec))
        else:
            verb_objects[parts[0]].setdefault(singular(parts[1]), clean_entry(spec))
    for section, target in (("verb_objects", verb_objects), ("verb_preps", verb_preps)):
        for verb, items in (extras.get(section) or {}).items():
            for word, spec in items.items():
                word = str(word)
                if spec.get("plover") is None:
                    target[str(verb)].pop(word, None)
                    if section == "verb_objects":
                        non_event[str(verb)].add(word)
                    continue
                target[str(verb)][word] = clean_entry(spec, target[str(verb)].get(word))
                non_event[str(verb)].discard(word)
    verb_objects = {v: d for v, d in verb_objects.items() if d}
    verb_preps = {v: d for v, d in verb_preps.items() if d}
    non_event = {v: sorted(s) for v, s in non_event.items() if s}

    # ---- nouns
    light = sorted({str(v) for v in extras.get("light_verbs") or []})
    noun_stop = set(extras.get("noun_stop") or [])
    noun_votes: dict[str, list[dict]] = defaultdict(list)
    for verb in extras.get("noun_source_verbs") or []:
        for noun, entry in cameo_objects.get(str(verb), {}).items():
            if (noun in noun_stop or (str(verb), noun) not in reader.literal_objects
                    or not re.match(r"^[a-z][a-z -]+$", noun) or len(noun) < 3):
                continue
            noun_votes[noun].append(entry)
    nouns: dict[str, dict] = {}
    unclear = []
    for noun, entries in noun_votes.items():
        types = Counter(e["plover"] for e in entries)
        plover, top = types.most_common(1)[0]
        if top * 2 <= len(entries):       # no majority: the noun does not say what happened
            unclear.append(f"{noun} ({'/'.join(sorted(types))})")
            continue
        entries = [e for e in entries if e["plover"] == plover]
        codes = Counter(e["cameo"] for e in entries)
        most = max(codes.values())
        code = min(c for c in codes if codes[c] == most)
        entry = next(e for e in entries if e["cameo"] == code)
        nouns[noun] = {k: entry[k] for k in ENTRY_KEYS if k in entry}
    report.append(f"nouns: {len(nouns)} from CAMEO objects of the noun source verbs; "
                  f"{len(unclear)} left out as unclear: " + ", ".join(sorted(unclear)))
    extra_nouns = extras.get("nouns") or {}
    for noun, spec in extra_nouns.items():
        noun = str(noun)
        if spec.get("plover") is None:
            nouns.pop(noun, None)
            continue
        nouns[noun] = clean_entry(spec, nouns.get(noun))

    # ---- agents
    agents, agent_stats = read_agents(src / AGENTS_FILE, extras, report)
    for key, n in sorted(agent_stats.items()):
        report.append(f"  {key}: {n}")
    for lemma, spec in (extras.get("agents") or {}).items():
        lemma = str(lemma)
        entry = {"sector": str(spec["sector"])}
        if lemma in agents and agents[lemma].get("phoenix"):
            entry["phoenix"] = agents[lemma]["phoenix"]
        agents[lemma] = entry

    # ---- checks
    for name, section in (("verbs", verbs), ("nouns", nouns)):
        bad = [k for k, e in section.items() if e["plover"] not in PLOVER_TYPES]
        if bad:
            raise SystemExit(f"{name}: unknown PLOVER types for {bad[:10]}")
    for name, section in (("verb_objects", verb_objects), ("verb_preps", verb_preps)):
        bad = [f"{v} {w}" for v, d in section.items() for w, e in d.items()
               if e["plover"] not in PLOVER_TYPES]
        if bad:
            raise SystemExit(f"{name}: unknown PLOVER types for {bad[:10]}")
    documented = set(extras.get("modes") or {})
    used = Counter(e.get("mode") for e in verbs.values())
    used.update(e.get("mode") for d in verb_objects.values() for e in d.values())
    used.update(e.get("mode") for d in verb_preps.values() for e in d.values())
    used.update(e.get("mode") for e in nouns.values())
    used.pop(None, None)
    undocumented = sorted(m for m in used if m not in documented)
    report.append("modes used that come from PLOVER 2021 unchanged (not in extras `modes`): "
                  + ", ".join(undocumented))
    if mapper.unmapped:
        report.append("CAMEO code roots with no PLOVER type (dropped): " + ", ".join(
            f"{c} ({n})" for c, n in sorted(mapper.unmapped.items())))

    verbs_doc = {"verbs": verbs, "verb_objects": verb_objects, "verb_preps": verb_preps,
                 "non_event_objects": non_event}
    nouns_doc = {"light_verbs": light, "nouns": nouns}
    agents_doc = {"agents": agents}
    return verbs_doc, nouns_doc, agents_doc, report


# --------------------------------------------------------------------------------------------
# Writing (our own compact layout: block sections, one flow mapping per entry, sorted keys)

def scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, str) and re.fullmatch(r"[0-9:.+-]+", value):
        return '"' + value + '"'        # CAMEO codes: "080" must stay a string in any YAML reader
    text = yaml.safe_dump(value, default_flow_style=True, width=10 ** 9, allow_unicode=True)
    text = text.strip()
    if text.endswith("\n..."):
        text = text[:-4].strip()
    elif text.endswith("..."):
        text = text[:-3].strip()
    return text


def flow(entry: dict) -> str:
    keys = [k for k in ENTRY_KEYS if k in entry] + sorted(k for k in entry if k not in ENTRY_KEYS)
    return "{" + ", ".join(f"{k}: {scalar(entry[k])}" for k in keys) + "}"


NESTED = {"verb_objects", "verb_preps"}


def emit(doc: dict, header: str, comments: dict[str, str]) -> str:
    lines = [header.rstrip(), ""]
    for section, body in doc.items():
        if comments.get(section):
            lines.extend("# " + c if c else "#" for c in comments[section].split("\n"))
        if isinstance(body, list):
            lines.append(f"{section}:")
            lines.extend(f"  - {scalar(x)}" for x in body)
        elif not body:
            lines.append(f"{section}: {{}}")
        else:
            lines.append(f"{section}:")
            for key in sorted(body):
                value = body[key]
                if isinstance(value, list):
                    lines.append(f"  {scalar(key)}: [" + ", ".join(scalar(x) for x in value) + "]")
                elif section in NESTED:
                    lines.append(f"  {scalar(key)}:")
                    for sub in sorted(value):
                        lines.append(f"    {scalar(sub)}: {flow(value[sub])}")
                else:
                    lines.append(f"  {scalar(key)}: {flow(value)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


HEADER_CAMEO = """\
# GENERATED by training/event_vocabulary.py -- do not edit by hand: edit the script or
# event_triggers_extra.yaml and re-run `python training/event_vocabulary.py`.
#
# Sources: CAMEO.2.0.txt (PETRARCH2 CAMEO verb-pattern dictionary, MIT License,
# (c) 2015 Open Event Data Alliance; see LICENSE-petrarch2.txt), CAMEO2PLOVER-2021.txt (PLOVER
# manual draft 0.8, CC BY-SA 4.0, Open Event Data Alliance / PLOVER project), and the project's
# own event_triggers_extra.yaml. Because the CAMEO-to-PLOVER mapping is CC BY-SA 4.0, this file
# is distributed under CC BY-SA 4.0. See EVENT_VOCABULARY_LICENSE.md."""


def verbs_header() -> str:
    return HEADER_CAMEO + """
#
# Entries: cameo (CAMEO code, a string, or null for the project's own), plover (PLOVER 2021 type,
# lower case), mode (our mode, see event_triggers_extra.yaml `modes`), context (PLOVER context,
# when the table gives one), acled_subtype (only where the word alone decides the ACLED
# sub-event type). Keys are lemmas, lower case; phrasal and multiword verbs use spaces."""


def nouns_header() -> str:
    return HEADER_CAMEO + """
#
# Event nouns: what a trigger can be when it is a noun ("the attack", "an airstrike"), alone or as
# the object of a light verb ("launched an attack" is an assault). Keys are lemmas; multiword
# nouns as written ("suicide bombing", "air strike"). Built from the nouns that CAMEO's patterns
# give the light verbs, where they agree on one PLOVER type, and from event_triggers_extra.yaml."""


def agents_header(extras: dict) -> str:
    sectors = extras.get("agent_sectors") or {}
    pairs = [f"{k}->{v}" for k, v in sectors.items()]
    mapping = []
    line = "#  "
    for p in pairs:
        if len(line) + len(p) + 2 > 98:
            mapping.append(line.rstrip(","))
            line = "#  "
        line += " " + p + ","
    mapping.append(line.rstrip(","))
    return ("""\
# GENERATED by training/event_vocabulary.py -- do not edit by hand: edit the script or
# event_triggers_extra.yaml and re-run `python training/event_vocabulary.py`.
#
# Nominal actor nouns -> sector. Sources: Phoenix.agents.txt (MIT License, (c) 2014 Open Event
# Data Alliance; Computational Event Data System Project) and the project's own
# event_triggers_extra.yaml (`agents`, which win). See EVENT_VOCABULARY_LICENSE.md.
#
# Keys: the singular lemma of the head noun with its modifiers as written, lower case, spaces
# for underscores, !PERSON! expanded (policeman, policewoman, ...). `phoenix` is the Phoenix code
# the entry came from. Phoenix entries that are buildings, equipment or abstractions (prison,
# hospital, missile, insurgency) are left out.
#
# Phoenix sector codes -> our sectors (composite codes such as ~GOVMIL take their first part;
# a religion part gives way to the part after it, ~UAFMUS -> UAF, ~MUSRAD -> RAD):
""" + "\n".join(mapping) + """
# Our conflict sectors: military, police, rebels, militia, civilians, protesters, rioters,
# unidentified_armed_group (gunmen, assailants, attackers), criminals (bandits, kidnappers,
# cartels); protesters/rioters/militia also by head word (agent_head_sectors in the extras).""")


def render(shared: Path, quiet: bool) -> dict[Path, str]:
    extras = load_extras(EXTRAS_FILE)
    verbs_doc, nouns_doc, agents_doc, report = build(shared, extras)
    files = {
        OUT_VERBS: emit(verbs_doc, verbs_header(), {
            "verbs": "Verbs that are event triggers on their own.",
            "verb_objects": "Verb + object head noun (lemma) where the object decides the type "
                            "(\"cut aid\" vs \"cut ties\").\nPhrasal verbs are keyed with their "
                            "particle (\"set off\": bomb).",
            "verb_preps": "Verb + preposition (\"fire on\", \"call for\", \"look into\").",
            "non_event_objects": "Objects that make the verb not an event (CAMEO patterns coded "
                                 "[---] and extras with plover: null):\n\"fight corruption\", "
                                 "\"kill himself\" is not an assault.",
        }),
        OUT_NOUNS: emit(nouns_doc, nouns_header(), {
            "light_verbs": "With these verbs the object noun is the event (\"carried out "
                           "airstrikes\", \"staged a protest\").",
            "nouns": "",
        }),
        OUT_AGENTS: emit(agents_doc, agents_header(extras), {}),
    }
    for path, text in files.items():   # the layout must read back as the data it was made from
        doc = {OUT_VERBS: verbs_doc, OUT_NOUNS: nouns_doc, OUT_AGENTS: agents_doc}[path]
        if yaml.safe_load(text) != _plain(doc):
            raise SystemExit(f"internal error: {path.name} does not read back as written")
    counts = {
        "verbs": len(verbs_doc["verbs"]),
        "verb_objects": sum(len(d) for d in verbs_doc["verb_objects"].values()),
        "verb_objects (verbs)": len(verbs_doc["verb_objects"]),
        "verb_preps": sum(len(d) for d in verbs_doc["verb_preps"].values()),
        "non_event_objects": sum(len(d) for d in verbs_doc["non_event_objects"].values()),
        "nouns": len(nouns_doc["nouns"]),
        "light_verbs": len(nouns_doc["light_verbs"]),
        "agents": len(agents_doc["agents"]),
    }
    report.append("counts: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    report.extend(spot_check(verbs_doc, nouns_doc, agents_doc))
    if not quiet:
        print("\n".join(report))
    return files


def _plain(doc):
    if isinstance(doc, dict):
        return {k: _plain(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_plain(v) for v in doc]
    return doc


# (section, key, sub-key or None, accepted PLOVER types, expected mode or None = any)
SPOT_CHECKS = [
    ("verbs", "attack", None, {"assault"}, None),
    ("verbs", "bomb", None, {"assault"}, None),
    ("verbs", "shell", None, {"assault"}, "shelling"),
    ("verbs", "ambush", None, {"assault"}, "ambush"),
    ("verbs", "kill", None, {"assault"}, None),
    ("verbs", "abduct", None, {"assault"}, "abduction"),
    ("verbs", "arrest", None, {"coerce"}, "arrest"),
    ("verbs", "detain", None, {"coerce"}, "arrest"),
    ("verbs", "threaten", None, {"threaten"}, None),
    ("verbs", "warn", None, {"threaten", "accuse"}, None),
    ("verbs", "agree", None, {"agree"}, None),
    ("verbs", "sign", None, {"agree", "support"}, None),
    ("verbs", "meet", None, {"consult"}, None),
    ("verbs", "visit", None, {"consult"}, None),
    ("verbs", "accuse", None, {"accuse"}, None),
    ("verbs", "condemn", None, {"accuse"}, None),
    ("verbs", "criticize", None, {"accuse"}, None),
    ("verbs", "demand", None, {"request"}, None),
    ("verbs", "urge", None, {"request"}, None),
    ("verbs", "appeal", None, {"request"}, None),
    ("verbs", "reject", None, {"reject"}, None),
    ("verbs", "refuse", None, {"reject"}, None),
    ("verbs", "protest", None, {"protest"}, None),
    ("verbs", "demonstrate", None, {"protest"}, None),
    ("verbs", "sanction", None, {"sanction"}, None),
    ("verb_objects", "impose", "sanction", {"sanction"}, None),
    ("verbs", "withdraw", None, {"retreat"}, None),
    ("verbs", "release", None, {"retreat", "concede"}, None),
    ("verbs", "aid", None, {"aid"}, None),
    ("verbs", "donate", None, {"aid"}, None),
    ("verbs", "deploy", None, {"mobilize"}, None),
    ("verbs", "mobilize", None, {"mobilize"}, None),
    ("verbs", "cooperate", None, {"cooperate"}, None),
    ("verbs", "praise", None, {"support"}, None),
    ("verbs", "clash", None, {"assault"}, None),
    ("verbs", "fight", None, {"assault"}, None),
    ("verbs", "seize", None, {"coerce"}, None),
    ("nouns", "airstrike", None, {"assault"}, "airstrike"),
    ("nouns", "attack", None, {"assault"}, None),
    ("nouns", "protest", None, {"protest"}, None),
    ("nouns", "ceasefire", None, {"agree"}, None),
]


def spot_check(verbs_doc: dict, nouns_doc: dict, agents_doc: dict) -> list[str]:
    out = ["spot check:", f"  {'lemma':<22} {'cameo':<6} {'plover':<10} {'mode':<18} ok"]
    bad = 0
    for section, key, sub, types, mode in SPOT_CHECKS:
        table = nouns_doc["nouns"] if section == "nouns" else verbs_doc[section]
        entry = table.get(key)
        if sub is not None:
            entry = (entry or {}).get(sub)
        label = f"{key} {sub}" if sub else key
        if entry is None:
            out.append(f"  {label:<22} MISSING")
            bad += 1
            continue
        ok = entry["plover"] in types and (mode is None or entry.get("mode") == mode)
        bad += not ok
        out.append(f"  {label:<22} {str(entry.get('cameo')):<6} {entry['plover']:<10} "
                   f"{str(entry.get('mode')):<18} {'ok' if ok else 'WRONG'}")
    for noun, sector in (("police", "police"), ("soldier", "military"), ("rebel", "rebels"),
                         ("protester", "protesters"), ("gunman", "unidentified_armed_group"),
                         ("bandit", "criminals"), ("militia", "militia")):
        got = agents_doc["agents"].get(noun, {}).get("sector")
        bad += got != sector
        out.append(f"  agent {noun:<16} {str(got):<28} {'ok' if got == sector else 'WRONG'}")
    out.append(f"spot check: {bad} wrong")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared directory holding datasets/event-coding (default: ../shared)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the generated files are out of date")
    parser.add_argument("--quiet", action="store_true", help="print no report")
    args = parser.parse_args(argv)
    shared = args.shared.resolve()
    if not (shared / "datasets" / "event-coding" / CAMEO_FILE).exists():
        parser.error(f"no datasets/event-coding/{CAMEO_FILE} under {shared}")
    files = render(shared, args.quiet)
    if args.check:
        stale = [p.name for p, text in files.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        if not args.quiet:
            print(f"wrote {path.relative_to(REPO)} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
