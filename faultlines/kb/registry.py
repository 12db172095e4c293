"""The actor registry: curated YAML files in `data/actors/`, validated on load, with user overlays.

Each country also has a generated state actor, `state:XX` (ISO code), named like the country;
linking decides whether a country name means the place or the state (see resolve/).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faultlines.data import data_path, load_yaml
from faultlines.errors import KnowledgeBaseError
from faultlines.kb.gazetteer import cache_dir

# Ids of the actors generated for every country (kb/countries.py), which entries may refer to.
GENERATED_PREFIXES = ("state", "government", "military", "police", "people")


@dataclass(frozen=True, slots=True)
class Role:
    """A position a person holds in an actor: leader, commander, spokesman..."""

    role: str
    of: str
    since: str | None = None
    until: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A registry entry: a canonical actor with its aliases and links."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    affiliates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    since: str | None = None
    until: str | None = None
    notes: str | None = None
    provenance: str = "builtin"  # the file it came from

    @classmethod
    def from_dict(cls, d: dict[str, Any], provenance: str) -> Actor:
        return cls(
            id=d["id"], name=d["name"], kind=d["kind"], aliases=tuple(d.get("aliases") or ()),
            parents=tuple(d.get("parents") or ()), affiliates=tuple(d.get("affiliates") or ()),
            countries=tuple(d.get("countries") or ()),
            roles=tuple(Role(**r) for r in d.get("roles") or ()),
            since=_date(d.get("since")), until=_date(d.get("until")), notes=d.get("notes"),
            provenance=provenance,
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "name": self.name, "kind": self.kind}
        for key in ("aliases", "parents", "affiliates", "countries"):
            if getattr(self, key):
                d[key] = list(getattr(self, key))
        if self.roles:
            d["roles"] = [{"role": r.role, "of": r.of, "since": r.since, "until": r.until}
                          for r in self.roles]
        for key in ("since", "until", "notes"):
            if getattr(self, key):
                d[key] = getattr(self, key)
        return d


class Registry:
    """All actors by id. `Registry.load()` reads the built-in files and an optional user file."""

    def __init__(self, actors: dict[str, Actor]):
        self.actors = actors
        self._children: tuple[int, dict[str, list[Actor]]] = (-1, {})  # (for how many actors, index)

    def __len__(self) -> int:
        return len(self.actors)

    def __contains__(self, actor_id: str) -> bool:
        return actor_id in self.actors

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def children(self, actor_id: str) -> list[Actor]:
        """The actors that name `actor_id` among their parents (a group's branches), in registry
        order; indexed once, and again only if actors were added since."""
        size, index = self._children
        if size != len(self.actors):
            index = {}
            for actor in self.actors.values():
                for parent in actor.parents:
                    index.setdefault(parent, []).append(actor)
            self._children = (len(self.actors), index)
        return index.get(actor_id, [])

    def holders(self, role: str, of: str | None, when: str | None = None) -> list[Actor]:
        """The persons who held `role` in actor `of` (None: in any) at `when` (ISO, partial
        allowed; None: any time), the most recent first: who "its leader" or "the Minister for
        the Middle East" is in a text of that date."""
        found = []
        for actor in self.actors.values():
            for r in actor.roles:
                if r.role != role or (of is not None and r.of != of):
                    continue
                if when and ((r.since and r.since[:len(when)] > when) or (r.until and r.until < when[:len(r.until)])):
                    continue
                found.append((r.since or "", actor))
        return [a for _, a in sorted(found, key=lambda x: x[0], reverse=True)]

    @classmethod
    def load(cls, user_file: Path | None = None, directory: Path | None = None) -> Registry:
        builtin = directory is None
        directory = directory or data_path("actors")
        schema_text = (data_path("actors") / "schema.json").read_text(encoding="utf-8")
        schema = json.loads(schema_text)
        actors: dict[str, Actor] = {}
        files = sorted(directory.glob("*.yaml"))
        # The built-in files are checked against the schema once per version of them: the
        # validator alone takes longer to import than the registry takes to read.
        stamp = _validated_stamp(files, schema_text) if builtin else None
        for path in files:
            for actor in _read_file(path, schema, validate=not (stamp and stamp.exists())):
                if actor.id in actors:
                    raise KnowledgeBaseError(
                        f"{path.name}: actor id '{actor.id}' is already defined in "
                        f"{actors[actor.id].provenance}; give one of them another id"
                    )
                actors[actor.id] = actor
        if user_file:
            # A user's entry replaces the built-in one with the same id.
            actors.update({a.id: a for a in _read_file(Path(user_file), schema)})
        registry = cls(actors)
        registry.check_links()
        if stamp and not stamp.exists():
            try:
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.touch()
            except OSError:
                pass  # a read-only cache only means checking again next time
        return registry

    def check_links(self) -> None:
        """Every parent, affiliate and role refers to a known actor (or a generated state)."""
        for actor in self.actors.values():
            refs = [*actor.parents, *actor.affiliates, *(r.of for r in actor.roles)]
            for ref in refs:
                if ref not in self.actors and ref.split(":")[0] not in GENERATED_PREFIXES:
                    raise KnowledgeBaseError(
                        f"{actor.provenance}: actor '{actor.id}' refers to unknown actor '{ref}'; "
                        "add it to the registry or fix the id"
                    )


def _read_file(path: Path, schema: dict[str, Any], validate: bool = True) -> list[Actor]:
    if not path.exists():
        raise KnowledgeBaseError(f"{path}: registry file not found; check the path")
    try:
        data = load_yaml(path.resolve())
    except Exception as exc:  # yaml raises many types; all mean the same to a user
        raise KnowledgeBaseError(f"{path}: not valid YAML ({exc}); fix the file") from exc
    if validate:
        _validate(data or [], schema, f"{path.name}: invalid registry entry at ")
    return [Actor.from_dict(d, path.name) for d in data or []]


def _validate(data: Any, schema: dict[str, Any], prefix: str) -> None:
    import jsonschema

    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise KnowledgeBaseError(f"{prefix}{where or 'top level'}: {exc.message}") from exc


def _validated_stamp(files: list[Path], schema_text: str) -> Path:
    """The cache file whose presence says these exact files passed the schema and link checks."""
    digest = hashlib.sha256(schema_text.encode("utf-8"))
    for path in files:
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    return cache_dir() / f"registry-valid-{digest.hexdigest()[:16]}"


def _date(value: object) -> str | None:
    """YAML reads 2021-08-15 as a date; the registry keeps ISO strings."""
    return None if value is None else str(value)


def alias_collisions(registry: Registry) -> list[tuple[str, list[str]]]:
    """Aliases that name more than one actor (after folding): places to look, not always errors."""
    from faultlines.kb.text import name_key

    owners: dict[str, set[str]] = {}
    for actor in registry.actors.values():
        for alias in (actor.name, *actor.aliases):
            owners.setdefault(name_key(alias), set()).add(actor.id)
    return sorted((key, sorted(ids)) for key, ids in owners.items() if len(ids) > 1)


def add_to_file(path: Path, actor: Actor) -> None:
    """Append an actor to a user registry file, after checking it against the whole registry."""
    import yaml

    existing = load_yaml(path.resolve()) if path.exists() else []
    if any(entry.get("id") == actor.id for entry in existing or []):
        raise KnowledgeBaseError(f"{path}: already has an actor '{actor.id}'; edit the file instead")
    entries = [*(existing or []), actor.to_dict()]
    schema = json.loads((data_path("actors") / "schema.json").read_text(encoding="utf-8"))
    _validate(entries, schema, "invalid actor at ")
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        Registry.load(user_file=tmp)  # refuses unknown parents before the real file changes
    except KnowledgeBaseError:
        tmp.unlink()
        raise
    tmp.replace(path)
