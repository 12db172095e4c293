"""NLP: sentences, tokens (and, with a trained pipeline, tags, parse and NER), plus known names.

    nlp = load_language()            # the default pipeline, or any installed spaCy one by name
    doc = annotate(nlp, kb, text)    # a spaCy Doc whose `ents` include every name the KB knows
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.attrs import LOWER
from spacy.lang.en.stop_words import STOP_WORDS as _STOP_WORDS
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from faultlines.data import load_yaml
from faultlines.errors import ConfigError
from faultlines.kb import KnowledgeBase
from faultlines.kb.text import fold
from faultlines.nlp.provisional import ProvisionalRules, find_provisional

BLANK = "blank"  # spaCy's English tokenizer with a rule-based sentence splitter
DEFAULT = "faultlines"  # the pipeline trained by the project (training/), shipped in the package
SHIPPED = Path(__file__).resolve().parent.parent / "models" / "en_faultlines"
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_POSSESSIVES = {"'s", "’s", "'", "’"}
_LABELS = {
    "person": "PERSON", "community": "NORP", "state": "GPE", "place": "GPE",
    "armed_group": "ORG", "faction": "ORG", "government": "ORG", "political_party": "ORG",
    "international_org": "ORG", "organisation": "ORG",
}


def load_language(model: str | None = None) -> Language:
    """The shipped pipeline (default), "blank" (tokenizer and sentence splitter only), or any
    installed spaCy pipeline by name or path; never downloads anything."""
    model = model or os.environ.get("FAULTLINES_MODEL") or DEFAULT
    if model == BLANK or (model == DEFAULT and not SHIPPED.exists()):
        nlp = spacy.blank("en")
        _tune_tokenizer(nlp)
        nlp.add_pipe("sentencizer")
        return nlp
    try:
        nlp = spacy.load(SHIPPED if model == DEFAULT else model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline '{model}' is not installed; install its package, "
            f"or omit --model to use the built-in one"
        ) from exc
    _tune_tokenizer(nlp)
    # Rule-based sentences first, which the parser respects: evidence spans should not depend
    # on a statistical model splitting "ISIS-K" in two.
    if not nlp.has_pipe("sentencizer"):
        nlp.add_pipe("sentencizer", first=True)
    if not nlp.has_pipe("paragraph_breaks"):
        nlp.add_pipe("paragraph_breaks", after="sentencizer")
    if not nlp.has_pipe("name_abbreviations"):
        nlp.add_pipe("name_abbreviations", after="sentencizer")
    return nlp


@Language.factory("name_abbreviations")
def _name_abbreviations(nlp: Language, name: str):
    titles = {t[:-1] for t in load_yaml("lexicons/provisional.yaml")["person_titles"] if t.endswith(".")}
    return NameAbbreviations(frozenset(titles))


class NameAbbreviations:
    """A title's or an initial's full stop inside a name ends no sentence: "Lt. Gen. John A.
    Smith said" is one sentence and one name, not "Gen. John" and "Smith". The tokenizer splits
    the stop off ("ISIS-K." ends a sentence); here "A" "." (an initial after a name word) and "Lt"
    "." (a title) become one token again when a name word that is not a common word follows."""

    def __init__(self, titles: frozenset[str]):
        self.titles = titles

    def __call__(self, doc: Doc) -> Doc:
        joins = []
        for i in range(len(doc) - 2):
            word, stop, after = doc[i], doc[i + 1], doc[i + 2]
            if stop.text != "." or word.whitespace_ or not after.is_title or after.lower_ in _STOP_WORDS:
                continue
            initial = len(word.text) == 1 and word.is_upper and i > 0 and doc[i - 1].is_title
            if initial or word.text in self.titles:
                joins.append(doc[i:i + 2])
                after.is_sent_start = False
        with doc.retokenize() as retokenizer:
            for span in joins:
                retokenizer.merge(span)
        return doc


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break between sentences ends the one before instead of opening the next: a parser
    trained on treebank sentences makes a leading whitespace token the root of the sentence
    ("\n\nTalks in Jeddah, mediated by ..." lost every role)."""
    for token in doc[:-1]:
        if token.is_space and token.is_sent_start and token.i > 0:
            token.is_sent_start = False
            doc[token.i + 1].is_sent_start = True
    return doc


