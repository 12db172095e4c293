"""The causal outlook: the store's causal links as one signed graph of factors, and "what if".

    graph = CausalGraph.from_analyses(store.analyses())
    for conclusion in graph.what_if({graph.find("division within the Taliban"): +1}):
        print(conclusion.explain(graph))
    print(actor_outlook(graph, "isis-k", ["division within the Taliban=up"]).text("ISIS-K"))

Phrasings of one factor are merged (see data/lexicons/factors.yaml). An assumed change spreads
along every path without cycles; its sign is the product of the links' signs. A factor reached by
paths of both signs is reported as conflicting, with both paths.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faultlines.analyze.merge import Source
from faultlines.data import load_yaml
from faultlines.errors import ConfigError
from faultlines.kb.text import fold
from faultlines.model import Analysis, CausalLink

MAX_PATH = 5  # links in one chain of reasoning; longer chains say more about the graph than the text
DIRECTIONS = {"up": 1, "down": -1, "+": 1, "-": -1}


@dataclass(frozen=True, slots=True)
class FactorNode:
    """One factor: its merged phrasings, the most common first, and the entity it is about."""

    key: str
    phrasings: tuple[str, ...]
    entity: str | None

    @property
    def label(self) -> str:
        return self.phrasings[0]


@dataclass(frozen=True, slots=True)
class Edge:
    """All statements that `cause` drives `effect` with one sign."""

    cause: str
    effect: str
    sign: int
    evidence: tuple[tuple[CausalLink, Source], ...]

    @property
    def best(self) -> tuple[CausalLink, Source]:
        return max(self.evidence, key=lambda x: x[0].confidence)


@dataclass(frozen=True, slots=True)
class Conclusion:
    """What an assumption implies for one factor: up, down, or conflicting, and why."""

    factor: str  # node key
    direction: str  # "up", "down" or "conflicting"
    paths: tuple[tuple[int, tuple[Edge, ...]], ...]  # (sign, the links from an assumed factor)

    def explain(self, graph: CausalGraph) -> str:
        lines = [f"{graph.factors[self.factor].label}: {self.direction}"]
        for sign, path in self.paths:
            steps = [f"{graph.factors[e.cause].label} {'raises' if e.sign > 0 else 'lowers'} "
                     f"{graph.factors[e.effect].label} {_cite(e)}" for e in path]
            lines.append(f"  {'up' if sign > 0 else 'down'}, because " + "; and ".join(steps))
        return "\n".join(lines)

    def to_dict(self, graph: CausalGraph) -> dict[str, Any]:
        return {
            "factor": graph.factors[self.factor].label, "key": self.factor, "direction": self.direction,
            "paths": [{"sign": "+" if sign > 0 else "-", "links": [
                {"cause": graph.factors[e.cause].label, "effect": graph.factors[e.effect].label,
                 "sign": "+" if e.sign > 0 else "-", "quote": e.best[0].evidence.text,
                 "document_id": e.best[1].document_id} for e in path]} for sign, path in self.paths],
        }


@dataclass
class CausalGraph:
    factors: dict[str, FactorNode] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    surfaces: dict[str, str] = field(default_factory=dict)  # folded name of an entity -> its id

    @classmethod
    def from_analyses(cls, analyses: Iterable[Analysis], negated: bool = False) -> CausalGraph:
        """The graph of every causal link (denied ones left out unless `negated`)."""
        words = FactorWords.load()
        surfaces: dict[str, str] = {}
        phrasings: dict[str, Counter[str]] = defaultdict(Counter)
        entities: dict[str, Counter[str]] = defaultdict(Counter)
        found: dict[tuple[str, str, int], list[tuple[CausalLink, Source]]] = defaultdict(list)
        for analysis in analyses:
            source = Source.of(analysis.document)
            # Names and aliases hold across documents; what a mention such as "the group" names
            # holds only in its own document.
            local: dict[str, str] = {}
            for e in analysis.entities:
                for name in (e.name, *e.aliases):
                    if len(name) > 2:
                        surfaces.setdefault(" ".join(fold(name).split()), e.id)
                for m in e.mentions:
                    if len(m.text) > 2:
                        local.setdefault(" ".join(fold(m.text).split()), e.id)
            local = {**local, **surfaces}
            for link in analysis.causal_links:
                if link.modality == "negated" and not negated:
                    continue
                keys = []
                for factor in (link.cause, link.effect):
                    key = words.key(factor.text, local)
                    phrasings[key][" ".join(factor.text.split())] += 1
                    if factor.entity:
                        entities[key][factor.entity] += 1
                    keys.append(key)
                if keys[0] != keys[1]:
                    found[(keys[0], keys[1], 1 if link.sign == "+" else -1)].append((link, source))
        factors = {key: FactorNode(key, tuple(p for p, _ in sorted(c.items(), key=lambda x: (-x[1], len(x[0])))),
                                   entities[key].most_common(1)[0][0] if entities[key] else None)
                   for key, c in phrasings.items()}
        edges = [Edge(c, e, s, tuple(ev)) for (c, e, s), ev in found.items()]
        return cls(factors, edges, surfaces)

    def about(self, entity_id: str) -> list[str]:
        """The factors about an entity (its presence, its recruitment, the entity itself)."""
        return [k for k, f in self.factors.items() if f.entity == entity_id or f"@{entity_id}" in k.split()]

    def causes_of(self, keys: Iterable[str]) -> list[str]:
        """The factors with a path (of at most MAX_PATH links) into `keys`, the nearest first; a
        change assumed in one of them reaches the actor."""
        into: dict[str, list[str]] = defaultdict(list)
        for e in self.edges:
            into[e.effect].append(e.cause)
        ring = list(dict.fromkeys(keys))
        seen, found = set(ring), []
        for _ in range(MAX_PATH):  # one link further each round
            ring = [c for c in dict.fromkeys(c for k in ring for c in into[k]) if c not in seen]
            seen.update(ring)
            found += ring
        return found

    def links_of(self, keys: Iterable[str]) -> list[Edge]:
        wanted = set(keys)
        return [e for e in self.edges if e.cause in wanted or e.effect in wanted]

    def find(self, text: str) -> str:
        """The factor a user means: one of its phrasings as written (a form offers the labels), else
        same key, else most shared words, else a phrasing containing it."""
        written = " ".join(fold(text).split())
        for phrasings in (lambda f: f.phrasings[:1], lambda f: f.phrasings):  # labels first
            exact = [k for k, f in self.factors.items() if any(" ".join(fold(p).split()) == written
                                                                for p in phrasings(f))]
            if len(exact) == 1:
                return exact[0]
        words = FactorWords.load()
        key = words.key(text, self.surfaces)
        if key in self.factors:
            return key
        wanted = set(key.split())
        scored = sorted(((len(wanted & set(k.split())) / len(wanted | set(k.split())), k)
                         for k in self.factors if wanted), reverse=True)
        if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1]
        folded = " ".join(fold(text).split())
        contains = [k for k, f in self.factors.items() if any(folded in fold(p) for p in f.phrasings)]
        if len(contains) == 1:
            return contains[0]
        examples = "; ".join(f.label for f in list(self.factors.values())[:3])
        raise ConfigError(f"no single factor like '{text}' in the outlook; name one of the factors an actor's "
                          f"outlook lists (its what-if form, or `faultlines outlook ACTOR`), e.g. {examples}")

    def what_if(self, assumptions: dict[str, int]) -> list[Conclusion]:
        """Conclusions for every factor an assumed change reaches, assumed factors excluded."""
        out_edges: dict[str, list[Edge]] = defaultdict(list)
        for e in self.edges:
            out_edges[e.cause].append(e)
        reached: dict[str, list[tuple[int, tuple[Edge, ...]]]] = defaultdict(list)

        def walk(node: str, sign: int, path: tuple[Edge, ...], seen: frozenset[str]) -> None:
            for e in out_edges[node]:
                if e.effect in seen or e.effect in assumptions:
                    continue
                step = (sign * e.sign, (*path, e))
                reached[e.effect].append(step)
                if len(step[1]) < MAX_PATH:
                    walk(e.effect, step[0], step[1], seen | {e.effect})

        for key, sign in assumptions.items():
            walk(key, sign, (), frozenset({key}))
        conclusions = []
        for key, paths in reached.items():
            signs = {s for s, _ in paths}
            direction = "conflicting" if len(signs) > 1 else ("up" if signs == {1} else "down")
            paths = sorted(paths, key=lambda p: (len(p[1]), -p[0]))
            conclusions.append(Conclusion(key, direction, tuple(paths)))
        return sorted(conclusions, key=lambda c: (len(c.paths[0][1]), self.factors[c.factor].label))

    def outlook(self, entity_id: str, assumed: dict[str, int]) -> dict[str, Any]:
        """An entity's factors, their links, and the conclusions of the assumed changes (those about
        the entity first), as data."""
        return ActorOutlook.of(self, (entity_id,), assumed).to_dict()

    def write(self, path: Path) -> None:
        """The whole graph as GraphML (.graphml) or Graphviz DOT (.dot, .gv)."""
        suffix = path.suffix.lower()
        if suffix not in (".graphml", ".dot", ".gv"):
            raise ConfigError(f"{path}: --graph writes .graphml or .dot files; name the file with one of them")
        from faultlines.export.atomic import atomic_path, write_text_atomically

        if suffix == ".graphml":
            import networkx as nx

            with atomic_path(path) as tmp:
                nx.write_graphml(self.to_networkx(), tmp)
        else:
            write_text_atomically(path, self.to_dot())

    def to_networkx(self):
        import networkx as nx

        g = nx.MultiDiGraph()
        for key, f in self.factors.items():
            g.add_node(key, label=f.label, entity=f.entity or "", phrasings=" | ".join(f.phrasings))
        for e in self.edges:
            link, source = e.best
            g.add_edge(e.cause, e.effect, key="+" if e.sign > 0 else "-", sign="+" if e.sign > 0 else "-",
                       statements=len(e.evidence), quote=link.evidence.text, document_id=source.document_id)
        return g

    def to_dot(self) -> str:
        """Graphviz DOT: green arrows raise, red arrows lower."""
        ids = {key: f"f{i}" for i, key in enumerate(self.factors)}
        lines = ["digraph outlook {", "  rankdir=LR;", '  node [shape=box, style=rounded, fontname="Helvetica"];']
        for key, f in self.factors.items():
            lines.append(f"  {ids[key]} [label={_dot_string(f.label)}];")
        for e in self.edges:
            color, label = ("darkgreen", "+") if e.sign > 0 else ("firebrick", "-")
            lines.append(f'  {ids[e.cause]} -> {ids[e.effect]} [label="{label}", color={color}, '
                         f"tooltip={_dot_string(e.best[0].evidence.text)}];")
        lines.append("}")
        return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class ActorOutlook:
    """What bears on an actor (its factors, the links into and out of them) and what follows from
    the changes assumed: the conclusions about its factors, then those elsewhere in the graph."""

    graph: CausalGraph
    actors: tuple[str, ...]  # the actor, and its branches when rolled up
    factors: tuple[str, ...]  # node keys of the factors about the actor
    causes: tuple[str, ...]  # other factors with a path into those, the nearest first
    links: tuple[Edge, ...]
    assumed: dict[str, int]  # node key -> +1 or -1
    conclusions: tuple[Conclusion, ...]
    elsewhere: tuple[Conclusion, ...]

    @classmethod
    def of(cls, graph: CausalGraph, actors: Sequence[str], assumed: dict[str, int]) -> ActorOutlook:
        about = list(dict.fromkeys(k for actor in actors for k in graph.about(actor)))
        reached = graph.what_if(assumed)
        mine = set(about)
        return cls(graph, tuple(actors), tuple(about), tuple(graph.causes_of(about)), tuple(graph.links_of(about)),
                   dict(assumed), tuple(c for c in reached if c.factor in mine),
                   tuple(c for c in reached if c.factor not in mine))

    def label(self, key: str) -> str:
        return self.graph.factors[key].label

    def choices(self) -> list[str]:
        """The factors a what-if form offers: what drives the actor's factors, the actor's own,
        then any other assumed."""
        offered = [*self.causes, *self.factors]
        return offered + [k for k in self.assumed if k not in offered]

    def direction(self, key: str) -> str:
        """"up", "down" or "unchanged": what the analyst assumed of a factor."""
        sign = self.assumed.get(key)
        return "unchanged" if sign is None else ("up" if sign > 0 else "down")

    def to_dict(self) -> dict[str, Any]:
        label = self.label
        return {
            "actor": self.actors[0], "actors": list(self.actors), "factors": [label(k) for k in self.factors],
            "causes": [label(k) for k in self.causes],
            "links": [{"cause": label(e.cause), "effect": label(e.effect), "sign": "+" if e.sign > 0 else "-",
                       "statements": len(e.evidence), "quote": e.best[0].evidence.text,
                       "document_id": e.best[1].document_id} for e in self.links],
            "assumed": {label(k): ("up" if s > 0 else "down") for k, s in self.assumed.items()},
            "conclusions": [c.to_dict(self.graph) for c in self.conclusions],
            "other_conclusions": [c.to_dict(self.graph) for c in self.elsewhere],
        }

    def text(self, name: str) -> str:
        """The outlook as the terminal shows it: links, then each conclusion with its paths."""
        from faultlines.export.report import plural

        lines = [f"Outlook for {name}: {len(self.factors)} factors, {len(self.links)} links "
                 f"(of {len(self.graph.edges)} in the store)"]
        for e in self.links:
            lines.append(f"  {self.label(e.cause)} {'raises' if e.sign > 0 else 'lowers'} {self.label(e.effect)} "
                         f"({plural(len(e.evidence), 'statement')})")
        if self.assumed:
            lines.append("\nAssuming " + "; ".join(f"{self.label(k)} {self.direction(k)}" for k in self.assumed))
            if not self.conclusions and not self.elsewhere:
                lines.append("  nothing in the store follows from it")
            lines += [c.explain(self.graph) for c in (*self.conclusions, *self.elsewhere)]
        return "\n".join(lines)


def actor_outlook(graph: CausalGraph, actors: str | Sequence[str], assumptions: Iterable[str] = ()) -> ActorOutlook:
    """The outlook of an actor (or of it and its branches) under assumptions written "FACTOR=up" or
    "FACTOR=down"; blank ones (a form's "unchanged") are skipped. A factor assumed twice keeps the
    last direction. Raises ConfigError, saying what to write, for one it cannot read."""
    assumed = dict(parse_assumption(a, graph) for a in assumptions if a.strip())
    return ActorOutlook.of(graph, (actors,) if isinstance(actors, str) else tuple(actors), assumed)


def parse_assumption(text: str, graph: CausalGraph) -> tuple[str, int]:
    """"FACTOR=up" or "FACTOR=down" -> (factor key, +1 or -1)."""
    factor, sep, direction = text.rpartition("=")
    if not sep or direction.strip().lower() not in DIRECTIONS or not factor.strip():
        raise ConfigError(f"assumption '{text}': write FACTOR=up or FACTOR=down, e.g. "
                          "'division within the Taliban=up'")
    return graph.find(factor.strip()), DIRECTIONS[direction.strip().lower()]


class FactorWords:
    """The normalisation of factor phrasings (data/lexicons/factors.yaml)."""

    _loaded: FactorWords | None = None

    def __init__(self, ignore: Iterable[str], same: dict[str, list[str]]):
        self.ignore = {fold(w) for w in ignore}
        self.same = {fold(v): fold(k) for k, vs in same.items() for v in vs}

    @classmethod
    def load(cls) -> FactorWords:
        if cls._loaded is None:  # a data file read once per process; it never changes while running
            data = load_yaml("lexicons/factors.yaml")
            cls._loaded = cls(data["ignore"].split(), data["same"])
        return cls._loaded

    def key(self, text: str, surfaces: dict[str, str]) -> str:
        """Sorted content words; entity names become @id."""
        folded = " " + " ".join(re.sub(r"[^\w@' ]+", " ", fold(text)).split()) + " "
        for surface in sorted(surfaces, key=len, reverse=True):
            if f" {surface} " in folded or f" {surface}'s " in folded:
                folded = folded.replace(f" {surface}'s ", f" @{surfaces[surface]} ").replace(
                    f" {surface} ", f" @{surfaces[surface]} ")
        words = set()
        for word in folded.replace("'s ", " ").split():
            word = self.same.get(word, word)
            if word in self.ignore:
                continue
            if not word.startswith("@"):
                word = self.same.get(_singular(word), _singular(word))
            words.add(word)
        return " ".join(sorted(words)) or " ".join(fold(text).split())


def _singular(word: str) -> str:
    """Plural -s cut, so that "divisions" and "division" are one word ("focus" stays)."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("shes", "ches", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def _cite(edge: Edge) -> str:
    from faultlines.export.report import quote

    link, source = edge.best
    where = source.title or source.document_id[:12]
    return f"[{where}{', ' + source.published if source.published else ''}: {quote(link.evidence, 140)}]"


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
