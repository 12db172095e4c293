"""What every extractor needs to know about a sentence: its names, its source, its modality, its time.

    view = SentenceView.of(resolved, i)
    view.masked          the sentence with each name replaced by a slot ⟦k⟧ (k: view.mentions[k])
    source = Attribution.load().of(view)   -> who said it, and how sure
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from faultlines.data import load_yaml
from faultlines.dates import MONTHS, find_date, iso
from faultlines.extract.prefilter import Prefiltered, Screened
from faultlines.model import Span
from faultlines.resolve import LinkedMention, ResolvedDocument

SLOT = re.compile(r"⟦(\d+)⟧")
ORGANISATION_KINDS = {"armed_group", "faction", "government", "political_party", "international_org",
                      "organisation", "state"}


# Dependencies of a verb that shares the subject of the verb it hangs from: "has been fighting
# ... and is estimated to have" (conj, xcomp), auxiliaries, clauses.
_SHARES_SUBJECT = frozenset({"conj", "xcomp", "advcl", "acl", "relcl", "ccomp", "aux", "auxpass", "aux:pass"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "nsubj:pass"})


def governing_subjects(token: Token, shares: frozenset[str] = _SHARES_SUBJECT, steps: int = 8):
    """The subjects of the verb that governs `token`, and that verb: up the parse to the nearest
    verb, and from a verb with no subject of its own to the verb it completes or joins ("ISIS-K
    has been fighting the Taliban and is estimated to have 4,000 fighters"). ([], None) if none."""
    for _ in range(steps):
        if token.pos_ in ("VERB", "AUX"):
            subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
            if subjects:
                return subjects, token
            if token.dep_ not in shares:
                return [], None
        if token.head.i == token.i:
            return [], None
        token = token.head
    return [], None


def fits(mention: LinkedMention, kind: str) -> bool:
    """Whether a mention may fill a role of `kind`: an entity kind, or "actor" (anything but a
    place) or "organisation" (any actor but persons and communities)."""
    if kind == "actor":
        return mention.kind != "place"
    if kind == "organisation":
        return mention.kind in ORGANISATION_KINDS
    return mention.kind == kind


@dataclass(frozen=True)
class SentenceView:
    """One sentence of a resolved document, with its linked names."""

    index: int
    start: int
    end: int
    text: str
    mentions: tuple[LinkedMention, ...]
    published: str | None
    sentence: SpacySpan | None = field(default=None, compare=False, repr=False)
    resolved: ResolvedDocument | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, resolved: ResolvedDocument, index: int, sentences: list[SpacySpan] | None = None) -> SentenceView:
        sent = (sentences or resolved.sentences)[index]
        start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
        text = sent.text.strip()
        mentions = tuple(m for m in resolved.mentions_in(index) if m.end <= start + len(text))
        return cls(index, start, start + len(text), text, mentions, resolved.document.published, sent, resolved)

    @property
    def parsed(self) -> bool:
        """Whether the language pipeline gave this sentence a dependency parse."""
        return self.sentence is not None and self.sentence.doc.has_annotation("DEP")

    def token_at(self, offset: int) -> Token | None:
        """The token of the sentence that starts at or covers a document offset."""
        if self.sentence is None:
            return None
        return next((t for t in self.sentence if t.idx <= offset < t.idx + max(len(t.text), 1)), None)

    def mention_in(self, tokens: SpacySpan) -> LinkedMention | None:
        """The first actor named within a run of tokens (a subject's subtree)."""
        lo, hi = tokens.start_char, tokens.end_char
        return next((m for m in self.mentions if lo <= m.start and m.end <= hi and m.kind != "place"), None)

    @property
    def evidence(self) -> Span:
        return Span(self.start, self.end, self.text)

    @property
    def masked(self) -> str:
        """The sentence with names as slots and runs of spaces collapsed, for patterns."""
        return self._masked[0]

    @cached_property
    def folded(self) -> str:
        """The masked sentence case-folded, for telling which patterns cannot match it."""
        return self.masked.casefold()

    @cached_property
    def _masked(self) -> tuple[str, list[int], list[int]]:
        """The masked sentence, and for each of its characters where it starts and ends in the
        document (a slot's characters span its whole name)."""
        chars: list[tuple[str, int, int]] = []
        pos, previous = self.start, None
        for k, m in enumerate(self.mentions):
            gap = self.text[pos - self.start:m.start - self.start]
            after = self.text[m.end - self.start:m.end - self.start + 1]
            if previous and previous.entity_id == m.entity_id and gap.strip() == "(" and after == ")":
                pos = m.end + 1  # "the Rapid Support Forces (RSF)": one name, written twice
                continue
            chars += [(c, pos + i, pos + i + 1) for i, c in enumerate(gap)]
            chars += [(c, m.start, m.end) for c in f"⟦{k}⟧"]
            pos, previous = m.end, m
        chars += [(c, pos + i, pos + i + 1) for i, c in enumerate(self.text[pos - self.start:])]
        # Runs of spaces become one space; "the ISIS-K" reads as "ISIS-K", so patterns need not
        # allow for the article.
        collapsed: list[tuple[str, int, int]] = []
        for c in chars:
            if c[0].isspace():
                if collapsed and not collapsed[-1][0].isspace():
                    collapsed.append((" ", c[1], c[2]))
                continue
            collapsed.append(c)
        while collapsed and collapsed[-1][0] == " ":
            collapsed.pop()
        text = "".join(c[0] for c in collapsed)
        drop = {i for m in re.finditer(r"\b[Tt]he (?=⟦)", text) for i in range(m.start(), m.end())}
        kept = [c for i, c in enumerate(collapsed) if i not in drop]
        return "".join(c[0] for c in kept), [c[1] for c in kept], [c[2] for c in kept]

    def words_of(self, start: int, end: int) -> Span:
        """The document's own words behind masked[start:end]."""
        _, starts, ends = self._masked
        first, last = starts[start], ends[end - 1]
        return Span(first, last, self.text[first - self.start:last - self.start])

    def mention_at(self, slot: str) -> LinkedMention:
        return self.mentions[int(SLOT.fullmatch(slot).group(1))]  # type: ignore[union-attr]

    def unmask(self, masked: str) -> str:
        """Masked text back to words: '⟦0⟧ fighters' -> 'ISIS-K fighters'."""
        return SLOT.sub(lambda m: self.mentions[int(m.group(1))].text, masked)