_ACRONYM_WITH_SUFFIX = re.compile(r"^[A-Z]{2,6}[-–][A-Z]{1,3}$")


def _tune_tokenizer(nlp: Language) -> None:
    """"ISIS-K." ends a sentence: a capital letter and a full stop is not an abbreviation here."""
    nlp.tokenizer.rules = {
        k: v for k, v in nlp.tokenizer.rules.items() if not re.fullmatch(r"[A-Z]\.", k)
    }
    suffixes = [*nlp.Defaults.suffixes, r"(?<=^[A-Z])\.", r"(?<=[-–][A-Z])\."]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    # "ISIS-K", "IS-K", "ISIL-KP" are one word: split, the parser takes "ISIS" for the subject
    # and "K" for a noun of its own.
    nlp.tokenizer.token_match = _ACRONYM_WITH_SUFFIX.match


def annotate(nlp: Language, kb: KnowledgeBase, text: str | Doc, rules: ProvisionalRules | None = None) -> Doc:
    """Run the pipeline (unless given the Doc it made), then mark every name the knowledge base
    knows as an entity, and (with `rules`) the unknown names that look like actors."""
    doc = text if isinstance(text, Doc) else nlp(text)
    ner_places = {(e.start, e.end) for e in doc.ents if e.label_ in ("GPE", "LOC")}
    known = find_known_names(doc, kb)
    others = [_whole_name(e, rules) for e in doc.ents]
    # A person's name or title may hold a nationality or a place name ("Iraqi Prime Minister
    # Nouri al-Maliki", "Abu Ghadiya"; Abu is also a town), or another person's name ("Asad
    # Ansari" is not Assad): the person's span wins over what is inside (the linker still finds
    # "Secretary of State John Kerry"), but not over a known name after a common noun
    # ("predecessor Ahmed Abdi Godane").
    covering = _by_token(others)
    known = [k for k in known if not any(
        e.label_ == "PERSON" and e.start <= k.start and k.end <= e.end and len(k) < len(e)
        and (k.label_ in ("NORP", "GPE", "LOC") or (k.label_ == "PERSON" and _named_or_titled(e, k, rules)))
        for e in covering.get(k.start, ()))]
    # A person the NER found is not the town named like them ("Clinton", "Elizabeth", "Bush");
    # a country's or a province's name stays a place ("Jordan", "Samangan").
    persons = {(e.start, e.end) for e in others if e.label_ == "PERSON"}
    known = [k for k in known if (k.start, k.end) not in persons or not _only_towns(kb, k.text)]
    # "northern Iraq", "Diyala Province", "the United States Treasury Department": a known place
    # inside a longer name the NER found is part of that name.
    starting = _by_token(known, starts_only=True)
    known = [_whole_place_name(k, covering, starting, rules) for k in known]
    # Otherwise known names win over the statistical NER where they overlap.
    taken = {i for k in known for i in range(k.start, k.end)}
    others = [e for e in others if not any(i in taken for i in range(e.start, e.end))]
    if rules is not None:
        # A place may start an organisation's name ("Ninawa Plains Protection Units").
        actors = [k for k in known if k.label_ not in {"GPE", "LOC"}]
        places = [k for k in known if k.label_ in {"GPE", "LOC"}]
        others += [p for p in find_provisional(doc, rules, [*actors, *others]) if not _lists_places(p, places)]
    spans = filter_spans([*known, *others])
    if rules is not None:
        spans = _bodies_of_places(kb, spans, rules.bodies_of_places)
    # The statistical NER's own places are marked (kb_id "ner"): the linker keeps such a name as
    # a new place where the gazetteer only knows far-away namesakes ("Sadah" in Iraq).
    doc.ents = [Span(doc, e.start, e.end, label=e.label_, kb_id="ner") if (e.start, e.end) in ner_places
                else e for e in spans]
    return doc


