"""The `faultlines` command: a thin layer over the library; errors become one line and exit 1."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import click

from faultlines.errors import FaultlinesError

DEFAULT_DB = "faultlines.db"
db_option = click.option(
    "--db", default=DEFAULT_DB, show_default=True, metavar="PATH_OR_URL",
    help="SQLite file path or postgresql:// URL of the store.",
)
max_text_option = click.option(
    "--max-text-mb", type=click.FloatRange(min=0, min_open=True), default=10, show_default=True,
    help="Refuse a document whose text is longer than this many million characters "
         "(analysis takes about ten times a dense text's size in memory).",
)


INTERNAL_ERROR_STATUS = 70  # EX_SOFTWARE: a bug of faultlines, not bad input (status 1)


class FaultlinesGroup(click.Group):
    """Prints FaultlinesError as one line on stderr and exits with status 1; any other exception is
    a bug: one line that asks for a report, status 70, and its traceback only with --debug."""

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a closed pipe shows here, not as a warning when Python exits
            return result
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # usage errors and exits: click prints and ends them its own way
        except BrokenPipeError:
            # The reader went away (`faultlines search ... | head`): stop quietly, as other commands
            # do, with the status of a SIGPIPE; output still buffered goes nowhere, not to an error.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(128 + signal.SIGPIPE)
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            if isinstance(exc, FaultlinesError):
                click.echo(f"error: {exc}", err=True)
                sys.exit(1)
            detail = (str(exc).splitlines() or [""])[0][:300]
            click.echo(f"error: internal error ({type(exc).__name__}{': ' + detail if detail else ''}); this is a "
                       "bug in faultlines, please report it with the command you ran; run it again with --debug "
                       "for the traceback", err=True)
            sys.exit(INTERNAL_ERROR_STATUS)


@click.group(cls=FaultlinesGroup)
@click.version_option(package_name="faultlines")
@click.option("--debug", is_flag=True, envvar="FAULTLINES_DEBUG",
              help="Show the full traceback of any error (for a bug report).")
def main(debug: bool) -> None:
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
@max_text_option
@click.option("--no-store", is_flag=True, help="Do not write to the store.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the output to this file instead of the terminal.")
def analyze(path: Path, fmt: str, db: str, model: str | None, registry: Path | None,
            max_size_mb: float, max_text_mb: float, no_store: bool, out: Path | None) -> None:
    """Analyze one document (.txt .md .html .json .jsonl) and store its model.

    Example: faultlines analyze report.txt --format json
    """
    from faultlines.export.report import to_markdown, to_text
    from faultlines.ingest.limits import Limits
    from faultlines.pipeline import Pipeline, analyze_file
    from faultlines.store import open_store

    store = None if no_store else open_store(db)
    try:
        pipeline = Pipeline.load(model, registry)
        limits = Limits(max_bytes=int(max_size_mb * 1_000_000), max_text_chars=int(max_text_mb * 1_000_000))
        analyses = analyze_file(path, pipeline, store, limits=limits)
    finally:
        if store is not None:
            store.close()
    if fmt == "json":
        payload = [a.to_dict() for a in analyses]
        text = json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2) + "\n"
    else:
        render = to_markdown if fmt == "markdown" else to_text
        text = "\n".join(render(a) for a in analyses)
    _emit(text, out)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores); 1 runs in this process.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes on this machine; dask: a Dask cluster.")
@click.option("--scheduler", default=None, metavar="ADDR",
              help="Address of a running Dask scheduler (with --engine dask); default: a local cluster.")
@click.option("--model", default=None, help="An installed spaCy pipeline to use instead of the built-in one.")
@click.option("--registry", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="A YAML file of your own actors, merged over the built-in registry.")
@click.option("--max-size-mb", type=float, default=50, show_default=True,
              help="Refuse files, downloads and decompressed data larger than this.")
@max_text_option
@click.option("--fetch-timeout", type=click.FloatRange(min=1), default=30, show_default=True, metavar="SECONDS",
              help="Give up a URL after this long (redirects and retries included).")
@click.option("--allow-private-urls", is_flag=True,
              help="Let URLs and their redirects reach loopback and private addresses (refused by default).")
@click.option("--csv-text", default=None, metavar="COLUMN", help="The CSV column that holds the text.")
@click.option("--csv-column", "csv_columns", multiple=True, metavar="FIELD=COLUMN",
              help="A CSV column for a metadata field: title, author, publisher, published, url, language.")
@click.option("--keep-near-duplicates", is_flag=True, help="Analyse near-duplicate documents too.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Documents written per transaction (an interrupted run loses at most one batch).")
@click.option("--quiet", is_flag=True, help="No progress bar; only the summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON (for scripts).")
def ingest(paths: tuple[str, ...], db: str, workers: int | None, engine: str, scheduler: str | None,
           model: str | None, registry: Path | None, max_size_mb: float, max_text_mb: float, csv_text: str | None,
           csv_columns: tuple[str, ...], keep_near_duplicates: bool, batch_size: int, quiet: bool,
           as_json: bool, fetch_timeout: float, allow_private_urls: bool) -> None:
    """Ingest files, directories, globs and URLs into the store, in parallel; resumable.

    Reads everything `analyze` reads, plus .csv, .warc(.gz) and RSS/Atom feeds. A file or record
    that cannot be read is listed with its reason and the rest go on; exit status 1 if any document
    failed (the others are stored).

    Example: faultlines ingest reports/ 'feeds/*.xml' --workers 2
    """
    from faultlines.corpus import ingest as run_ingest
    from faultlines.errors import ConfigError
    from faultlines.ingest.limits import Limits
    from faultlines.ingest.tabular import CsvLayout
    from faultlines.store import open_store

    limits = Limits(max_bytes=int(max_size_mb * 1_000_000), max_text_chars=int(max_text_mb * 1_000_000),
                    timeout=fetch_timeout, allow_private=allow_private_urls)
    columns = {}
    for item in csv_columns:
        name, sep, column = item.partition("=")
        if not sep or name not in ("title", "author", "publisher", "published", "url", "language"):
            raise ConfigError(f"--csv-column '{item}': write FIELD=COLUMN with FIELD one of title, author, "
                              "publisher, published, url, language")
        columns[name] = column
    workers = workers or os.cpu_count() or 1
    store = open_store(db)
    stopped = None
    try:
        runner = _engine(engine, workers, scheduler, model, registry)
        try:
            with _progress(quiet or as_json) as update:
                summary = run_ingest(paths, store, runner, max_bytes=int(max_size_mb * 1_000_000),
                                     csv_layout=CsvLayout(csv_text, columns),
                                     near_duplicates=not keep_near_duplicates, batch=batch_size, on_update=update,
                                     limits=limits)
        finally:
            runner.close()  # ends the workers now, busy or not
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM and SIGHUP as corpus.Stopped
        stopped = exc
    finally:
        store.close()
    if stopped is not None:
        _stopped(getattr(stopped, "signum", signal.SIGINT))
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        facts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in summary.facts.items())
        click.echo(f"{summary.read} documents from {summary.sources} sources in {summary.seconds:.1f} s: "
                   f"{summary.new} new, {summary.already_stored} already stored, {summary.duplicate} duplicate, "
                   f"{summary.near_duplicate} near-duplicate, "
                   + (f"{summary.claimed_elsewhere} left to another ingest, " if summary.claimed_elsewhere else "")
                   + f"{len(summary.failed)} failed")
        click.echo(f"stored: {facts}")
        for failure in summary.failed:
            click.echo(f"failed: {failure.source}: {failure.reason}", err=True)
    if summary.failed:
        sys.exit(1)


def _stopped(signum: int) -> None:
    """Say what an interrupted ingest left, then end as the signal would have ended us, so that
    shells and service managers see the usual status (143 for SIGTERM, 130 for Ctrl-C)."""
    click.echo(f"stopped by {signal.Signals(signum).name}: the store holds every batch written until then; "
               "run the same command again to resume", err=True)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    sys.exit(128 + signum)  # where the signal is ignored


def _engine(name: str, workers: int, scheduler: str | None, model: str | None, registry: Path | None):
    from faultlines.engines import DaskCluster, InProcess, WorkerProcesses
    from faultlines.pipeline import Pipeline

    if name == "dask":
        return DaskCluster(scheduler, workers, model, registry)
    if workers == 1:
        return InProcess(Pipeline.load(model, registry))
    return WorkerProcesses(workers, model, registry)


def _progress(quiet: bool):
    """A context giving the ingest's update callback: a rich progress bar on stderr, or nothing."""
    from contextlib import contextmanager, nullcontext

    if quiet:
        return nullcontext(None)

    @contextmanager
    def bar():
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.fields[of]}"),
                   TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
            task = progress.add_task("ingest", total=None, of="?", rate="")

            def update(s) -> None:
                rate = (f"{s.new / s.seconds:.1f} docs/s, {s.words / s.seconds:,.0f} words/s, "
                        f"{len(s.failed)} errors") if s.seconds else ""
                total = s.read if s.reading_done else None
                progress.update(task, completed=s.done, total=total, of=total if total is not None else f"{s.read}+",
                                rate=rate)

            yield update

    return bar()


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def summary(db: str, as_json: bool) -> None:
    """Summarise the store: counts, the most-named actors and places, the main relations.

    Example: faultlines summary --db faultlines.db
    """
    from faultlines.export.report import place_tag, plural
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
        click.echo(f"  {a['name']} [{a['kind']}] — {plural(a['mentions'], 'mention')} in "
                   f"{plural(a['documents'], 'document')}")
    click.echo("\nMost-named places")
    for p in data["places"]:
        click.echo(f"  {p['name']}{place_tag(p['admin_level'], p['country'])} — {plural(p['mentions'], 'mention')}")
    click.echo("\nRelations")
    for r in data["relations"]:
        click.echo(f"  {r['source']} —{r['type']}→ {r['target']} ({plural(r['documents'], 'document')})")


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


