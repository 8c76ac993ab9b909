"""The ``commentguard`` command: run the service, manage sites, train models, migrate."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate.cli import db as db_group
from tqdm import tqdm

from ml.artifact import ArtifactError
from service.app import create_app
from service.classifier.cli import models_group
from service.config import SETTINGS, ConfigError
from service.errors import ProblemError
from service.moderators.cli import moderators_group
from service.privacy.cli import authors_group
from service.thresholds.cli import suggest_thresholds_command


def _create_app() -> Any:
    return create_app()


@contextmanager
def step_progress(total: int, description: str) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for work that names each step as it starts."""
    with tqdm(total=total, desc=description, unit="step", file=sys.stderr) as bar:
        started = False

        def progress(step: str) -> None:
            # Told as each step starts: the previous one is then done.
            nonlocal started
            if started:
                bar.update(1)
            started = True
            bar.set_postfix_str(step)

        yield progress
        bar.update(1)


RECIPE_OPTION = click.option(
    "--recipe",
    type=click.Choice(["seed", "public", "store"]),
    default="seed",
    show_default=True,
    help="seed: the shipped corpus; public: it plus the public datasets in --data-dir; "
    "store: it plus everything imported with `commentguard data import`.",
)
DATA_DIR_OPTION = click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of the public labelled datasets (for --recipe public).",
)


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
    set_debug_flag=False,
    epilog="Configuration: COMMENTGUARD_* environment variables; `commentguard config` lists them.",
)
def cli() -> None:
    """commentguard: moderation for the comments and reviews readers post on a news site."""


cli.add_command(db_group)
cli.add_command(moderators_group)
cli.add_command(models_group)
cli.add_command(authors_group)


@cli.command("config")
@with_appcontext
def show_config() -> None:
    """Show every setting, its environment variable and its current value."""
    values = current_app.config["COMMENTGUARD"]
    for setting in SETTINGS:
        value = values[setting.name]
        if setting.name == "SECRET_KEY":
            value = "(set)" if value else "(kept in DATA_DIR/secret_key)"
        if isinstance(value, tuple):
            value = ",".join(value)
        click.echo(f"COMMENTGUARD_{setting.name}={value}\n    {setting.help}")


@cli.command("train")
@click.option(
    "--recipe",
    type=click.Choice(["seed", "public", "store"]),
    help="Train directly in this process from a recipe and activate the result (bootstrapping "
    "and experiments). Without it, a training job retrains from a snapshot of the seed corpus, "
    "imported data and moderators' decisions, and leaves a candidate for `models promote`.",
)
@DATA_DIR_OPTION
@click.option(
    "--activate/--no-activate", default=True, help="With --recipe: make the new model active."
)
@click.option("--here", is_flag=True, help="Run the training job in this process, not a worker.")
@click.option("--wait/--no-wait", default=True, help="Follow the job's progress until it ends.")
@click.option("--seed", "random_state", default=0, show_default=True, help="Random seed.")
@with_appcontext
def train_command(
    recipe: str | None,
    data_dir: Path | None,
    activate: bool,
    here: bool,
    wait: bool,
    random_state: int,
) -> None:
    """Retrain the classifier: a training job (default), or a recipe trained right here."""
    if recipe is None:
        from service.training.cli import run_training_job

        run_training_job(here=here, wait=wait, random_state=random_state)
        return
    if recipe == "public" and data_dir is None:
        raise click.UsageError("--recipe public needs --data-dir, e.g. --data-dir ../shared/data")
    version = train_and_register(activate, random_state, recipe, data_dir)
    metrics = version.facts["metrics"]["held_out"]
    click.echo(
        f"model {version.name} registered ({version.status.value}); held-out ROC AUC: "
        + ", ".join(f"{name} {m['roc_auc']:.3f}" for name, m in metrics.items())
    )


def train_and_register(
    activate: bool, random_state: int = 0, recipe: str = "seed", data_dir: Path | None = None
) -> Any:
    """Train with a progress bar on stderr, then register the version."""
    from ml.training import train, training_steps
    from service.classifier.services import register

    examples = _recipe_examples(recipe, data_dir)
    with step_progress(training_steps(examples), "training") as progress:
        trained = train(examples, recipe=recipe, random_state=random_state, progress=progress)
    return register(trained, activate=activate)


