"""The `stancewire` command line: refresh, sql, report, eval, train, schema and serve."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="stancewire: raw news text -> a DuckDB warehouse of entities and stances.",
    no_args_is_help=True,
    add_completion=False,
)
eval_app = typer.Typer(help="Measure quality on evaluation sets (read by path).", no_args_is_help=True)
train_app = typer.Typer(help="Train models shipped with the pipeline.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")

WarehouseOpt = Annotated[Path, typer.Option("--warehouse", "-w", help="Warehouse directory.")]
PredOpt = Annotated[Path, typer.Option("--predictions", "-p", help="Where to write the predictions (JSONL).")]


def prefect_environment() -> None:
    """Defaults that let Prefect run embedded (ephemeral API) without touching the user's profile."""
    home = Path(os.environ.get("STANCEWIRE_PREFECT_HOME", Path.cwd() / ".prefect")).resolve()
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_UI_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def _fail(message: str, code: int = 1) -> None:
    """Print an error to stderr and exit."""
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


@app.command()
def refresh(
    input_dir: Annotated[Path, typer.Option("--input", "-i", help="Corpus directory (*.txt, recursive).")] = Path(
        "seeds"
    ),
    warehouse: WarehouseOpt = Path("warehouse"),
    config: Annotated[Path | None, typer.Option(help="TOML settings file (\\[stancewire] table).")] = None,
    dask_address: Annotated[
        str | None,
        typer.Option(help="Run the batch tasks on an existing Dask cluster (tcp://HOST:PORT); warehouse on shared FS."),
    ] = None,
    dask_workers: Annotated[
        int | None, typer.Option(help="Start a local Dask cluster with this many worker processes.")
    ] = None,
    n_process: Annotated[
        int | None, typer.Option(help="Local worker processes for the batch tasks (default: CPUs, at most 8).")
    ] = None,
) -> None:
    """Run the refresh flow: ingest -> strip -> entities -> stances -> validate -> publish.

    \b
    Exit codes (every code but 0 publishes nothing; the warehouse stays as it was):
      0   published
      1   an unexpected error (the message names it)
      2   bad arguments, settings or input directory
      65  a schema-level validation failure
      70  the failure budget was exceeded: too many new documents failed at one code site
      75  another refresh holds the warehouse lock (see lock_wait_seconds)
    """
    prefect_environment()
    from flows.refresh import refresh as refresh_flow
    from flows.settings import load_settings
    from tasks.quality.validate import SchemaValidationError
    from tasks.steps.annotate import SystemicFailure
    from tasks.store.lock import WarehouseLocked

    try:
        settings = load_settings(config).with_overrides(
            input_dir=input_dir,
            warehouse=warehouse,
            dask_address=dask_address,
            dask_workers=dask_workers,
            n_process=n_process,
        )
        summary = refresh_flow(settings=settings)
    except WarehouseLocked as exc:
        _fail(str(exc), code=75)
    except SchemaValidationError as exc:
        _fail(str(exc), code=65)
    except SystemicFailure as exc:
        _fail(str(exc), code=70)
    except (FileNotFoundError, ValueError) as exc:
        _fail(str(exc), code=2)
    typer.echo(summary.render())


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One read-only SQL query.")],
    warehouse: WarehouseOpt = Path("warehouse"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Run a read-only query against the published catalog."""
    from tasks.store.query import QueryRejected, format_result, run_query

    try:
        columns, rows = run_query(warehouse, query)
    except QueryRejected as exc:
        _fail(str(exc), code=2)
    except FileNotFoundError as exc:
        _fail(str(exc), code=2)
    except Exception as exc:  # duckdb errors: syntax, missing table ... shown as is
        _fail(f"query failed: {exc}", code=1)
    typer.echo(format_result(columns, rows, fmt))


@app.command()
def report(
    warehouse: WarehouseOpt = Path("warehouse"),
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="HTML file to write (default: WAREHOUSE/report/index.html).")
    ] = None,
) -> None:
    """Write the analyst's report: one self-contained HTML page (charts, stance network, corpus health)."""
    from tasks.report import write_report

    try:
        path = write_report(warehouse, out)
    except FileNotFoundError as exc:
        _fail(str(exc), code=2)
    typer.echo(f"report written to {path}")


@app.command()
def schema() -> None:
    """Print the data dictionary (every table and column) generated from schemas/."""
    from schemas.ddl import data_dictionary

    typer.echo(data_dictionary())


@eval_app.command("boilerplate")
def eval_boilerplate(
    cases: Path,
    predictions: PredOpt,
    html_dir: Annotated[
        Path | None,
        typer.Option(help="Read each case's page from DIR/<id>.html.gz and score the HTML path instead of raw_text."),
    ] = None,
) -> None:
    """Boilerplate stripping: shingle P/R/F1 against {id, raw_text, gold_text} cases."""
    from tasks.offline.boilerplate.evaluate import format_boilerplate_report, run_boilerplate_eval

    typer.echo(format_boilerplate_report(run_boilerplate_eval(cases, predictions, html_dir)))


@eval_app.command("stance")
def eval_stance(
    cases: Path,
    predictions: PredOpt,
    model: Annotated[Path | None, typer.Option(help="Polarity model artifact (default: shipped).")] = None,
) -> None:
    """Portrayal (target polarity, NewsMTSC): macro-F1 and accuracy; the encoder, else the linear model."""
    from tasks.offline.polarity.evaluate import format_stance_report, run_stance_eval
    from tasks.offline.stances.evaluate import run_portrayal_eval

    metrics = run_portrayal_eval(cases, predictions) if model is None else None
    if metrics is None:  # an explicit linear model, or no encoder artifact: the fallback the pipeline would use
        metrics = run_stance_eval(cases, predictions, model)
    typer.echo(format_stance_report(metrics))


@eval_app.command("directed")
def eval_directed(
    cases: Path,
    predictions: PredOpt,
    model_dir: Annotated[Path | None, typer.Option(help="Encoder artifact folder (default: shipped).")] = None,
) -> None:
    """Directed stance between two marked entities: five-class macro-F1, overall and on non-train-copies."""
    from tasks.offline.stances.evaluate import format_directed_report, run_directed_eval

    typer.echo(format_directed_report(run_directed_eval(cases, predictions, model_dir)))


@eval_app.command("entities")
def eval_entities(
    cases: Path,
    predictions: PredOpt,
    model: Annotated[str | None, typer.Option(help="spaCy model package (default from settings).")] = None,
) -> None:
    """Named entities: exact-span P/R/F1 per label (PER/ORG/LOC/MISC) against {id, text, spans}."""
    from flows.settings import load_settings
    from tasks.nlp.pipeline import build_nlp
    from tasks.offline.entities.evaluate import format_entities_report, run_entities_eval

    nlp = build_nlp(model or load_settings().model)
    typer.echo(format_entities_report(run_entities_eval(cases, predictions, nlp)))


@eval_app.command("quotes")
def eval_quotes(
    cases: Path,
    predictions: PredOpt,
    model: Annotated[str | None, typer.Option(help="spaCy model package (default from settings).")] = None,
) -> None:
    """Quotes: content P/R/F1, speaker accuracy, direct/other recall against PolNeAR-style {id, text, attributions}."""
    from flows.settings import load_settings
    from tasks.nlp.pipeline import build_nlp
    from tasks.offline.quotes.evaluate import format_quotes_report, run_quotes_eval

    nlp = build_nlp(model or load_settings().model)
    typer.echo(format_quotes_report(run_quotes_eval(cases, predictions, nlp)))


@train_app.command("stance")
def train_stance(
    data: Annotated[Path, typer.Option(help="NewsMTSC-style training JSONL.")],
    out: Annotated[Path | None, typer.Option(help="Artifact path (default: the shipped model).")] = None,
    seed: int = 13,
) -> None:
    """Train the target-dependent polarity model (seeded, reproducible)."""
    from tasks.extract.polarity import DEFAULT_ARTIFACT
    from tasks.offline.polarity.train import train_polarity_model

    metrics = train_polarity_model(data, out or DEFAULT_ARTIFACT, seed=seed)
    for key, value in metrics.items():
        typer.echo(f"{key}: {value}")


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="Cron schedule, e.g. '0 * * * *'.")] = "0 * * * *",
    input_dir: Annotated[Path, typer.Option("--input", "-i")] = Path("seeds"),
    warehouse: WarehouseOpt = Path("warehouse"),
    name: str = "stancewire-refresh",
) -> None:
    """Serve the refresh flow on a cron schedule, one run at a time (needs a Prefect server: PREFECT_API_URL)."""
    from flows.deployment import serve_refresh

    try:
        serve_refresh(cron, input_dir, warehouse, name)
    except ValueError as exc:
        _fail(str(exc), code=2)


def main() -> None:
    """Console entry point."""
    sys.exit(app())


if __name__ == "__main__":
    main()