@dataclass(frozen=True)
class Source:
    """Who a statement is attributed to (an entity id or words) and its modality."""

    attributed_to: str | None
    modality: str
    speaker: LinkedMention | None = None


class Attribution:
    """Reads 'according to X', 'X said that' and hedges from a sentence."""

    def __init__(self) -> None:
        cues = load_yaml("lexicons/attribution.yaml")
        verbs = "|".join(cues["speech_verbs"])
        self.according = Prefiltered(re.compile(
            r"(?:" + "|".join(cues["according"]) + r")\s+(?P<who>[^,;:.]+?)(?=[,;:.]|\s+there\b|$)", re.I
        ))
        self.speech = Prefiltered(re.compile(
            rf"(?P<who>(?:the\s+)?(?:⟦\d+⟧(?:\s+(?:investigators|officials|spokesman|spokesperson|"
            rf"monitors|experts|sources|researchers|officers|commanders))?|government|authorities|police|"
            rf"army|military|officials|residents of [^,]+?|witnesses|sources|analysts|diplomats|"
            rf"experts|observers|activists|aid groups|aid agencies|rights groups|investigators|"
            rf"a spokesman|a spokesperson))\s+(?:has\s+|have\s+|had\s+)?"
            rf"(?:also\s+)?(?P<verb>{verbs})\b", re.I,
        ))
        self.modality = Screened([(name, Prefiltered(_phrase_regex(words)))
                                  for name, words in cues["modality"].items()], lambda named: named[1])
        # Each sentence is asked again for every fact found in it: the answers are remembered.
        self._speaker = lru_cache(maxsize=256)(self._find_speaker)
        self.modality_of = lru_cache(maxsize=1024)(self._modality_of)

    def of(self, view: SentenceView, at: tuple[int, int] | None = None, modality: str | None = None,
           ignore: Collection[str] = ()) -> Source:
        """The source of a sentence; its modality is read from the clause around `at` (offsets
        into view.masked) when given: 'X, while the government has not said' negates no X. A
        `modality` the caller knows (from the parse) is taken instead; modalities in `ignore` are
        ones the caller reads itself, so finding their words in the sentence says nothing."""
        masked = view.masked
        if modality is None:
            # Hedges, negations and conditions come before what they qualify: the clause up to the
            # end of the fact ("X, a splinter group of Y, claimed the attack" claims no split).
            modality = self.modality_of(clause_around(masked, *at)[:at[1] - _clause_start(masked, at[0])]
                                        if at else masked)
            if modality in ignore:
                modality = "asserted"
        found = self._speaker(masked)
        if not found:
            return Source(None, modality)
        who = found.group("who").strip()
        slots = SLOT.findall(who)
        speaker = view.mentions[int(slots[0])] if slots else None
        verb = found.groupdict().get("verb") or ""
        if modality == "asserted":
            modality = "claimed" if verb.lower().startswith("claim") else "reported"
        if speaker and speaker.kind != "place":
            return Source(speaker.entity_id, modality, speaker)
        return Source(_clean_source(view.unmask(who)), modality)

    def _find_speaker(self, masked: str) -> re.Match[str] | None:
        folded = masked.casefold()
        return self.according.search(masked, folded) or self.speech.search(masked, folded)

    def _modality_of(self, masked: str) -> str:
        """Hedged, negated, conditional ... or asserted (`modality_of`, which remembers)."""
        masked = _MONTH_MAY.sub("", masked)  # "since May 2024" hedges nothing
        folded = masked.casefold()
        for name, pattern in self.modality.may_match(folded):
            if pattern.regex.search(masked):
                return name
        return "asserted"


_MONTH_MAY = re.compile(r"\bMay(?=\s+\d)|(?<=\d\s)May\b")
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:while|but|whereas|although)\b|\s+but\s+|\.\s", re.I)


