"""Command line: ``ingest``, ``flags``, ``query``, ``schema``, ``rules check``; for reviewers and
researchers ``documents``, ``show``, ``report``, ``export``, ``serve``.

Each command parses its arguments, calls one function and turns errors into a
one-line message. Data goes to stdout; progress and problems to stderr; with
``--verbose`` or ``--log FILE`` the log holds the details (tracebacks of
internal errors among them). Exit codes: 0 ran (even when some documents
failed), 1 unusable database or rules, 2 usage error.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import sqlite3
import sys

import click

from .limits import DEFAULT as DEFAULT_LIMITS
from .store import DEFAULT_DB

log = logging.getLogger("extract")

db_option = click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
    help="SQLite corpus file.",
)


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def setup_logging(verbose: bool, log_file: str | None) -> None:
    """Warnings to stderr as one line; with --verbose everything, tracebacks
    included; --log FILE keeps everything in a file whatever the terminal shows."""
    root = logging.getLogger("extract")
    root.setLevel(logging.DEBUG)
    root.handlers.clear()
    terminal = logging.StreamHandler(sys.stderr)
    terminal.setLevel(logging.DEBUG if verbose else logging.WARNING)
    terminal.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(terminal)
    if log_file:
        try:
            handler = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as exc:
            fail(f"{log_file}: cannot write the log ({exc.strerror or exc})")
        handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(name)s %(levelname)s: %(message)s"))
        root.addHandler(handler)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hanke-extract")
@click.option("--verbose", "-v", is_flag=True, help="Show the log on stderr, tracebacks of internal errors included.")
@click.option("--log", "log_file", type=click.Path(dir_okay=False), help="Append the full log to this file.")
def cli(verbose: bool, log_file: str | None) -> None:
    """Turn Finnish grant-plan documents into a checked SQLite corpus."""
    setup_logging(verbose, log_file)


rules_option = click.option(
    "--rules", "rules_dir", type=click.Path(file_okay=False, exists=True),
    help="Folder of rule files to use instead of the default rules (also: $EXTRACT_RULES).",
)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@rules_option
@click.option("--ocr", is_flag=True, help="Read scanned PDFs (no text layer) by OCR: needs tesseract with Finnish.")
@click.option("--jobs", "-j", type=click.IntRange(0), default=None,
              help="Worker processes that read documents (default: one per core; 0: read in this process).")
@click.option("--force", is_flag=True, help="Re-extract documents already stored by this version.")
@click.option("--dry-run", is_flag=True, help="List what would be read and why; write nothing.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False),
              help="Write a JSON report: one entry per document (status, error, seconds, pages, counts, flags).")
@click.option("--fail-on", type=click.Choice(["failed", "error"]),
              help="Exit 3 when a document failed ('failed'), or failed or has an error flag ('error').")
@click.option("--timeout", type=click.FloatRange(0), default=DEFAULT_LIMITS.timeout_s, show_default=True,
              help="Seconds one document may take (0: no limit).")
@click.option("--memory-mib", type=click.IntRange(256), default=DEFAULT_LIMITS.memory_mib, show_default=True,
              help="Memory (address space, MiB) a worker may use for one document.")
@click.option("--max-pages", type=click.IntRange(1), default=DEFAULT_LIMITS.max_pages, show_default=True,
              help="PDFs with more pages are refused.")
@click.option("--max-mib", type=click.IntRange(1), default=DEFAULT_LIMITS.max_mib, show_default=True,
              help="Files larger than this (MiB) are refused unread.")
def ingest(paths: tuple[str, ...], db_path: str, rules_dir: str | None, ocr: bool, jobs: int | None, force: bool,
           dry_run: bool, report_file: str | None, fail_on: str | None,
           timeout: float, memory_mib: int, max_pages: int, max_mib: int) -> None:
    """Read, check and store plan documents (files or folders, recursively).

    Safe to interrupt (each document is stored whole or not at all; run the
    same command again to continue) and to run twice at once on one database."""
    from . import pipeline, rules
    from .limits import Limits
    from .store import StoreError, open_db, open_read_only

    rules.use_rules(rules_dir)
    try:
        rules.validate()  # a bad rule set stops the batch before any document is touched
        version = pipeline.extractor_version(ocr)
        if dry_run:
            db = open_read_only(db_path) if os.path.exists(db_path) else None
        else:
            db = open_db(db_path)
    except (StoreError, rules.RuleError) as exc:
        fail(str(exc))
    files, skipped = pipeline.collect(list(paths))
    for item in skipped:
        click.echo(f"skipped: {pipeline.display_path(item.path)}: {item.reason}", err=True)
    jobs = min(os.cpu_count() or 1, len(files)) if jobs is None else jobs
    batch = pipeline.Batch(version, ocr=ocr, jobs=jobs, force=force,
                           limits=Limits(max_mib=max_mib, max_pages=max_pages, timeout_s=timeout, memory_mib=memory_mib))
    if dry_run:
        for path, what in pipeline.dry_run(db, files, batch):
            click.echo(f"{what}\t{path}")
        return
    outcomes = []
    with click.progressbar(length=len(files), label="ingesting", file=sys.stderr) as bar:
        try:
            for outcome in pipeline.ingest_batch(db, files, batch):
                if outcome.status == "failed":
                    kept = " (the earlier good extraction is kept)" if outcome.kept else ""
                    click.echo(f"\nfailed: {outcome.path}: {outcome.error}{kept}", err=True)
                outcomes.append(outcome)
                bar.update(1)
        except KeyboardInterrupt:
            click.echo(f"\ninterrupted: {len(outcomes)} of {len(files)} documents done, each stored whole; "
                       "run the same command again to continue", err=True)
            sys.exit(130)
        except rules.RuleError as exc:
            fail(str(exc))
        except sqlite3.Error as exc:
            fail(f"{db_path}: cannot write: {exc}")
    click.echo(summary(db, outcomes, len(skipped)), err=True)
    if report_file:
        write_report(db, outcomes, skipped, report_file)
    if fail_on and _should_fail(db, outcomes, fail_on):
        sys.exit(3)


def _should_fail(db, outcomes, fail_on: str) -> bool:
    if any(o.status == "failed" for o in outcomes):
        return True
    if fail_on == "error":
        ids = [o.document_id for o in outcomes]
        marks = ",".join("?" * len(ids)) or "''"
        return db.execute(f"select count(*) from flags where severity = 'error' and document_id in ({marks})",
                          ids).fetchone()[0] > 0
    return False


def write_report(db, outcomes, skipped, path: str) -> None:
    """The batch as JSON, one entry per document, for scripts and pipelines."""
    from .schema import CHILD_TABLES

    entries = []
    for o in outcomes:
        counts = {name: db.execute(f"select count(*) from [{name}] where document_id = ?", [o.document_id]).fetchone()[0]
                  for name in CHILD_TABLES if name != "flags"}
        flags = dict(db.execute("select severity, count(*) from flags where document_id = ? group by severity",
                                [o.document_id]).fetchall())
        entries.append({"path": o.path, "document_id": o.document_id, "status": o.status, "error": o.error,
                        "kept_earlier_extraction": o.kept, "seconds": o.seconds, "pages": o.pages,
                        "counts": counts, "flags": {s: flags.get(s, 0) for s in ("error", "warning", "info")}})
    report = {"documents": entries, "skipped": [{"path": s.path, "reason": s.reason} for s in skipped]}
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=1)
    except OSError as exc:
        fail(f"{path}: cannot write the report ({exc.strerror or exc})")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
def forget(paths: tuple[str, ...], db_path: str) -> None:
    """Remove the documents stored under PATHS (files, or folders: every
    document below them), e.g. after their files were deleted."""
    from .merge import forget as forget_paths
    from .store import StoreError, open_db

    try:
        gone = forget_paths(open_db(db_path), list(paths))
    except StoreError as exc:
        fail(str(exc))
    for path in gone:
        click.echo(f"forgot: {path}", err=True)
    click.echo(f"{len(gone)} documents forgotten", err=True)


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The corpus to merge into (created if missing).")
def merge(sources: tuple[str, ...], output: str) -> None:
    """Combine corpora built on several machines into OUTPUT. The same
    document in two of them is kept once: the newer extraction wins."""
    from .merge import merge as merge_corpora
    from .store import StoreError, open_db

    if any(os.path.abspath(s) == os.path.abspath(output) for s in sources):
        raise click.UsageError("the output must not be one of the sources")
    try:
        count = merge_corpora(open_db(output), list(sources))
    except StoreError as exc:
        fail(str(exc))
    click.echo(f"{len(sources)} databases merged into {output}: {count.added} documents added, "
               f"{count.replaced} replaced by a newer extraction, {count.kept} already there", err=True)


def summary(db, outcomes, skipped: int = 0) -> str:
    """Closing lines: what this batch holds in the database."""
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("ok", "unchanged", "failed")}
    ids = sorted({o.document_id for o in outcomes})
    marks = ",".join("?" * len(ids)) or "''"

    def count(sql: str) -> int:
        return db.execute(sql.format(ids=marks), ids).fetchone()[0]

    severities = dict(
        db.execute(f"select severity, count(*) from flags where document_id in ({marks}) group by severity", ids).fetchall()
    )
    return (
        f"{len(outcomes)} documents: {counts['ok']} ingested, {counts['unchanged']} unchanged, {counts['failed']} failed"
        + (f" ({sum(o.kept for o in outcomes)} of them keep an earlier good extraction)" if any(o.kept for o in outcomes) else "")
        + (f"; {skipped} special files skipped" if skipped else "") + "\n"
        f"{count('select count(*) from work_packages where document_id in ({ids})')} work packages, "
        f"{count('select count(*) from amounts where document_id in ({ids})')} amounts, "
        f"{count('select count(*) from cost_cells where document_id in ({ids})')} cost cells, "
        f"{count('select count(*) from phase_marks where document_id in ({ids})')} phase marks\n"
        f"flags: {severities.get('error', 0)} error, {severities.get('warning', 0)} warning, "
        f"{severities.get('info', 0)} info"
    )


@cli.command()
@db_option
@click.option("--document", help="Document id (or its start), file name or path.")
@click.option("--severity", type=click.Choice(["error", "warning", "info"]), help="Only this severity.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of text.")
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True,
              help="Language of the messages.")
def flags(db_path: str, document: str | None, severity: str | None, as_json: bool, lang: str) -> None:
    """List the inconsistencies found, with page and line (Finnish; --lang en for English)."""
    from .store import StoreError, open_read_only

    try:
        conn = open_read_only(db_path)
    except StoreError as exc:
        fail(str(exc))
    sql = (
        "select d.filename, d.path, f.document_id, f.rule, f.severity, "
        f"{'coalesce(f.message_en, f.message)' if lang == 'en' else 'f.message'} as message, f.expected, f.actual, "
        "f.page, f.line, f.fingerprint, f.evidence from flags f join documents d on d.id = f.document_id where 1=1"
    )
    params: list = []
    if document:
        sql += " and (d.id like ? or d.filename = ? or d.path = ?)"
        params += [document + "%", document, document]
    if severity:
        sql += " and f.severity = ?"
        params.append(severity)
    sql += " order by d.filename, f.line, f.id"
    for row in conn.execute(sql, params):
        if as_json:
            item = dict(row)
            item["evidence"] = json.loads(item["evidence"] or "{}")
            click.echo(json.dumps(item, ensure_ascii=False))
        else:
            page = f"{'page' if lang == 'en' else 'sivu'} {row['page']}, " if row["page"] and row["page"] > 1 else ""
            line = f"{'line' if lang == 'en' else 'rivi'} {row['line']}"
            click.echo(f"{row['filename']} ({page}{line}): {row['severity']}: [{row['rule']}] {row['message']}")


@cli.command()
@click.argument("sql")
@db_option
@click.option("--param", "-p", "params", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Bind :NAME in the SQL to VALUE (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
def query(sql: str, db_path: str, params: tuple[tuple[str, str], ...], fmt: str) -> None:
    """Run a read-only SQL query against the corpus (every row and every cell in full)."""
    from .store import StoreError, open_read_only

    try:
        conn = open_read_only(db_path)
        cursor = conn.execute(sql, dict(params))
    except StoreError as exc:
        fail(str(exc))
    except sqlite3.Error as exc:
        fail(f"query failed: {exc}")
    columns = [d[0] for d in cursor.description or []]
    print_rows(columns, [tuple(r) for r in cursor.fetchall()], fmt)


def print_rows(columns: list[str], rows: list[tuple], fmt: str) -> None:
    """Rows to stdout as a table, CSV, TSV or JSON."""
    if fmt == "json":
        click.echo(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1, default=_json_value))
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(sys.stdout, dialect="excel-tab" if fmt == "tsv" else "excel")
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        click.echo(format_table(columns, rows))


def _json_value(value):
    """BLOB columns (documents.path_bytes) as text with undecodable bytes escaped."""
    return value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else str(value)


def format_table(columns: list[str], rows: list[tuple]) -> str:
    """Aligned columns, every cell in full: a newline or tab inside a cell is shown as ⏎ or ⇥."""
    text = [[("" if v is None else str(v)).replace("\n", "⏎").replace("\t", "⇥") for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in text]) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(r) for r in text])


@cli.group("rules")
def rules_group() -> None:
    """The rule files: patterns and vocabularies the recognisers read."""


@rules_group.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True))
def rules_check(directory: str | None) -> None:
    """Validate every rule file (keys, types, patterns) and run every example.

    DIRECTORY defaults to the rules in use ($EXTRACT_RULES, else the default
    rules). Exit 1 at the first invalid file or with any failing example."""
    from . import rule_examples, rules

    rules.use_rules(directory)
    try:
        rules.validate()
        examples = rule_examples.load_examples()
        failing = [(e, reason) for e in examples if (reason := rule_examples.failure(e))]
    except rules.RuleError as exc:
        fail(str(exc))
    where = rules.rules_dir()
    for example, reason in failing:
        click.echo(f"{where / 'examples' / (example.file + '.toml')}:{example.line}: {example.text!r}: {reason}", err=True)
    if failing:
        fail(f"{len(failing)} of {len(examples)} examples fail")
    click.echo(f"{where}: {len(rules.RULE_FILES)} rule files valid, {len(examples)} examples pass")


@cli.command("checks")
@click.option("--markdown", is_flag=True, help="The table of checks as Markdown (as in the README).")
def list_checks(markdown: bool) -> None:
    """List the reviewer's checks: rule id, family, severity, what it checks."""
    from .checks import RULES, markdown_table
    from .checks.registry import configured

    if markdown:
        click.echo(markdown_table())
        return
    for rule_id, (enabled, severity) in configured().items():
        spec = RULES[rule_id]
        state = severity if enabled else "off"
        click.echo(f"{rule_id:24} {spec.family:11} {state:8} {spec.fi} / {spec.en}")