def _actor(store, name: str):
    """The stored entity a user names, or a one-line error saying how to find it."""
    from faultlines.errors import StoreError

    entity = store.find_entity(name)
    if entity is None:
        raise StoreError(f"no actor called '{name}' in the store; `faultlines summary` lists the actors it holds")
    return entity


@main.command()
@click.argument("actor")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html", "json"]), default="text",
              show_default=True, help="html is one self-contained file that opens offline.")
@click.option("--since", default=None, metavar="DATE", help="Only facts dated on or after this ISO date.")
@click.option("--registry", "user_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Your own registry file (YAML), merged over the built-in one.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the dossier to this file instead of the terminal.")
@click.option("--with-branches", is_flag=True,
              help="Roll up the actor's branches (its provinces, wings), each fact marked with its branch.")
def dossier(actor: str, db: str, fmt: str, since: str | None, user_file: Path | None, out: Path | None,
            with_branches: bool) -> None:
    """Everything the store knows about one actor: profile, strength, presence, relations,
    events, outlook and sources, each with its evidence.

    Example: faultlines dossier "Islamic State" --with-branches --format html --out is.html
    """
    from faultlines.analyze.dossier import read_dossier
    from faultlines.export.dossier import render
    from faultlines.kb.registry import Registry
    from faultlines.store import open_store

    since = _since(since)
    with open_store(db) as store:
        entity = _actor(store, actor)
        built = read_dossier(store, entity, Registry.load(user_file), since, with_branches)
    _emit(render(built, fmt), out)


