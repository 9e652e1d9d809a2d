"""Command line: ``ingest``, ``flags``, ``query``, ``schema``.

Each command parses its arguments, calls one function and turns errors into a
one-line message. Data goes to stdout; progress and problems to stderr.
Exit codes: 0 ran (even when some documents failed), 1 unusable database or
rules, 2 usage error.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys

import click

from .store import DEFAULT_DB

db_option = click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
    help="SQLite corpus file.",
)


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hanke-extract")
def cli() -> None:
    """Turn Finnish grant-plan documents into a checked SQLite corpus."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--ocr", is_flag=True, help="Read scanned PDFs (no text layer) by OCR: needs tesseract with Finnish.")
@click.option("--jobs", "-j", type=click.IntRange(0), default=None,
              help="Worker processes that read documents (default: one per core; 0: read in this process).")
def ingest(paths: tuple[str, ...], db_path: str, ocr: bool, jobs: int | None) -> None:
    """Read, check and store plan documents (files or folders, recursively)."""
    from . import pipeline, rules
    from .store import StoreError, open_db

    try:
        db = open_db(db_path)
        version = pipeline.extractor_version(ocr)
    except (StoreError, rules.RuleError) as exc:
        fail(str(exc))
    files = pipeline.collect(list(paths))
    jobs = min(os.cpu_count() or 1, len(files)) if jobs is None else jobs
    outcomes = []
    with click.progressbar(length=len(files), label="ingesting", file=sys.stderr) as bar:
        try:
            for outcome in pipeline.ingest_batch(db, files, version, ocr=ocr, jobs=jobs):
                if outcome.status == "failed":
                    click.echo(f"\nfailed: {outcome.path}: {outcome.error}", err=True)
                outcomes.append(outcome)
                bar.update(1)
        except rules.RuleError as exc:
            fail(str(exc))
        except sqlite3.Error as exc:
            fail(f"{db_path}: cannot write: {exc}")
    click.echo(summary(db, outcomes), err=True)


def summary(db, outcomes) -> str:
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
        f"{len(outcomes)} documents: {counts['ok']} ingested, {counts['unchanged']} unchanged, {counts['failed']} failed\n"
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
def flags(db_path: str, document: str | None, severity: str | None, as_json: bool) -> None:
    """List the inconsistencies found."""
    from .store import StoreError, open_read_only

    try:
        conn = open_read_only(db_path)
    except StoreError as exc:
        fail(str(exc))
    sql = (
        "select d.filename, d.path, f.document_id, f.rule, f.severity, f.message, f.expected, f.actual, "
        "f.page, f.line, f.evidence from flags f join documents d on d.id = f.document_id where 1=1"
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
            click.echo(f"{row['filename']}:{row['line']}: {row['severity']}: [{row['rule']}] {row['message']}")


@cli.command()
@click.argument("sql")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def query(sql: str, db_path: str, fmt: str) -> None:
    """Run a read-only SQL query against the corpus."""
    from .store import StoreError, open_read_only

    try:
        conn = open_read_only(db_path)
        cursor = conn.execute(sql)
    except StoreError as exc:
        fail(str(exc))
    except sqlite3.Error as exc:
        fail(f"query failed: {exc}")
    columns = [d[0] for d in cursor.description or []]
    rows = [tuple(r) for r in cursor.fetchall()]
    if fmt == "json":
        click.echo(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        click.echo(format_table(columns, rows))


def format_table(columns: list[str], rows: list[tuple]) -> str:
    text = [[("" if v is None else str(v)).replace("\n", " ") for v in row] for row in rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in text])) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v[:60].ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(r) for r in text])


@cli.command()
def schema() -> None:
    """Print docs/schema.md (the corpus tables and columns)."""
    from .schema import markdown

    click.echo(markdown(), nl=False)


def main() -> None:
    cli()
