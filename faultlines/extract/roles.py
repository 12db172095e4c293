"""Predicates and their roles, read from the dependency parse: who did what to whom, and where.

    for p in predicates(sentence):          # every verb and every noun of the sentence
        p.head, p.lemma, p.passive          # "attacked", "attack", False
        p.agents, p.patients                # noun heads: [fighters], [post]
        p.obliques["in"]                    # [Damasak]

The parse is Universal Dependencies (the shipped pipeline is trained on UD English EWT). The
reader is shared by extractors: it knows voice, control ("threatened to cut": Russia cuts),
coordination ("X and Y clashed"), relative clauses ("gunmen who attacked") and reduced relatives
("a convoy ambushed by gunmen"), so an extractor only says which predicates it wants.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from faultlines.nlp.lemmas import lemmas

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubj:pass", "nsubjpass", "csubj:pass"})
OBJECTS = frozenset({"obj", "dobj", "iobj"})
OBLIQUES = frozenset({"obl", "obl:agent", "obl:tmod", "nmod", "obl:npmod", "advmod"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Dependencies by which a verb takes its subject from the verb it hangs from: "threatened to cut"
# (xcomp), "attacked the post and killed" (conj), "attacked ..., killing" (advcl, parataxis).
_INHERITS_SUBJECT = frozenset({"xcomp", "conj", "advcl", "parataxis"})


@dataclass
class Predicate:
    """A verb or noun with its arguments, each argument given by the head token of its phrase
    (coordinated heads included: "Kenya and Uganda" gives both)."""

    head: Token
    nominal: bool
    passive: bool = False
    negated: bool = False
    agents: list[Token] = field(default_factory=list)
    patients: list[Token] = field(default_factory=list)
    obliques: dict[str, list[Token]] = field(default_factory=dict)
    inherited_agents: bool = False  # the agents are the governing verb's ("killing" after "attacked")

    @property
    def lemma(self) -> str:
        return self.head.lemma_.lower()

    @property
    def lemmas(self) -> list[str]:
        return lemmas(self.head)

    @property
    def particle(self) -> str | None:
        """'pull out', 'round up', 'gun down'."""
        return next((c.lower_ for c in self.head.children if c.dep_ in ("compound:prt", "prt")), None)

    def oblique(self, *prepositions: str) -> list[Token]:
        return [t for p in prepositions for t in self.obliques.get(p, [])]


def coordinated(token: Token) -> list[Token]:
    """A head and the heads coordinated with it: 'the army, the police and militias'."""
    out, todo = [], [token]
    while todo:
        t = todo.pop(0)
        if t in out:
            continue
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ"))
    return out


def preposition(token: Token) -> str | None:
    """The preposition that marks a nominal argument: 'on' for 'on the base', 'by' for 'by gunmen'."""
    case = [c for c in token.children if c.dep_ == "case" and c.i < token.i]
    if not case:
        return None
    words = [c.lower_ for c in case]
    return " ".join(words)


def _is_passive(verb: Token, intransitive: frozenset[str] | set[str] = frozenset()) -> bool:
    if any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ in ("aux:pass", "auxpass") for c in verb.children):
        return True
    # A bare past participle modifying a noun: "a convoy ambushed by gunmen" (with an object of
    # its own it is active: the parse of a headline "Gunmen abducted 15 passengers"; nor has a verb
    # that takes no object a passive: "Hundreds of protesters rallied", with "Hundreds" the root).
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(c.dep_ in OBJECTS for c in verb.children) \
        and intransitive.isdisjoint(lemmas(verb))


def _own_arguments(verb: Token, p: Predicate) -> None:
    for c in verb.children:
        if c.dep_ in SUBJECTS and not p.passive:
            p.agents.extend(coordinated(c))
        elif c.dep_ in PASSIVE_SUBJECTS or (c.dep_ in SUBJECTS and p.passive):
            p.patients.extend(coordinated(c))
        elif c.dep_ in OBJECTS:
            p.patients.extend(coordinated(c))
        elif c.dep_ in OBLIQUES and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            prep = preposition(c) or ("by" if c.dep_ == "obl:agent" else None)
            if prep:
                p.obliques.setdefault(prep, []).extend(coordinated(c))
        elif c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("not", "never", "n't")):
            p.negated = True
    if not p.patients and not p.passive:
        # "killed five farmers" parsed with the object as a predicate (xcomp): it is the object
        p.patients = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("NOUN", "PROPN", "NUM")][:1]
    if p.passive and "by" not in p.obliques:
        # "was shot dead by a policeman": the parser hangs the agent on the secondary predicate.
        for c in verb.children:
            if (c.dep_ == "xcomp" and c.pos_ in ("ADJ", "VERB")) or (c.dep_ in ("acl", "advcl") and c.pos_ == "ADJ"):
                p.agents.extend(t for g in c.children if g.dep_ == "obl:agent" or (
                    g.dep_ in OBLIQUES and preposition(g) == "by") for t in coordinated(g))
    if p.passive:
        p.agents.extend(p.obliques.pop("by", []))


def verb_predicate(verb: Token, intransitive: frozenset[str] | set[str] = frozenset()) -> Predicate:
    """A verb with its roles; `intransitive` names verbs that take no object, so have no passive."""
    p = Predicate(verb, nominal=False, passive=_is_passive(verb, intransitive))
    _own_arguments(verb, p)
    # Relative clauses: "gunmen who attacked the village", "the village that gunmen attacked".
    if verb.dep_ in ("acl:relcl", "relcl", "acl"):
        noun = verb.head
        relative = [t for t in p.agents + p.patients if t.lower_ in RELATIVE_PRONOUNS]
        pronouns = {t.i for t in relative}  # "who", "which": the noun the clause hangs from stands for them
        p.agents = [t for t in p.agents if t.i not in pronouns]
        p.patients = [t for t in p.patients if t.i not in pronouns]
        if p.passive or (not p.agents and relative and relative[0].dep_ in OBJECTS):
            p.patients = coordinated(noun) + p.patients
        elif not p.agents:
            p.agents = coordinated(noun)
    # Control and coordination: the subject of the verb this one completes or joins.
    if not p.agents and not (p.passive and verb.dep_ not in ("conj", "xcomp")):
        governor, steps = verb, 0
        while governor.dep_ in _INHERITS_SUBJECT and governor.head.i != governor.i and steps < 4:
            governor, steps = governor.head, steps + 1
            if governor.pos_ not in ("VERB", "AUX"):
                break
            if _is_passive(governor) and verb.dep_ in ("advcl", "parataxis"):
                break  # "two were killed when gunmen ..., leaving": the dead did not leave
            subjects = [c for c in governor.children if c.dep_ in SUBJECTS]
            if subjects and not _is_passive(governor):
                p.agents = coordinated(subjects[0])
                p.inherited_agents = True
                break
    return p


def noun_predicate(noun: Token, light_verbs: frozenset[str] | set[str] | None = None) -> Predicate:
    """An event noun: 'an attack by gunmen on a convoy', 'ISWAP's attack', 'Russian airstrikes'."""
    p = Predicate(noun, nominal=True)
    for c in noun.children:
        if c.dep_ in ("nmod:poss", "poss"):
            p.agents.extend(coordinated(c))
        elif c.dep_ == "compound" and c.pos_ == "PROPN":
            p.agents.append(c)
        elif c.dep_ == "amod" and c.pos_ in ("ADJ", "PROPN") and c.lower_ != noun.lower_:
            p.obliques.setdefault("amod", []).append(c)  # "Russian airstrikes": a nationality maybe
        elif c.dep_.split(":")[0] in ("nmod", "acl", "obl") and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            prep = preposition(c)  # "obl:agent" too: "an air raid by the army"
            if prep:
                p.obliques.setdefault(prep, []).extend(coordinated(c))
    p.agents.extend(p.obliques.pop("by", []))
    if noun.dep_ in SUBJECTS and not p.agents and noun.head.pos_ in ("NOUN", "PRON", "NUM"):
        # "attacks on mosques have been one of ISIS-K's major efforts": the predicate's owner
        p.agents = [t for t in noun.head.subtree if t.dep_ in ("nmod:poss", "poss") and t.pos_ != "PRON"][:1]
    # The noun as an argument of a verb: "launched an attack" (its subject acts), "an airstrike
    # killed five civilians" (the verb's object is hit).
    if all(a.pos_ == "PRON" for a in p.agents):
        p.agents = []  # "its attacks": whose, the verb's subject says ("ISIS-K has intensified its attacks")
    verb = noun.head
    if verb.i != noun.i and verb.pos_ in ("VERB", "AUX"):
        governing = verb_predicate(verb)
        means = noun.dep_.startswith("obl") and preposition(noun) in ("by", "through", "with", "via")
        particle = next((c.lower_ for c in verb.children if c.dep_ in ("compound:prt", "prt")), None)
        forms = set(lemmas(verb)) | {f"{form} {particle}" for form in lemmas(verb) if particle}
        light = light_verbs is None or bool(forms & set(light_verbs))
        if (noun in governing.patients and light or means and not governing.passive) and not p.agents:
            # "launched an attack"; "By suicide bombings ..., ISIS-K has created": its subject acts
            p.agents = governing.agents
            p.inherited_agents = True
        elif noun in governing.agents and not governing.passive:
            p.patients = [t for t in governing.patients if t is not noun]
    return p


