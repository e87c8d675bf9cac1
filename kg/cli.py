"""The ``kg`` command: a thin shell over the library. Each command parses options, calls one public
function of :mod:`kg`, and formats what it returns. Data goes to stdout, diagnostics to stderr.

Exit codes: 0 success; 1 ``kg validate`` found violations; 2 bad input (unknown query, parameter,
SPARQL syntax, file, option); 3 the store, or an output file, cannot be opened or written (for
example: busy, a full disk); 4 done, but unreadable inputs were skipped (``kg ingest``,
``kg extract``; each named in a warning).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.errors import KgError
from kg.sources import MAX_RECORD_BYTES
from kg.terminal import printable

EXIT_USAGE = 2
#: Done, but some input could not be read and was skipped (each named in a warning).
EXIT_SKIPPED = 4


_REMOTE = "kg.remote-store"


def _remember(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    ctx.meta.setdefault(_REMOTE, {})[param.name] = value


def _store_option(command=None, *, endpoint_flag: str = "--endpoint"):
    """``--store PATH`` for the embedded store, or ``--endpoint URL`` (+ ``--update-endpoint``,
    ``--graph-store``) for a SPARQL 1.1 server; credentials only from the environment."""
    if command is None:
        return lambda command: _store_option(command, endpoint_flag=endpoint_flag)
    for option in reversed([
        click.option("--store", "store_path", envvar="KG_STORE", metavar="PATH",
                     help="Store folder (or :memory:). Default: $KG_STORE, else ~/.local/share/kommunegraf/store."),
        click.option(endpoint_flag, "endpoint", envvar="KG_ENDPOINT", metavar="URL", expose_value=False, callback=_remember,
                     help="Use the SPARQL 1.1 server answering queries at URL instead of the embedded store "
                     "($KG_ENDPOINT). Credentials: $KG_SPARQL_USER/$KG_SPARQL_PASSWORD or $KG_SPARQL_TOKEN."),
        click.option("--update-endpoint", envvar="KG_UPDATE_ENDPOINT", metavar="URL", expose_value=False,
                     callback=_remember, help="The server's SPARQL update endpoint ($KG_UPDATE_ENDPOINT)."),
        click.option("--graph-store", envvar="KG_GRAPH_STORE", metavar="URL", expose_value=False,
                     callback=_remember, help="The server's Graph Store Protocol endpoint, for bulk loads "
                     "($KG_GRAPH_STORE; oxigraph: /store, Fuseki: /DATASET/data)."),
    ]):
        command = option(command)
    return command


def _open(store_path: str | None, *, reading: bool = False, bootstrap: bool = True):
    """Open the store the options name: for reading (falling back to a snapshot while another
    process writes) or for writing."""
    from kg.store import open_store, open_store_for_reading

    remote = click.get_current_context().meta.get(_REMOTE, {})
    if reading:
        return open_store_for_reading(store_path, **remote)
    return open_store(store_path, bootstrap=bootstrap, **remote)


_allow_service_option = click.option(
    "--allow-service", "allow_service", multiple=True, metavar="HOST",
    help="Let SERVICE and LOAD contact HOST (repeatable; * for any). Default: no other host is contacted.")


def _format_option(choices: tuple[str, ...], default: str | None, help_text: str):
    return click.option("--format", "-f", "fmt", type=click.Choice(choices), default=default,
                        show_default=default is not None, help=help_text)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kommunegraf", prog_name="kg")
def cli() -> None:
    """kommunegraf: a knowledge graph of Norwegian municipal governance.

    Municipalities and counties since 2019 with their numbers across the 2020 and 2024 reforms,
    and (from articles) who holds which office and which networks municipalities belong to.
    """


@cli.command()
@_store_option
@click.option("--force/--if-changed", default=True, show_default=True,
              help="Rebuild even if the store already holds the current reference data.")
def build(store_path: str | None, force: bool) -> None:
    """Build the graph from the shipped data (reference data and the sample articles in
    data/articles/) into the store, and report what it holds."""
    from kg.builder import build as build_graph

    with _open(store_path, bootstrap=False) as store:
        report = build_graph(store, force=force)
        state = "built" if report.rebuilt else "already current"
        click.echo(f"reference graph {state}; {report.articles} sample articles ingested "
                   f"({report.facts} facts) in {report.seconds:.2f} s; "
                   f"store {store.location} holds {report.triples} triples")


@cli.command()
@click.argument("query", required=False, metavar="[NAME|FILE.rq|-]")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable). Values are bound as RDF terms, never pasted.")
@_format_option(("table", "csv", "tsv", "csv-raw", "tsv-raw", "json", "xml", "turtle", "ntriples", "jsonld"), None,
                "Output format. Default: table on a terminal, csv otherwise; turtle for graphs. csv and tsv are "
                "safe to open in a spreadsheet (a cell starting = + - @ gets a ' in front); csv-raw and "
                "tsv-raw are exact SPARQL 1.1 CSV/TSV, for programs.")
@click.option("--allow-update", is_flag=True, help="Allow a SPARQL update to change the store.")
@_allow_service_option
@_store_option
def query(query: str | None, params: tuple[str, ...], fmt: str | None, allow_update: bool,
          allow_service: tuple[str, ...], store_path: str | None) -> None:
    """Run a canned query by NAME, a query FILE, or query text on stdin (no argument or -).

    \b
    Examples:
      kg query municipalities --param date=2024-06-01
      kg query municipality-by-number -p number=0602 -p date=2019-06-01 --format json
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | kg query
    """
    from kg.output import default_format, format_result
    from kg.query import get_query, parse_query, run_query
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param {item!r} must read NAME=VALUE")
        values[name.strip()] = value
    if query in (None, "-"):
        if sys.stdin.isatty():
            raise click.UsageError("give a query name or file, or pipe SPARQL text on stdin")
        parsed = parse_query(sys.stdin.read(), "stdin")
    else:
        parsed = get_query(query)
    store = _open(store_path, reading=not allow_update)
    with store:
        result = run_query(store, parsed, values, allow_update=allow_update, allow_service=allow_service)
    fmt = fmt or default_format(result, sys.stdout.isatty())
    click.echo(format_result(result, fmt), nl=False)


@cli.command()
@_format_option(("table", "json"), "table", "Output format.")
def queries(fmt: str) -> None:
    """List the canned queries with their descriptions and parameters."""
    from kg.query import list_queries

    found = list_queries()
    if fmt == "json":
        click.echo(json.dumps([
            {"name": q.name, "title": q.title, "description": q.description,
             "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                         "description": p.description} for p in q.params]}
            for q in found], ensure_ascii=False, indent=1))
        return
    for q in found:
        click.echo(click.style(q.name, bold=True) + f"  {q.title}")
        click.echo(click.wrap_text(q.description, initial_indent="    ", subsequent_indent="    ", width=96))
        for p in q.params:
            click.echo(f"    --param {p.describe()}: {p.description}")
        click.echo()


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@_format_option(("table", "json"), "table", "Output format.")
@_store_option
def validate(file: Path | None, fmt: str, store_path: str | None) -> None:
    """Check the store (or an RDF FILE) against the SHACL shapes.

    Exit code 0: conforms; 1: violations (listed); 2: error.
    """
    from kg.validation import validate as run_validation

    if file is not None:
        report = run_validation(file)
    else:
        with _open(store_path, reading=True) as store:
            report = run_validation(store)
    if fmt == "json":
        click.echo(json.dumps({"conforms": report.conforms, "triples": report.triples,
                               "violations": [v.__dict__ for v in report.violations]}, ensure_ascii=False, indent=1))
    else:
        for v in report.violations:
            click.echo(printable(f"{v.severity}: {v.focus} {v.path}: {v.message}"))
        verdict = "conforms" if report.conforms else f"does not conform: {len(report.violations)} results"
        click.echo(f"{file or 'store'} ({report.triples} triples) {verdict}")
    if not report.conforms:
        sys.exit(1)


@cli.command()
@_format_option(("table", "json"), "table", "Output format.")
@_store_option
def stats(fmt: str, store_path: str | None) -> None:
    """Count triples per named graph and entities per class."""
    from kg.output import shorten
    from kg.statistics import stats as store_stats

    with _open(store_path, reading=True) as store:
        report = store_stats(store)
    if fmt == "json":
        click.echo(json.dumps({"store": report.location, "triples": report.triples,
                               "graphs": report.graphs, "classes": report.classes}, indent=1))
        return
    click.echo(f"store {report.location}: {report.triples} triples")
    click.echo("\ntriples  named graph")
    for graph, count in report.graphs.items():
        click.echo(f"{count:>7}  {shorten(graph)}")
    click.echo("\nentities class")
    for cls, count in report.classes.items():
        click.echo(f"{count:>7}  {shorten(cls)}")


def _article_options(command):
    """Options shared by the commands that read articles."""
    command = click.option("--loader", metavar="NAME",
                           help="Read every file with this loader (text, html, feed, jsonl) instead of by ending.")(command)
    command = click.option("--date", "default_date", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
                           help="Publication date for articles whose source gives none.")(command)
    command = click.option("--language", type=click.Choice(["nb", "nn"]),
                           help="Written standard of the articles (default: from the source, else detected).")(command)
    command = click.option("--max-record-bytes", default=MAX_RECORD_BYTES, show_default=True,
                           type=click.IntRange(min=1), metavar="N",
                           help="Skip (with a warning) a JSON line, HTML page or feed larger than N bytes. "
                           "Texts longer than 256 K characters are cut at paragraph breaks into articles "
                           "of their own.")(command)
    command = click.option("--strict", is_flag=True,
                           help="Refuse all input at the first unreadable file or line, instead of skipping it.")(command)
    return click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))(command)


@cli.command()
@_article_options
@_format_option(("jsonl", "table", "turtle"), "jsonl", "Output format.")
def extract(paths: tuple[Path, ...], loader: str | None, default_date, language: str | None, strict: bool,
            max_record_bytes: int, fmt: str) -> None:
    """Print the facts in articles (files or folders) without touching the store.

    \b
    The jsonl output is a stable interface: one object per fact with article, type
    (holds_post, member_of, meeting), person/post/organization/organization_id or
    member/member_id/network, valid_from, status and evidence (text, start, end).
    An unreadable file or line is named in a warning and skipped (exit code 4), or with
    --strict refused before anything is printed (exit code 2).
    """
    from kg.extraction import extract as extract_facts
    from kg.ingestion import prepare
    from kg.sources import load

    day = default_date.date() if default_date else None
    graph = None
    if strict:
        for _ in load(paths, loader, max_record_bytes=max_record_bytes):
            pass
    skipped = []

    def skip(problem) -> None:
        skipped.append(problem)
        click.echo(f"kg: warning: {printable(str(problem))}; skipped", err=True)

    for article in load(paths, loader, on_problem=skip, max_record_bytes=max_record_bytes):
        article = prepare(article, day, language)
        extraction = extract_facts(article)
        for check in extraction.checks:
            if not check.agrees:
                click.echo(f"kg: warning: {printable(article.id)}: {printable(check.message())}", err=True)
        if fmt == "jsonl":
            for fact in extraction.facts:
                click.echo(json.dumps(fact.to_json(article.id), ensure_ascii=False))
        elif fmt == "table":
            for fact in extraction.facts:
                click.echo(_fact_line(article.id, fact.to_json(article.id)))
        else:
            from kg.article_graph import article_graph

            graph = graph or _new_graph()
            graph += article_graph(article, extraction)
    if graph is not None:
        click.echo(graph.serialize(format="turtle"), nl=False)
    if skipped:
        sys.exit(EXIT_SKIPPED)


def _new_graph():
    from rdflib import Graph

    from kg.vocab import PREFIXES

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def _fact_line(article_id: str, fact: dict) -> str:
    """One fact as a line of the table; what came from the article is escaped, so it stays one line."""
    where = f"{fact['evidence']['start']}-{fact['evidence']['end']}"
    if fact["type"] == "holds_post":
        org = f"{fact['organization']} ({fact['organization_id']})" if fact["organization_id"] else fact["organization"]
        what = f"{fact['person'] or '—'} | {fact['post']} | {org or '—'} | {fact['status']}"
    elif fact["type"] == "member_of":
        what = f"{fact['member']} | member of | {fact['network']} | from {fact['valid_from'] or '?'} | {fact['status']}"
    else:
        topics = "; ".join(t["text"] for t in fact["topics"])
        what = f"meeting | {fact['network']} | {fact['date']} | {topics}"
    return f"{printable(article_id)}:{where}\t{printable(what)}"


@cli.command()
@_article_options
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1), metavar="N",
              help="Extract in N processes (this one still does all the writing; the result is the same).")
@_store_option
def ingest(paths: tuple[Path, ...], loader: str | None, default_date, language: str | None, strict: bool,
           max_record_bytes: int, workers: int, store_path: str | None) -> None:
    """Extract articles (files or folders) and store their facts, one named graph per article.

    Ingesting an article again replaces its facts, so running twice changes nothing. An unreadable
    file or line is named in a warning and skipped (exit code 4), or with --strict refused before
    anything is stored (exit code 2).
    """
    from kg.ingestion import ingest as run_ingest

    show = sys.stderr.isatty()
    clear = "\r\033[K" if show else ""

    def progress(article, done: int) -> None:
        if show:
            click.echo(f"\r{done} articles ({printable(article.id, 40)})\033[K", err=True, nl=False)

    def skipped(problem) -> None:
        click.echo(f"{clear}kg: warning: {printable(str(problem))}; skipped", err=True)

    with _open(store_path) as store:
        report = run_ingest(store, paths, loader=loader, language=language, progress=progress,
                            default_date=default_date.date() if default_date else None, workers=workers,
                            strict=strict, on_problem=skipped, max_record_bytes=max_record_bytes)
    if show and report.articles:
        click.echo("", err=True)
    for warning in report.warnings:
        click.echo(f"kg: warning: {printable(warning)}", err=True)
    left_out = f"; skipped {len(report.skipped)} unreadable inputs" if report.skipped else ""
    click.echo(f"ingested {report.articles} articles: {report.facts} facts, {report.triples} triples "
               f"in {report.seconds:.2f} s{left_out}")
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


@cli.command()
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLE...")
@_store_option
def remove(articles: tuple[str, ...], store_path: str | None) -> None:
    """Remove articles (by id, IRI or URL) and every fact read from them, and nothing else."""
    from kg.ingestion import remove as remove_article

    with _open(store_path) as store:
        removed = sum(remove_article(store, key) for key in articles)
    click.echo(f"removed {removed} article{'s' if removed != 1 else ''}")


@cli.command(name="eval")
@click.argument("gold", type=click.Path(path_type=Path, exists=True))
@_format_option(("table", "json"), "table", "Output format.")
@click.option("--show/--no-show", default=True, show_default=True, help="List missed and extra facts.")
@click.option("--treebank", type=click.Path(path_type=Path), default=Path("../shared/treebank"), show_default=True,
              help="The treebank folder a passage file's sent_ids point into.")
@click.option("--by-rule", is_flag=True, help="Also list each extraction rule: the facts it read and its precision.")
def eval_(gold: Path, fmt: str, show: bool, treebank: Path, by_rule: bool) -> None:
    """Score extraction against a gold corpus: a folder (articles/, index.jsonl, gold.jsonl) or a
    .jsonl file of treebank passages (tests/corpus/treebank/).

    Prints precision, recall and F1 for holds_post and member_of, and the facts missed and extra.
    """
    from kg.evaluation import evaluate

    result = evaluate(gold, treebank)
    if fmt == "json":
        click.echo(json.dumps({"articles": result.articles, "scores": result.rows(),
                               "missed": result.missed, "extra": result.extra}
                              | ({"rules": result.rule_rows()} if by_rule else {}), ensure_ascii=False, indent=1))
        return
    click.echo(f"{result.articles} articles")
    click.echo(f"{'type':<11} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for row in result.rows():
        click.echo(f"{row['type']:<11} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f} "
                   f"{row['tp']:>4} {row['fp']:>4} {row['fn']:>4}")
    if by_rule:
        rows = result.rule_rows()
        width = max([len(row["rule"]) for row in rows] + [4])
        click.echo(f"\n{'rule':<{width}} {'facts':>5} {'correct':>7} {'precision':>9}")
        for row in rows:
            click.echo(f"{row['rule']:<{width}} {row['facts']:>5} {row['correct']:>7} {row['precision']:>9.3f}")
    if show:
        for label, facts in (("missed", result.missed), ("extra", result.extra)):
            for fact in facts:
                click.echo(f"{label}: " + json.dumps(fact, ensure_ascii=False))


def _graph_options(command):
    """Options that choose which graph to build from the store."""
    for option in reversed([
        click.option("--graph", "graph_kind", type=click.Choice(["governance", "comembership"]), default="governance",
                     show_default=True, help="governance: persons, posts, municipalities, counties, networks; "
                     "comembership: municipalities linked by shared networks."),
        click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Only what existed and held on this day."),
        click.option("--weighting", type=click.Choice(["count", "newman", "jaccard"]), default="count",
                     show_default=True, help="Edge weights of the co-membership graph."),
        click.option("--ego", metavar="NAME_OR_IRI", help="Only the neighbourhood of this entity."),
        click.option("--radius", type=int, default=1, show_default=True, help="Steps from --ego."),
    ]):
        command = option(command)
    return command


@cli.command()
@click.argument("measure", type=click.Choice(["centrality", "communities", "components", "path"]))
@click.argument("entities", nargs=-1, metavar="[A B]")
@_graph_options
@click.option("--top", type=int, default=20, show_default=True, help="Rows of centrality to show (0: all).")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed for the community detection.")
@_format_option(("table", "csv", "csv-raw", "json"), "table",
                "Output format. csv is safe to open in a spreadsheet (a cell starting = + - @ gets a ' in front); "
                "csv-raw is written as it is.")
@_store_option
def analyse(measure: str, entities: tuple[str, ...], graph_kind: str, as_of: str | None, weighting: str,
            ego: str | None, radius: int, top: int, seed: int, fmt: str, store_path: str | None) -> None:
    """Measure the graph: centrality, communities (Louvain), components, or path A B.

    \b
    Examples:
      kg analyse centrality --graph comembership
      kg analyse path Drammen Tromsø      # how they are linked, each step with its source
    """
    from kg.analysis import analyse as run_analysis
    from kg.output import format_rows

    with _open(store_path, reading=True) as store:
        rows = run_analysis(store, measure, entities, graph=graph_kind, as_of=as_of, weighting=weighting,
                            ego=ego, radius=radius, top=top or None, seed=seed)
    click.echo(format_rows(rows, fmt), nl=False)


@cli.command()
@_graph_options
@click.option("--format", "-f", "fmt", required=True,
              type=click.Choice(["graphml", "gexf", "dot", "cytoscape", "json", "html", "png", "svg"]),
              help="gexf: Gephi; graphml: Cytoscape, yEd; html: one offline page; png/svg: figures.")
@click.option("--output", "-o", "output", required=True, type=click.Path(path_type=Path),
              help="File to write (replaced whole, never half-written).")
@click.option("--title", help="Title of the HTML page or figure.")
@_store_option
def export(graph_kind: str, as_of: str | None, weighting: str, ego: str | None, radius: int, fmt: str,
           output: Path, title: str | None, store_path: str | None) -> None:
    """Export a graph for Gephi, Cytoscape, yEd, Graphviz, the browser or a report.

    \b
    Examples:
      kg export --format html -o graph.html
      kg export --graph comembership --weighting jaccard -f gexf -o networks.gexf
      kg export --ego Drammen --radius 2 -f png -o drammen.png
    """
    from kg.analysis import build_graph
    from kg.export import write

    with _open(store_path, reading=True) as store:
        graph = build_graph(store, graph_kind, as_of, weighting, ego, radius)
    write(graph, output, fmt, title=title)
    click.echo(f"wrote {output} ({fmt}): {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")


@cli.group()
def link() -> None:
    """Link the graph to other open data (Wikidata)."""


@link.command(name="wikidata")
@click.option("--endpoint", "source", default=None, metavar="URL",
              help="Wikidata-compatible SPARQL endpoint to read. Default: https://query.wikidata.org/sparql.")
@click.option("--timeout", default=120.0, show_default=True, type=click.FloatRange(min=1), help="Seconds per request.")
@_store_option(endpoint_flag="--store-endpoint")
def link_wikidata(source: str | None, timeout: float, store_path: str | None) -> None:
    """Read Wikidata's mayors of Norwegian municipalities (P6 on Q755707 items) and add them as
    facts, link article persons to them (owl:sameAs) where name, municipality and period agree,
    and record conflicts (list them with: kg query conflicts).

    \b
    Examples:
      kg link wikidata
      kg link wikidata --endpoint http://127.0.0.1:7879/query   # a mirror or local copy

    Here --endpoint is the Wikidata side; a remote kommunegraf store is --store-endpoint.
    """
    from kg.link import DEFAULT_ENDPOINT, link_wikidata as run_link

    with _open(store_path) as store:
        report = run_link(store, source or DEFAULT_ENDPOINT, timeout=timeout)
    for line in report.conflicts:
        click.echo(f"kg: conflict: {printable(line)}", err=True)
    click.echo(f"read {report.statements} head-of-government statements from {report.endpoint} "
               f"({len(report.unplaced)} on no known municipality); stored {report.holdings} holdings, "
               f"{len(report.links)} person links, {len(report.conflicts)} conflicts in {report.seconds:.2f} s")


_MIB = 2**20
#: kg serve's bounds: flag, field of kg.serve.limits.Limits (whose defaults they show), type, help.
_LIMITS = [
    ("--timeout", "timeout", click.FloatRange(min=0.1), "Seconds a query or update may run; then it is stopped."),
    ("--max-rows", "max_rows", click.IntRange(min=1), "Rows an answer may have; larger answers are refused, "
     "never cut short."),
    ("--max-answer-mb", "max_answer_bytes", click.IntRange(min=1), "MiB an answer may have; larger answers "
     "are refused."),
    ("--max-memory-mb", "max_memory", click.IntRange(min=64), "MiB of memory one query or update may use; "
     "then it is stopped."),
    ("--workers", "max_concurrent", click.IntRange(1, 64), "Queries evaluated at once (a process each)."),
    ("--max-body-mb", "max_body", click.IntRange(min=1), "MiB a request body may have."),
    ("--max-connections", "max_connections", click.IntRange(min=1), "Open connections; more are answered 503."),
    ("--idle-timeout", "idle_timeout", click.FloatRange(min=0.1), "Seconds a connection may stay silent."),
]
_IN_MIB = {"max_answer_bytes", "max_memory", "max_body"}


def _limit_options(command):
    from kg.serve.limits import Limits

    defaults = Limits()
    for flag, field, kind, help_text in reversed(_LIMITS):
        default = getattr(defaults, field)
        command = click.option(flag, field, default=default // _MIB if field in _IN_MIB else default,
                               show_default=True, type=kind, help=help_text)(command)
    return command


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the store to the network.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL updates and Graph Store writes (not from web pages of other origins; "
              "with $KG_SERVE_TOKEN set, only with that token).")
@_limit_options
@click.option("--cors", is_flag=True, help="Let web pages on other origins (YASGUI) read answers; never write.")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Answer requests for host NAME too (repeatable; localhost and IP addresses always are).")
@click.option("--allow-form-updates", is_flag=True,
              help="Accept updates sent form-encoded (update=…), as HTML forms send them.")
@_allow_service_option
@click.option("--store", "store_path", envvar="KG_STORE", metavar="PATH",
              help="Store folder. Default: $KG_STORE, else ~/.local/share/kommunegraf/store.")
def serve(host: str, port: int, allow_update: bool, cors: bool, allowed_hosts: tuple[str, ...],
          allow_form_updates: bool, allow_service: tuple[str, ...], store_path: str | None, **limits) -> None:
    """Serve the store as a SPARQL 1.1 endpoint: /query, /update, /store (Graph Store Protocol).

    Read-only unless --allow-update. With it, the server holds the store, so write through it:
    kg ingest FILES --endpoint http://127.0.0.1:7878/query --update-endpoint http://127.0.0.1:7878/update

    \b
    Examples:
      kg serve --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    import os
    import signal

    from kg.serve import Limits, Policy, make_server
    from kg.store import default_store_path

    policy = Policy(allow_update=allow_update, cors=cors, allowed_hosts=allowed_hosts,
                    token=os.environ.get("KG_SERVE_TOKEN") or None, allow_service=allow_service,
                    allow_form_updates=allow_form_updates)
    limits = Limits(**{field: value * _MIB if field in _IN_MIB else value for field, value in limits.items()})
    location = str(store_path or default_store_path())
    server = make_server(location, host, port, policy=policy, limits=limits,
                         log=lambda line: click.echo(line, err=True))
    bound_host, bound_port = server.server_address[:2]
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"kg: warning: listening on {host}: anyone who can reach it can query the store", err=True)
    mode = "read-write" if allow_update else "read-only"
    click.echo(f"serving {server.endpoint.location} ({mode}) at http://{bound_host}:{bound_port}/query "
               f"(updates: /update, graphs: /store); Ctrl-C stops", err=True)
    def stop(*_) -> None:
        raise KeyboardInterrupt  # SIGTERM too: the worker processes are stopped and the writer flushes

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the CLI and turns our errors into one line on stderr and an exit code."""
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except KgError as error:
        click.echo(f"kg: error: {printable(str(error))}", err=True)  # messages name inputs
        return error.exit_code
    except click.exceptions.Abort:
        click.echo("kg: aborted", err=True)
        return 130
    except click.ClickException as error:
        click.echo(f"kg: error: {printable(error.format_message())}", err=True)
        return error.exit_code
    except SystemExit as exit_:  # raised by commands with their own code (kg validate)
        return int(exit_.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
