"""The `faultlines` command: a thin layer over the library; errors become one line and exit 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from faultlines.errors import FaultlinesError

DEFAULT_DB = "faultlines.db"
db_option = click.option(
    "--db", default=DEFAULT_DB, show_default=True, metavar="PATH_OR_URL",
    help="SQLite file path or postgresql:// URL of the store.",
)


class FaultlinesGroup(click.Group):
    """Prints FaultlinesError as one line on stderr and exits with status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except FaultlinesError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=FaultlinesGroup)
@click.version_option(package_name="faultlines")
def main() -> None:
    """faultlines: read reports on armed conflict, build a sourced model of the conflict."""


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="Output: a terminal summary, the JSON model, or a Markdown report.")
@db_option
@click.option("--model", default=None, help="An installed spaCy pipeline to use instead of the built-in one.")
@click.option("--registry", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="A YAML file of your own actors, merged over the built-in registry.")
@click.option("--max-size-mb", type=float, default=50, show_default=True,
              help="Refuse files larger than this.")
@click.option("--no-store", is_flag=True, help="Do not write to the store.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the output to this file instead of the terminal.")
def analyze(path: Path, fmt: str, db: str, model: str | None, registry: Path | None,
            max_size_mb: float, no_store: bool, out: Path | None) -> None:
    """Analyze one document (.txt .md .html .json .jsonl) and store its model.

    Example: faultlines analyze report.txt --format json
    """
    from faultlines.export.report import to_markdown, to_text
    from faultlines.pipeline import Pipeline, analyze_file
    from faultlines.store import open_store

    store = None if no_store else open_store(db)
    try:
        pipeline = Pipeline.load(model, registry)
        analyses = analyze_file(path, pipeline, store, int(max_size_mb * 1_000_000))
    finally:
        if store is not None:
            store.close()
    if fmt == "json":
        payload = [a.to_dict() for a in analyses]
        text = json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2) + "\n"
    else:
        render = to_markdown if fmt == "markdown" else to_text
        text = "\n".join(render(a) for a in analyses)
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}")
    else:
        click.echo(text, nl=False)


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def summary(db: str, as_json: bool) -> None:
    """Summarise the store: counts, the most-named actors and places, the main relations.

    Example: faultlines summary --db faultlines.db
    """
    from faultlines.store import open_store

    with open_store(db) as store:
        data = store.summary()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    counts = data["counts"]
    click.echo(f"{db}: " + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items()))
    click.echo("\nMost-named actors")
    for a in data["actors"]:
        click.echo(f"  {a['name']} [{a['kind']}] — {a['mentions']} mentions in {a['documents']} documents")
    click.echo("\nMost-named places")
    for p in data["places"]:
        click.echo(f"  {p['name']} [{p['admin_level']}, {p['country']}] — {p['mentions']} mentions")
    click.echo("\nRelations")
    for r in data["relations"]:
        click.echo(f"  {r['source']} —{r['type']}→ {r['target']} ({r['documents']} documents)")


@main.command()
@click.argument("query")
@db_option
def search(query: str, db: str) -> None:
    """Full-text search over the stored documents.

    Example: faultlines search '"Islamic State" AND Nangarhar'
    """
    from faultlines.store import open_store

    with open_store(db) as store:
        for hit in store.search(query):
            click.echo(f"{hit['id']}  {hit['title'] or ''}\n    {hit['snippet']}")


@main.group()
def registry() -> None:
    """The actor registry: list, show, check and extend it."""


registry_option = click.option(
    "--registry", "user_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Your own registry file (YAML), merged over the built-in one.",
)


@registry.command("list")
@click.option("--kind", default=None, help="Only actors of this kind (armed_group, person, ...).")
@click.option("--country", default=None, help="Only actors operating in this country (ISO code).")
@registry_option
def registry_list(kind: str | None, country: str | None, user_file: Path | None) -> None:
    """List actors: id, kind, countries, name.

    Example: faultlines registry list --kind armed_group --country AF
    """
    from faultlines.kb.registry import Registry

    for actor in sorted(Registry.load(user_file).actors.values(), key=lambda a: a.id):
        if (kind and actor.kind != kind) or (country and country.upper() not in actor.countries):
            continue
        click.echo(f"{actor.id:40} {actor.kind:18} {','.join(actor.countries):10} {actor.name}")


@registry.command("show")
@click.argument("name")
@registry_option
def registry_show(name: str, user_file: Path | None) -> None:
    """Show one actor, by id or by any of its aliases, as YAML.

    Example: faultlines registry show ISKP
    """
    import yaml

    from faultlines.errors import KnowledgeBaseError
    from faultlines.kb.registry import Registry
    from faultlines.kb.text import name_key

    reg = Registry.load(user_file)
    actor = reg.get(name) or next(
        (a for a in reg.actors.values() if name_key(name) in {name_key(x) for x in (a.name, *a.aliases)}), None)
    if actor is None:
        raise KnowledgeBaseError(f"no actor called '{name}'; try `faultlines registry list`")
    click.echo(yaml.safe_dump(actor.to_dict(), allow_unicode=True, sort_keys=False), nl=False)


@registry.command("check")
@registry_option
def registry_check(user_file: Path | None) -> None:
    """Validate the registry (schema, unique ids, links) and report shared aliases.

    Example: faultlines registry check --registry my-actors.yaml
    """
    from collections import Counter

    from faultlines.kb.registry import Registry, alias_collisions

    reg = Registry.load(user_file)
    kinds = Counter(a.kind for a in reg.actors.values())
    click.echo(f"ok: {len(reg)} actors (" + ", ".join(f"{n} {k}" for k, n in kinds.most_common()) + ")")
    for key, ids in alias_collisions(reg):
        click.echo(f"shared alias '{key}': {', '.join(ids)}")


@registry.command("add")
@click.argument("actor_id")
@click.option("--name", required=True, help="Canonical name.")
@click.option("--kind", required=True, help="armed_group, faction, state, government, person, ...")
@click.option("--alias", "aliases", multiple=True, help="An alias (repeat for more).")
@click.option("--parent", "parents", multiple=True, help="Id of an actor it is part of (repeatable).")
@click.option("--country", "countries", multiple=True, help="ISO code of a country it operates in.")
@click.option("--registry", "user_file", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Your registry file to add the actor to (created if missing).")
def registry_add(actor_id: str, name: str, kind: str, aliases: tuple[str, ...], parents: tuple[str, ...],
                 countries: tuple[str, ...], user_file: Path) -> None:
    """Add an actor to your own registry file.

    Example: faultlines registry add kunar-militia --name "Kunar Militia" --kind armed_group --registry mine.yaml
    """
    from faultlines.kb.registry import Actor, add_to_file

    actor = Actor(actor_id, name, kind, tuple(aliases), tuple(parents), (), tuple(c.upper() for c in countries))
    add_to_file(user_file, actor)
    click.echo(f"added {actor_id} to {user_file}")