@main.command()
@click.argument("actor")
@db_option
@click.option("--assume", "assumptions", multiple=True, metavar="FACTOR=up|down",
              help="A change to assume, e.g. 'division within the Taliban=up' (repeatable).")
@click.option("--graph", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write the whole causal graph: .graphml or .dot.")
@click.option("--json", "as_json", is_flag=True, help="Print the outlook as JSON.")
def outlook(actor: str, db: str, assumptions: tuple[str, ...], graph: Path | None, as_json: bool) -> None:
    """The causal outlook for an actor: what raises and lowers it, and what follows from changes
    you assume (signs along every path; conflicting paths reported as such).

    Example: faultlines outlook ISIS-K --assume "agreement between the Taliban and the opposition=up"
    """
    from faultlines.analyze.outlook import CausalGraph, actor_outlook
    from faultlines.store import open_store

    with open_store(db) as store:
        entity = _actor(store, actor)
        causal = CausalGraph.from_analyses(store.analyses())
    if graph is not None:
        causal.write(graph)
    found = actor_outlook(causal, entity.id, assumptions)
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(found.text(entity.name))
    if graph is not None:
        click.echo(f"wrote {graph}")


@main.command("export")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["json", "csv", "parquet", "acled-csv", "geojson", "graphml", "gexf", "stix"]),
              help="csv and parquet write one file per table into a directory.")