@cli.command()
def schema() -> None:
    """Print docs/schema.md (the corpus tables and columns)."""
    from .schema import markdown

    click.echo(markdown(), nl=False)


# --- reviewers and researchers: documents, show, report, export, serve (issue 14) ---


def _read_only(db_path: str):
    from .store import StoreError, open_read_only

    try:
        return open_read_only(db_path)
    except StoreError as exc:
        fail(str(exc))


def _document(conn, ref: str) -> dict:
    from .corpus import NotFound, find_document

    try:
        return find_document(conn, ref)
    except NotFound as exc:
        fail(str(exc))


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
def documents(db_path: str, fmt: str) -> None:
    """Every document: status, error, title and how many rows of each kind it has."""
    from .corpus import document_summaries

    found = document_summaries(_read_only(db_path))
    columns = list(found[0]) if found else ["id", "filename", "status", "error", "title"]
    print_rows(columns, [tuple(d.values()) for d in found], fmt)


@cli.command()
@click.argument("document")
@db_option
def show(document: str, db_path: str) -> None:
    """The outline of one document: sections and work units with cost, page and line."""
    from . import i18n
    from .corpus import outline

    conn = _read_only(db_path)
    doc = _document(conn, document)
    period = f"{doc['project_start'] or '?'} – {doc['project_end'] or '?'}" if doc["project_start"] else "no period found"
    click.echo(f"{doc['title'] or '(no title)'}\n{doc['path']} · {doc['format']} · {doc['status']} · {period}")

    def walk(nodes, depth):
        for n in nodes:
            cost = f"  {i18n.eur(n.cost_eur)}" if n.cost_eur is not None else ""
            title = f": {n.title}" if n.title else ""
            click.echo(f"{'  ' * depth}{n.kind} {n.number or ''}{title}{cost}  [page {n.page}, line {n.line}]")
            walk(n.children, depth + 1)

    walk(outline(conn, doc["id"]), 0)