def claimant(noun: Token, words: set[str]) -> list[Token]:
    """Who claims an event noun: the subject of 'claimed (responsibility for) the attack'."""
    token = noun
    for _ in range(3):
        if token.head.i == token.i:
            return []
        token = token.head
        if token.lemma_.lower() in words and token.pos_ in ("VERB", "AUX"):
            subjects = [c for c in token.children if c.dep_ in SUBJECTS]
            return coordinated(subjects[0]) if subjects else []
        if token.lemma_.lower() not in words:
            return []
    return []


def predicates(sentence: Span, light_verbs: frozenset[str] | set[str] | None = None,
               wanted: Callable[[Token], bool] | None = None,
               intransitive: frozenset[str] | set[str] = frozenset()) -> list[Predicate]:
    """Every verb and common noun of a parsed sentence as a predicate (those `wanted`, if given:
    reading a word's arguments costs more than telling it is of no interest). An event noun takes
    the subject of the verb it is the object of only when that verb is light ("launched an
    attack"; not "broke up a protest"), if `light_verbs` are given; verbs `intransitive` have no
    passive."""
    out = []
    for token in sentence:
        verbal = token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT")
        if not verbal and token.pos_ != "NOUN" or wanted is not None and not wanted(token):
            continue
        out.append(verb_predicate(token, intransitive) if verbal else noun_predicate(token, light_verbs))
    return out