def _bodies_of_places(kb: KnowledgeBase, spans: list[Span], heads: frozenset[str]) -> list[Span]:
    """A party's or a parliament's name takes the place that completes it: "the Progressive
    Conservative Party of Canada", "the Parliament of Norway", "the Christian Social Union in
    Bavaria" are one organisation, not a party and a country; unless the body alone is one the
    registry knows ("the Islamic State in Iraq" stays the Islamic State, in Iraq)."""
    out: list[Span] = []
    for span in spans:
        body = out[-1] if out else None
        if (body is not None and body.label_ == "ORG" and span.label_ in ("GPE", "LOC")
                and body[-1].text in heads and span.start == body.end + 1
                and span.doc[body.end].lower_ in ("of", "in") and not kb.candidates(body.text)):
            out[-1] = Span(span.doc, body.start, span.end, label="ORG")
            continue
        out.append(span)
    return out


def _lists_places(span: Span, places: list[Span]) -> bool:
    """Whether a would-be name is a list of known places: "North Waziristan and the Swat
    Valley" is two places, not a facility ("the Iran-Iraq War" is one name)."""
    inside = sorted(k for k in places if span.start <= k.start and k.end <= span.end)
    return any(t.lower_ in ("and", "or", ",") for a, b in zip(inside, inside[1:])
               for t in span.doc[a.end:b.start])


@lru_cache(maxsize=1)
def arabic_articles() -> frozenset[str]:
    """The Arabic article as the press writes it before a place's name ("Al-Raqqa", "al-Hilla"),
    lower case; the list the gazetteer reads too (`data/places/aliases.yaml`)."""
    return frozenset(a.lower() for a in load_yaml("places/aliases.yaml")["arabic_articles"])


_PLACE_OF = frozenset({"city", "town", "village", "province", "district", "region"})


@lru_cache(maxsize=1)
def _place_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Directions ("northern"), kinds of division ("province"), the lower-case words a place's
    own name may hold ("Diyala province", "Doura district of Baghdad"), and the words of "the
    city of"."""
    cues = load_yaml("lexicons/linking.yaml")
    admin = frozenset({*cues["admin_nouns"], *cues["feature_nouns"]})
    heads = frozenset(cues["place_name_heads"])
    return frozenset(cues["directions"]), admin, admin | heads | arabic_articles() | {"of", "the"}, heads


def _by_token(spans: list[Span], starts_only: bool = False) -> dict[int, list[Span]]:
    """The spans covering (or starting at) each token: what a span is inside is looked up, not
    searched for, so a long document costs no more per name than a short one."""
    index: dict[int, list[Span]] = {}
    for span in spans:
        for i in range(span.start, span.start + 1 if starts_only else span.end):
            index.setdefault(i, []).append(span)
    return index