@cli.command()
@click.argument("document", required=False)
@db_option
@click.option("--all", "all_documents", is_flag=True, help="One page per document and an index page, into -o DIR.")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True)
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="File to write (a folder with --all); default: stdout.")
def report(document: str | None, db_path: str, all_documents: bool, fmt: str, lang: str, output: str | None) -> None:
    """The reviewer's report of one document (self-contained HTML, or Markdown)."""
    from pathlib import Path

    from . import report as reports
    from .corpus import document_summaries

    if bool(document) == all_documents:
        raise click.UsageError("give a DOCUMENT or --all (with -o DIR)")
    conn = _read_only(db_path)
    if not all_documents:
        text = reports.report(conn, _document(conn, document)["id"], fmt, lang)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
        return
    if not output:
        raise click.UsageError("--all needs -o DIR")
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    summaries = document_summaries(conn)
    files = {}
    for doc in summaries:
        name = f"{Path(doc['filename']).stem}-{doc['id'][:8]}.{fmt}"
        (folder / name).write_text(reports.report(conn, doc["id"], fmt, lang), encoding="utf-8")
        files[doc["id"]] = name
    (folder / "index.html").write_text(reports.render_index(summaries, files, lang), encoding="utf-8")
    click.echo(f"{len(files)} reports and index.html in {folder}", err=True)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "parquet", "sql"]), required=True,
              help="sql: one PostgreSQL script, corpus.sql (tables, COPY data, foreign keys).")