@db_option
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output file (or directory for csv, parquet); a default name otherwise.")
@click.option("--actor", default=None, help="Only documents that name this actor.")
@click.option("--since", default=None, metavar="DATE", help="Only documents published on or after this date.")
def export_command(fmt: str, db: str, out: Path | None, actor: str | None, since: str | None) -> None:
    """Export the store for other tools: JSON, CSV, Parquet, ACLED CSV, GeoJSON, GraphML, GEXF, STIX 2.1.

    Example: faultlines export --format stix --out model.stix.json
    """
    from faultlines.analyze.merge import dated_since
    from faultlines.export import write_export
    from faultlines.store import open_store

    since = _since(since)
    with open_store(db) as store:
        involving = _actor(store, actor).id if actor else None
        analyses = [a for a in store.analyses(involving=involving) if dated_since(a.document.published, since)]
    for path in write_export(fmt, analyses, out):
        click.echo(f"wrote {path}")
    click.echo(f"{len(analyses)} documents exported as {fmt}", err=True)


def _since(text: str | None) -> str | None:
    from faultlines.dates import ISO_PARTIAL, parse_date
    from faultlines.errors import ConfigError

    if text is None:
        return None
    value = text if ISO_PARTIAL.fullmatch(text) else parse_date(text)
    if value is None:
        raise ConfigError(f"--since '{text}': not a date; write it as 2021, 2021-06 or 2021-06-30")
    return value


def _emit(text: str, out: Path | None) -> None:
    if out:
        from faultlines.export.atomic import write_text_atomically

        write_text_atomically(out, text)  # killed halfway, the previous file stays whole
        click.echo(f"wrote {out}")
    else:
        click.echo(text, nl=False)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only this machine can reach 127.0.0.1.")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--token", envvar="FAULTLINES_TOKEN", default=None,
              help="Token that writing (analyze) needs; default: a new random one, printed.")
@click.option("--max-upload-mb", type=float, default=10, show_default=True, help="Refuse larger uploads.")
@click.option("--model", default=None, help="An installed spaCy pipeline to use instead of the built-in one.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A host name clients use to reach the server (repeatable); others get a 400. "
                   "Default: the --host name and loopback.")
@click.option("--max-analyses", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Analyses admitted at once (uploads read and results saved side by side; the "
                   "pipeline analyses one text at a time); 4 more wait, the rest get a 503.")
def serve(db: str, host: str, port: int, token: str | None, max_upload_mb: float, model: str | None,
          allowed_hosts: tuple[str, ...], max_analyses: int) -> None:
    """Open the store in the browser: search, actor dossiers, documents with their evidence, analyze.

    Example: faultlines serve --db faultlines.db --port 8000
    """
    import secrets

    try:
        from faultlines.web import create_app
        from faultlines.web.server import bind_warning, run
    except ImportError as exc:
        from faultlines.errors import ConfigError

        raise ConfigError("the web app needs its extra: pip install 'faultlines[web]'") from exc
    token = token or secrets.token_urlsafe(18)
    app = create_app(db, token, max_upload_mb, model, host=host, allowed_host_names=allowed_hosts,
                     max_analyses=max_analyses)
    if warning := bind_warning(host):
        click.echo(warning, err=True)
    click.echo(f"faultlines on http://{host}:{port}/  (token for analyzing: {token})")
    run(app, host, port)


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