def _whole_place_name(known: Span, covering: dict[int, list[Span]], starting: dict[int, list[Span]],
                      rules: ProvisionalRules | None = None) -> Span:
    """A known place inside a longer name the NER found takes the NER's span: "northern Iraq"
    and "Diyala Province" (still the place), "the United States Treasury Department" and "Samarra
    Barrage" (another name, which the linker reads as a whole). Not where the NER's span runs
    over words that are no part of a name ("a city in Southern Iraq", "Iraq and Syria").
    A nationality inside an organisation's name is part of it: "the Syrian Computer Society"."""
    if known.label_ == "NORP":
        return _whole_organisation_name(known, covering.get(known.start, []))
    if known.label_ not in ("GPE", "LOC"):
        return known
    directions, admin, small, heads = _place_words()
    doc, start, end = known.doc, known.start, known.end
    # The place's mention takes the article, the direction and the kind of division the text
    # gives it ("Al-Raqqa", "northern Salah ad Din Province", "the city of Mosul"), with or
    # without the NER.
    if start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ in arabic_articles():
        start -= 2
    if start > 0 and doc[start - 1].lower_ in directions:
        start -= 1
    if start > 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _PLACE_OF \
            and doc[start - 3].lower_ == "the":
        start -= 3
    if end < len(doc) and doc[end].lower_ in admin and not (
            doc[end].is_title and end + 1 < len(doc) and doc[end + 1].lower_ == "of"):
        end += 1  # not into a name: "the United States Department of the Treasury"
    known = Span(doc, start, end, label=known.label_)
    for e in map(_without_article, covering.get(known.start, [])):
        if rules is not None and rules.is_meeting(e):
            continue  # "the Brussels Conference" met in Brussels: the place stays
        if e.label_ not in ("GPE", "LOC", "ORG", "FAC") or not (
                e.start <= known.start and known.end <= e.end and len(e) > len(known)):
            continue
        inside = [k for i in range(e.start, e.end) for k in starting.get(i, ()) if k.end <= e.end]
        if (known.end < e.end and doc[known.end].lower_ == "of") or (len(inside) > 1 and not _one_name(inside)):
            continue  # "the Ménaka region of Mali": two places, Ménaka and Mali
        before = [t for t in e if t.i < known.start]
        extra = [t for t in e if not (known.start <= t.i < known.end)]
        if any(t.lower_ in directions for t in extra if t.i >= known.start):
            continue
        if not all(t.lower_ in directions or t.lower_ in small or t.text[:1].isupper()
                   or t.text in ("-", "'", "’") for t in extra):
            continue
        if before and before[0].lower_ in heads | admin | {"of"}:
            continue  # "district of Baghdad" without the name of the district
        proper = [t for t in extra if t.text[:1].isupper() and t.lower_ not in small]
        return Span(known.doc, e.start, e.end, label=e.label_ if proper else known.label_)
    return known


def _one_name(known: list[Span]) -> bool:
    """Known names side by side with nothing between are the words of one longer name the NER
    found: "Mir Ali" is neither Mir nor Ali."""
    known = sorted(known, key=lambda k: k.start)
    return all(a.end == b.start for a, b in zip(known, known[1:]))


def _without_article(ent: Span) -> Span:
    """The article before a name is not part of it: "the United States"."""
    if ent[0].lower_ == "the" and len(ent) > 1:
        return Span(ent.doc, ent.start + 1, ent.end, label=ent.label_)
    return ent


def _whole_organisation_name(known: Span, ents: list[Span]) -> Span:
    """The NER's organisation around a nationality, where every other word of it is capitalised:
    "Royal Jordanian Air Force", not "Jordanian and Iraqi forces"."""
    for e in map(_without_article, ents):
        extra = [t for t in e if not (known.start <= t.i < known.end)]
        if e.label_ == "ORG" and e.start <= known.start and known.end <= e.end and extra \
                and all(t.text[:1].isupper() or t.lower_ in ("of", "for") for t in extra) \
                and extra[-1].text[:1].isupper():
            return Span(known.doc, e.start, e.end, label="ORG")
    return known


def _only_towns(kb: KnowledgeBase, text: str) -> bool:
    """Whether a name is only ever a town's or a district's (not a country's or a province's:
    the NER may take "Samangan" for a person, but "Boone" is the person, not the county)."""
    names = kb.candidates(text)
    return bool(names) and all(
        n.is_place and getattr(kb.place(n.entity_id), "admin_level", "") in ("city", "admin2") for n in names)


def _named_or_titled(person: Span, known: Span, rules: ProvisionalRules | None) -> bool:
    """Whether a person's span adds to a known name other names ("Asad Ansari") or a title
    ("Secretary of State John Kerry"), not a common noun ("predecessor Ahmed Abdi Godane")."""
    if rules is not None and known.end == person.end and rules.strip_title(person.text) != person.text:
        return True
    return all(t.text[:1].isupper() for t in person if not known.start <= t.i < known.end)