def _recipe_examples(recipe: str, data_dir: Path | None) -> list[Any]:
    """The examples a recipe trains on; ``store`` reads the labelled-data store."""
    from ml.corpus import load_seed_corpus
    from ml.recipes import recipe_examples

    if recipe == "store":
        from service.labels.services import stored_examples

        return [*load_seed_corpus(), *stored_examples()]
    return recipe_examples(
        recipe, data_dir, progress=lambda line: click.echo(f"read {line}", err=True)
    )


@cli.group("data")
def data_group() -> None:
    """The labelled-data store: import public datasets or your own files."""


@data_group.command("import")
@click.argument("names", nargs=-1)
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="Folder of the public labelled datasets, e.g. ../shared/data.",
)
@click.option(
    "--include-not-for-training",
    is_flag=True,
    help="Also import sets whose labels are model outputs (kept out of training).",
)
@with_appcontext
def data_import(names: tuple[str, ...], data_dir: Path, include_not_for_training: bool) -> None:
    """Import public datasets (all of them, or NAMES) in their own formats."""
    from ml.datasets import DATASETS, read_all
    from service.labels.services import import_examples

    unknown = sorted(set(names) - set(DATASETS))
    if unknown:
        raise click.BadParameter(
            f"unknown dataset {', '.join(unknown)}; known: {', '.join(sorted(DATASETS))}"
        )
    examples = read_all(
        data_dir,
        names=names or None,
        progress=lambda line: click.echo(f"read {line}", err=True),
        include_not_for_training=include_not_for_training,
    )
    with tqdm(total=len(examples), desc="importing", unit="ex", file=sys.stderr) as bar:
        report = import_examples(examples, progress=bar.update)
    click.echo(f"{report.added} examples added, {report.already_there} already there")


@data_group.command("import-file")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", required=True, help="A name for where these labels come from.")
@click.option("--task", type=click.Choice(["spam", "toxicity", "deceptive"]), required=True)
@click.option("--text-column", default="text", show_default=True)
@click.option("--label-column", default="label", show_default=True)
@click.option(
    "--label-map",
    required=True,
    help="Your labels to ours, e.g. 'spam=spam,ham=clean' (ours: clean, spam, toxic, "
    "deceptive, truthful).",
)
@click.option("--lang", help="The language of every row (ISO 639-1).")
@click.option("--lang-column", help="A column holding each row's language instead.")
@click.option("--group-column", help="A column to split by (e.g. a thread or a video).")
@click.option("--delimiter", default=",", show_default=True, help="CSV delimiter.")
@with_appcontext
def data_import_file(
    path: Path,
    source: str,
    task: str,
    text_column: str,
    label_column: str,
    label_map: str,
    lang: str | None,
    lang_column: str | None,
    group_column: str | None,
    delimiter: str,
) -> None:
    """Import a CSV or JSON-lines file of your own labels."""
    import csv

    from service.labels.services import import_examples, read_table

    if not lang and not lang_column:
        raise click.UsageError("give --lang for the whole file or --lang-column")
    try:
        mapping = dict(pair.split("=", 1) for pair in label_map.split(","))
    except ValueError:
        raise click.BadParameter(
            "use THEIRS=OURS pairs separated by commas", param_hint="--label-map"
        ) from None
    with path.open(encoding="utf-8", newline="") as handle:
        if path.suffix in {".jsonl", ".ndjson"}:
            rows = [json.loads(line) for line in handle if line.strip()]
        else:
            rows = list(csv.DictReader(handle, delimiter=delimiter))
    if rows and text_column not in rows[0]:
        raise click.BadParameter(
            f"no column {text_column!r}; the file has {', '.join(rows[0])}",
            param_hint="--text-column",
        )
    examples, skipped = read_table(
        rows, text_column, label_column, mapping, task, lang, lang_column, source, group_column
    )
    with tqdm(total=len(examples), desc="importing", unit="ex", file=sys.stderr) as bar:
        report = import_examples(examples, progress=bar.update)
    click.echo(f"{report.added} examples added, {report.already_there} already there")
    for reason, count in skipped.items():
        click.echo(f"skipped {count}: {reason}", err=True)


@data_group.command("list")
@with_appcontext
def data_list() -> None:
    """Counts of stored examples per source, task and label."""
    from service.labels.services import counts

    for source, task, label, count in counts():
        click.echo(f"{source:<32} {task:<10} {label:<10} {count:>8}")


