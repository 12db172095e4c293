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
def analyze(path: Path, fmt: str, db: str, model: str | None, registry: Path | None,
            max_size_mb: float, no_store: bool) -> None:
    """Analyze one document (.txt .md .html .json .jsonl) and store its model.

    Example: faultlines analyze report.txt --format json
    """
    from faultlines.export.report import to_json, to_markdown, to_text
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
        click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
        return
    render = to_markdown if fmt == "markdown" else to_text
    click.echo("\n".join(render(a) for a in analyses), nl=False)


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