def clause_around(text: str, start: int, end: int) -> str:
    """The clause of `text` that contains text[start:end]."""
    right = next((m.start() for m in _CLAUSE_BREAK.finditer(text, end)), len(text))
    return text[_clause_start(text, start):right]


def _clause_start(text: str, start: int) -> int:
    return max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)


def _phrase_regex(words: list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w])", re.I)


def _clean_source(words: str) -> str:
    words = re.sub(r"^(?:the|a|an)\s+", "", words.strip(), flags=re.I)
    return words.strip(" '\"‘’“”")


# Time expressions in a sentence, resolved against the publication date.
_SEASON = {"early": ("01", "04"), "mid": ("05", "08"), "late": ("09", "12")}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_COUNT_WORDS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
_COUNT = r"(?P<n>\d+|" + "|".join(_COUNT_WORDS) + r")"
_TIME_PATTERNS = [
    (re.compile(r"\bfirst (?P<n>two|three|four|five|six) months of (?P<y>(?:19|20)\d\d)\b", re.I),
     "first_months"),
    (re.compile(rf"\bwithin (?:the next )?{_COUNT} (?P<unit>years?|months?)\b", re.I), "within"),
    (re.compile(rf"\bsince (?:(?P<s>early|mid|late)[- ]|(?P<m>{_MONTH_NAMES})\.? )?(?P<y>(?:19|20)\d\d)\b", re.I),
     "since"),
    (re.compile(rf"\b(?P<m>{_MONTH_NAMES})\.? (?P<y>(?:19|20)\d\d)\b", re.I), "month"),
    (re.compile(r"\b(?P<s>early|mid|late)[- ](?P<y>(?:19|20)\d\d)\b", re.I), "season"),
    (re.compile(r"\b(?:in|by|during|of|until|from) (?P<y>(?:19|20)\d\d)\b", re.I), "year"),
    (re.compile(r"\blast year\b", re.I), "last_year"),
    (re.compile(r"\bthis year\b", re.I), "this_year"),
    (re.compile(r"\b(?:recently|lately|in recent (?:weeks|months))\b", re.I), "recently"),
]
RECENT_MONTHS = 6  # "recently": the half-year before publication


@dataclass(frozen=True)
class ReferenceDate:
    """An event other things are dated by: "since the Taliban took power"."""

    pattern: re.Pattern[str]
    date: str


@cache
def _reference_dates() -> list[ReferenceDate]:
    return [ReferenceDate(re.compile(r"\bsince (?:" + r["pattern"] + r")", re.I), r["date"])
            for r in load_yaml("lexicons/reference_dates.yaml")]



def time_of(text: str, published: str | None) -> str | None:
    """The first time expression in `text` as ISO 8601 ("2021", "2021-01/2021-02"), or None.

    Intervals run from their start to their end, "/" between: "since the Taliban took power"
    is 2021-08-15/<published>, "within two years" <published>/<published + 2 years>.
    """
    for reference in _reference_dates():
        if reference.pattern.search(text):
            return f"{reference.date}/{published or '..'}"
    for pattern, kind in _TIME_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        if kind in ("last_year", "this_year", "within", "recently"):
            if not published:
                continue
            year = int(published[:4])
            if kind == "within":
                n = m.group("n").lower()
                count = int(n) if n.isdigit() else _COUNT_WORDS[n]
                months = count * (12 if m.group("unit").lower().startswith("year") else 1)
                return f"{published}/{_shift(published, months)}"
            if kind == "recently":
                return f"{_shift(published, -RECENT_MONTHS)[:7]}/{published}"
            return f"{year - (1 if kind == 'last_year' else 0):04d}"
        year = int(m.group("y"))
        if kind == "first_months":
            return f"{year:04d}-01/{year:04d}-{_COUNT_WORDS[m.group('n').lower()]:02d}"
        if kind == "since":
            start = (f"{year}-{_SEASON[m.group('s').lower()][0]}" if m.group("s") else
                     iso(year, MONTHS[m.group("m").lower().rstrip(".")]) if m.group("m") else f"{year:04d}")
            return f"{start}/{published or '..'}"
        if kind == "month":  # "on 24 August 2024" is as precise as the day
            found = find_date(text)
            return found[0] if found else iso(year, MONTHS[m.group("m").lower().rstrip(".")])
        if kind == "season":
            # "mid-2020" is only as precise as the year; the half it falls in goes in the interval.
            first, last = _SEASON[m.group("s").lower()]
            return f"{year:04d}" if m.group("s").lower() == "mid" else f"{year}-{first}/{year}-{last}"
        return f"{year:04d}"
    return None


def _shift(published: str, months: int) -> str:
    """A partial ISO date moved by whole months, as precise as it was: 2021-11-09 + 24 -> 2023-11-09."""
    year, month = int(published[:4]), int(published[5:7]) if len(published) >= 7 else 1
    total = year * 12 + month - 1 + months
    shifted = f"{total // 12:04d}-{total % 12 + 1:02d}"
    if len(published) == 4:
        return shifted[:4]
    return shifted + published[7:10] if len(published) >= 10 else shifted