def number_of(token: Token) -> Token | None:
    """The number token counting a noun phrase: 'at least 20 soldiers' -> 20, 'dozens' -> dozens."""
    if token.pos_ == "NUM" or token.like_num:
        return token
    for t in [token, *(c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i)]:
        # "four Taliban members": the parse may hang the number on the first word of the phrase
        found = next((c for c in t.children if c.dep_ in ("nummod", "num") or (c.dep_ == "det" and c.like_num)), None)
        if found is not None:
            return found
    return None


# Lists, speakers and phrases the parse gets wrong or leaves implicit.

PRONOUNS = {"they", "we", "it", "he", "she"}


def phrase_span(head: Token) -> tuple[int, int]:
    """The characters of a role's noun phrase without its clauses: 'ISWAP fighters' of 'ISWAP
    fighters who ...', 'the Islamic State' of 'the Islamic State in Iraq'."""
    keep = {"det", "amod", "compound", "nummod", "nmod:poss", "flat", "fixed", "punct", "appos", "flat:name", "poss"}
    left = [c for c in head.lefts if c.dep_ in keep]
    right = [c for c in head.rights if c.dep_ in ("flat", "flat:name", "fixed", "compound")]
    lo = min([head.idx] + [c.left_edge.idx for c in left])
    last = max([head] + [c.right_edge for c in right], key=lambda t: t.i)
    return lo, last.idx + len(last)


def nobody(p: Predicate) -> bool:
    """'No one was killed', 'nobody was hurt', 'no casualties were reported'."""
    for t in p.agents + p.patients:
        if t.lower_ in ("nobody", "none") or t.lower_ == "one" and any(c.lower_ == "no" for c in t.children):
            return True
        if any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
            return True
    return False


def in_a_clause(noun: Token) -> bool:
    return noun.dep_.split(":")[0] in ("nsubj", "obj", "obl", "conj") and noun.head.pos_ in ("VERB", "AUX") \
        or noun.dep_ == "ROOT"


def states_a_clause(verb: Token) -> bool:
    return any(c.dep_ == "ccomp" and any(m.lower_ in ("that", "whether") for m in c.children) for c in verb.children)


def speakers_of(head: Token, pronoun_check: bool = True) -> list[Token]:
    """A pronoun subject of what a speaker said refers to the speaker: 'X and Y said they had
    killed' (a clause complement of a verb of saying whose subject is no pronoun)."""
    if pronoun_check and head.lower_ not in PRONOUNS or head.dep_ not in ("nsubj", "nsubj:pass"):
        return []
    clause = head.head
    if clause.dep_ != "ccomp":
        return []
    subjects = [c for c in clause.head.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS]
    return coordinated(subjects[0]) if subjects else []


def listed_before(heads: list[Token]) -> list[Token]:
    """A subject list the parse split: in 'rebels of X (X-acronym) and JNIM said', JNIM's 'and'
    follows X's phrase; the head of the phrase just before that 'and' is listed too."""
    out = list(heads)
    for head in heads:
        doc = head.doc
        i = head.left_edge.i - 1
        if i < 1 or doc[i].lower_ != "and" or any(c.dep_ == "conj" for c in head.children):
            continue
        j = i - 1
        while j >= 0 and doc[j].is_punct:
            j -= 1
        if j >= 0 and doc[j].pos_ in ("PROPN", "NOUN") and doc[j] not in out:
            out.append(doc[j])
    return out


def with_listed(heads: list[Token]) -> list[Token]:
    """Coordinated heads the parse attached elsewhere: in 'between X and Y', Y is often made the
    subject of the verb; the name after the 'and' that follows X's phrase is Y."""
    out = list(heads)
    for head in heads:
        if any(c.dep_ == "conj" for c in head.children):
            continue
        after = head.right_edge.i + 1
        doc = head.doc
        while after < len(doc) and doc[after].is_punct:
            after += 1
        if after < len(doc) and doc[after].lower_ == "and":
            nxt = next((t for t in doc[after + 1:after + 6] if t.pos_ in ("NOUN", "PROPN")
                        and t.head.i != head.i and t.dep_ not in ("compound", "amod", "flat")), None)
            if nxt is not None:
                out.append(nxt)
    return out