def _whole_name(ent: Span, rules: ProvisionalRules | None) -> Span:
    """A person's name the NER cut short takes the proper nouns that follow it on its line
    ("Commander Sanaulah" + "Ghafari", not "Janette Elbertson" + "Administrative Coordinator")
    and the title before it ("Major General" + "Hassan"), as a mention of the person."""
    if ent.label_ != "PERSON":
        return ent
    particles = rules.hyphenated_particles if rules else frozenset()
    doc, start, end = ent.doc, ent.start, ent.end
    while rules is not None and start > 0 and doc[start - 1].ent_type_ == "":
        title = next((t for t in rules.titles_by_last_word.get(doc[start - 1].text, ()) if start >= len(t) and
                      tuple(x.text for x in doc[start - len(t):start]) == t), None)
        if title is None:
            break
        start -= len(title)
    tagged = doc.has_annotation("TAG")
    while end < len(doc) and doc[end].ent_type_ == "" and not doc[end].is_sent_start \
            and "\n" not in doc[end - 1].whitespace_ and (
            (doc[end].is_title and (not tagged or doc[end].pos_ == "PROPN"))
            or _particle_name(doc[end].text, particles)):  # "Nouri al-Maliki"
        end += 1
    return Span(doc, start, end, label=ent.label_) if (start, end) != (ent.start, ent.end) else ent


def _particle_name(word: str, particles: frozenset[str]) -> bool:
    head, _, rest = word.partition("-")
    return head in particles and rest[:1].isupper()


def positions(doc: Doc, words: frozenset[str]) -> list[int]:
    """The indices of the tokens whose lower-case form is one of `words`, found in one array pass:
    loops that look for a few cue words no longer make a Token of every word of every document."""
    wanted = _hashes(words)
    return [i for i, h in enumerate(doc.to_array(LOWER).tolist()) if h in wanted]


@lru_cache(maxsize=64)  # a handful of cue lists, each asked for in every document
def _hashes(words: frozenset[str]) -> frozenset[int]:
    return frozenset(hash_string(w) for w in words)


def find_known_names(doc: Doc, kb: KnowledgeBase) -> list[Span]:
    """Longest known names, left to right, as spans labelled by the kind of their first reading."""
    spans: list[Span] = []
    # The tokens' attributes read once: this loop looks at every token of every document.
    tokens = [(t.text, t.whitespace_, t.lower_, t.is_space, t.is_punct) for t in doc]
    i = 0
    while i < len(doc):
        text, _, lower, _, _ = tokens[i]
        words = fold(text).split()
        longest = kb.longest_name_from(words[0]) if words and lower not in _DETERMINERS else 0
        match = _longest_match(doc, tokens, kb, i, longest) if longest else None
        if match is None:
            i += 1
            continue
        spans.append(match)
        i = match.end
    return spans


def _longest_match(doc: Doc, tokens: list[tuple], kb: KnowledgeBase, start: int, words: int) -> Span | None:
    # Read the phrase token by token while some name goes on, then take the longest known one.
    # Punctuation tokens ("-" in ISIS-K) count as tokens but not as words, hence the slack.
    names: list[tuple[int, str]] = []
    text = ""
    for end in range(start + 1, min(len(doc), start + 2 * words + 1) + 1):
        word, space, lower, is_space, is_punct = tokens[end - 1]
        phrase = text + word
        # Names end on a word: not on a comma, full stop or possessive ("Taliban's").
        if not (is_space or (end - start > 1 and (is_punct or lower in _POSSESSIVES))) and kb.may_name(phrase):
            names.append((end, phrase))
        if space and not kb.may_go_on(phrase):
            break
        text = phrase + space
    for end, phrase in reversed(names):
        found = kb.candidates(phrase)
        if found:
            first = kb.actor(found[0].entity_id)
            kind = "place" if found[0].is_place or first is None else first.kind
            return Span(doc, start, end, label=_LABELS.get(kind, "ORG"))
    return None