@click.option("-o", "--output", type=click.Path(file_okay=False), required=True, help="Folder to write into.")
def export(db_path: str, fmt: str, output: str) -> None:
    """Every table and view of the corpus as files (one per table) in a folder,
    or (--format sql) the whole corpus as a PostgreSQL script."""
    conn = _read_only(db_path)
    if fmt == "sql":
        from .pgsql import script

        target = os.path.join(output, "corpus.sql")
        os.makedirs(output, exist_ok=True)
        with open(target, "w", encoding="utf-8") as out:
            out.writelines(script(conn))
        click.echo(f"{target}: load it with psql -v ON_ERROR_STOP=1 -f {target}", err=True)
        return
    from .export import export_all

    written = export_all(conn, output, fmt)
    click.echo(f"{len(written)} files in {output}", err=True)


@cli.command()
@db_option
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(db_path: str, port: int, host: str) -> None:
    """Browse and search the corpus in Datasette, read-only."""
    from .serve import serve as run_datasette

    from .store import settle_write_ahead_log

    _read_only(db_path)  # a missing or broken file is a one-line error, not a server that shows nothing
    if not settle_write_ahead_log(db_path):
        click.echo(f"warning: {db_path} is being written (an ingest is running?): the server shows it as it was "
                   "before the running transaction", err=True)
    sys.exit(run_datasette(db_path, host, port))


def main() -> None:
    cli()