@cli.command("evaluate")
@RECIPE_OPTION
@DATA_DIR_OPTION
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("evaluation"),
    show_default=True,
    help="Folder for evaluation.json, evaluation.md and the plots.",
)
@click.option("--seed", "random_state", default=0, show_default=True, help="Random seed.")
@with_appcontext
def evaluate_command(recipe: str, data_dir: Path | None, out_dir: Path, random_state: int) -> None:
    """Measure a recipe on held-out data, clean and disguised; write a report."""
    from ml.bias import overview as bias_overview
    from ml.evaluation import EVALUATION_STEPS, evaluate_recipe
    from ml.report import write_report
    from ml.splits import split
    from ml.training import trainable_heads

    if recipe == "public" and data_dir is None:
        raise click.UsageError("--recipe public needs --data-dir, e.g. --data-dir ../shared/data")
    examples = _recipe_examples(recipe, data_dir)
    steps = len(trainable_heads(split(examples, random_state=random_state)[0]))
    steps += len(EVALUATION_STEPS)
    with step_progress(steps, "evaluating") as progress:
        result = evaluate_recipe(examples, random_state=random_state, progress=progress)
    for path in write_report(result, out_dir):
        click.echo(f"wrote {path}")
    for head, table in result["clean"].items():
        clean = table["all"].get("roc_auc")
        disguised = result["disguised"][head]["all"].get("roc_auc")
        click.echo(f"{head}: ROC AUC {clean} clean, {disguised} disguised")
    for language, figures in bias_overview(result.get("bias") or {}).items():
        click.echo(
            f"bias {language}: "
            + ", ".join(
                f"{metric} {values['power_mean']} (worst {values['worst']} {values['worst_value']})"
                for metric, values in figures.items()
            )
        )


@cli.command("score")
@click.option("--model", "model_name", help="A model version's name (default: the active one).")
@click.option("--explain/--no-explain", default=True, help="Add the spans behind each score.")
@click.option("--batch-size", default=256, show_default=True)
@with_appcontext
def score_command(model_name: str | None, explain: bool, batch_size: int) -> None:
    """Score JSON lines from stdin ({"text": …, "kind"?, "lang"?}) and write JSON lines."""
    from service.classifier.services import load_active, load_named

    loaded = load_named(model_name) if model_name else load_active()
    batch: list[tuple[int, dict[str, Any]]] = []

    def flush() -> None:
        scores = loaded.model.predict_scores([row["text"] for _, row in batch])
        for (_, row), score in zip(batch, scores, strict=True):
            out = {**row, "scores": score, "model_version": loaded.name}
            if explain:
                out["explanations"] = loaded.model.explain(row["text"])
            click.echo(json.dumps(out, ensure_ascii=False))
        batch.clear()

    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise click.ClickException(f"line {number}: not JSON ({error.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise click.ClickException(f'line {number}: expected an object with a "text" string')
        batch.append((number, row))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()


@cli.group("sites")
def sites_group() -> None:
    """Host sites, their API keys, webhooks and policy."""


sites_group.add_command(suggest_thresholds_command)


@sites_group.command("create")
@click.argument("name")
@click.option("--webhook", "webhook_url", help="URL that receives item.decided events.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def sites_create(name: str, webhook_url: str | None, as_json: bool) -> None:
    """Create a site and print its API key (shown this once)."""
    from service.sites.services import create_site

    _check_webhook_url(webhook_url)
    created = create_site(name, webhook_url)
    site = created.site
    if as_json:
        click.echo(
            json.dumps(
                {
                    "id": str(site.id),
                    "name": site.name,
                    "api_key": created.api_key,
                    "webhook_url": site.webhook_url,
                    "webhook_secret": site.webhook_secret,
                }
            )
        )
        return
    click.echo(f"Site {site.name!r} created.")
    click.echo(f"API key (shown once, store it now): {created.api_key}")
    click.echo(f"Webhook signing secret: {site.webhook_secret}")


def _check_webhook_url(url: str | None) -> None:
    if url is not None and not url.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http:// or https:// URL", param_hint="--webhook")


@sites_group.command("list")
@with_appcontext
def sites_list() -> None:
    """List sites."""
    from sqlalchemy import select

    from service.db import db
    from service.sites.models import Site

    for site in db.session.scalars(select(Site).order_by(Site.name)):
        click.echo(f"{site.name:<24} {site.id} webhook={site.webhook_url or '-'}")


@sites_group.command("add-key")
@click.argument("name")
@with_appcontext
def sites_add_key(name: str) -> None:
    """Issue another API key for a site (e.g. to rotate keys)."""
    from service.sites.services import add_api_key, get_site_by_name

    click.echo(add_api_key(get_site_by_name(name)))


@sites_group.command("webhook")
@click.argument("name")
@click.argument("url")
@with_appcontext
def sites_webhook(name: str, url: str) -> None:
    """Set the URL that receives a site's events."""
    from service.db import db
    from service.sites.services import get_site_by_name

    _check_webhook_url(url)
    site = get_site_by_name(name)
    site.webhook_url = url
    db.session.commit()
    click.echo(f"{name}: webhook {url}")


@sites_group.command("policy")
@click.argument("name")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="SCORE.LEVEL=VALUE",
    help="e.g. --set spam.hold=0.4 --set toxicity.reject=0.95",
)
@click.option(
    "--report-threshold",
    type=click.IntRange(1, 1000),
    help="Readers' reports that send an approved item back to review (default 3).",
)
@click.option(
    "--mode",
    type=click.Choice(["enforce", "observe"]),
    help="observe: decisions are computed and recorded, but every item is published.",
)
@with_appcontext
def sites_policy(
    name: str, assignments: tuple[str, ...], report_threshold: int | None, mode: str | None
) -> None:
    """Show a site's policy, or change its thresholds (--set), report threshold or mode."""
    from service.moderation.policy import PolicyError, thresholds
    from service.moderation.policy import mode as current_mode
    from service.reports.services import report_threshold as current_report_threshold
    from service.sites.services import (
        get_site_by_name,
        set_mode,
        set_report_threshold,
        set_thresholds,
    )

    site = get_site_by_name(name)
    if report_threshold is not None:
        set_report_threshold(site, report_threshold)
    if mode is not None:
        set_mode(site, mode)
    if assignments:
        changes: dict[str, dict[str, float]] = {}
        for assignment in assignments:
            try:
                key, raw = assignment.split("=", 1)
                score, level = key.split(".", 1)
                if level not in {"hold", "reject"}:
                    raise ValueError
                changes.setdefault(score, {})[level] = float(raw)
            except ValueError:
                raise click.BadParameter(
                    f"{assignment!r}: use SCORE.LEVEL=VALUE, LEVEL being hold or reject",
                    param_hint="--set",
                ) from None
        try:
            set_thresholds(site, changes)
        except PolicyError as error:
            raise click.UsageError(str(error)) from None
    policy = {
        "thresholds": thresholds(site.policy),
        "report_threshold": current_report_threshold(site),
        "mode": current_mode(site.policy),
    }
    click.echo(json.dumps(policy, indent=2))


@cli.command("api")
@click.option("--bind", default="127.0.0.1:8000", show_default=True, help="HOST:PORT to serve.")
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
@click.option("--threads", default=8, show_default=True, help="Threads per worker process.")
def api_command(bind: str, workers: int, threads: int) -> None:
    """Serve the API with gunicorn (production shape)."""
    from service.processes import api_argv

    os.execv(sys.executable, api_argv(bind, workers, threads))


@cli.command("worker")
@click.option("--concurrency", default=2, show_default=True, help="Worker processes.")
@click.option("--beat/--no-beat", default=False, help="Also run the sweeper's schedule here.")
@click.option(
    "--schedule",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File where --beat keeps its schedule (default: DATA_DIR/celerybeat-schedule).",
)
@with_appcontext
def worker_command(concurrency: int, beat: bool, schedule: Path | None) -> None:
    """Run a Celery worker (production shape: as many as you like, on any machine)."""
    from service.processes import worker_argv

    os.execv(sys.executable, worker_argv(concurrency, beat, schedule))


@cli.command("beat")
def beat_command() -> None:
    """Run the schedule that triggers the sweeper (run exactly one per deployment)."""
    from service.processes import beat_argv

    os.execv(sys.executable, beat_argv())


@cli.command("prepare")
@with_appcontext
def prepare_command() -> None:
    """Migrate the database and train the default model if none is active."""
    from service.processes import prepare

    prepare()
    click.echo("database up to date; a model is active")


@cli.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=2, show_default=True, help="API processes.")
@click.option("--concurrency", default=2, show_default=True, help="Worker processes.")
@with_appcontext
def run_command(host: str, port: int, workers: int, concurrency: int) -> None:
    """Start everything on one machine: database, API, a worker, and the model."""
    from service.processes import run_embedded

    sys.exit(run_embedded(host, port, workers, concurrency))


def main() -> None:
    try:
        cli.main(prog_name="commentguard")
    except ConfigError as error:
        click.echo(f"configuration error: {error}", err=True)
        sys.exit(2)
    except ProblemError as error:
        click.echo(f"error: {error.detail}", err=True)
        sys.exit(1)
    except ArtifactError as error:
        click.echo(f"error: the model cannot be loaded: {error}", err=True)
        sys.exit(1)
