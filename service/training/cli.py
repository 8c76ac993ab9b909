"""Following a training job from the command line, with a progress bar."""

from __future__ import annotations

import sys
import threading
import time

import click
from flask import current_app
from tqdm import tqdm

from service.db import db
from service.training import services as training
from service.training.models import JobStatus, TrainingJob

POLL_SECONDS = 1.0
WORKER_HINT_AFTER = 30.0


def follow(job: TrainingJob) -> TrainingJob:
    """Show the job's progress until it ends; returns its final state."""
    started = time.monotonic()
    hinted = False
    with tqdm(total=1, desc="training", unit="step", file=sys.stderr) as bar:
        while True:
            db.session.rollback()
            job = training.get_job(job.id)
            db.session.refresh(job)
            if job.steps_total and bar.total != job.steps_total:
                bar.total = job.steps_total
            bar.n = min(job.steps_done, bar.total)
            bar.set_postfix_str(job.step or job.status.value)
            bar.refresh()
            if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
                return job
            if (
                job.status == JobStatus.QUEUED
                and not hinted
                and time.monotonic() - started > WORKER_HINT_AFTER
            ):
                hinted = True
                bar.write(
                    "still queued: is a worker running? (`commentguard run` or "
                    "`commentguard worker`; or train with --here)"
                )
            time.sleep(POLL_SECONDS)


def _report(job: TrainingJob) -> None:
    if job.status == JobStatus.FAILED:
        raise click.ClickException(f"training job {job.id} failed: {job.error}")
    version = job.model_version
    assert version is not None
    comparison = version.facts.get("comparison", {})
    verdict = "passes" if comparison.get("passed") else "does not pass"
    against = comparison.get("against") or "no active model"
    click.echo(
        f"candidate {version.name} trained on snapshot {job.snapshot_id} "
        f"({job.snapshot.example_count if job.snapshot else '?'} examples); "
        f"it {verdict} the gate against {against}."
    )
    click.echo(f"Read the comparison: commentguard models show {version.name}")
    click.echo(f"Promote it:          commentguard models promote {version.name}")


def run_training_job(here: bool, wait: bool, random_state: int) -> None:
    job = training.request_training("cli", random_state)
    click.echo(f"training job {job.id} queued", err=True)
    if here:
        app = current_app._get_current_object()  # type: ignore[attr-defined]

        def work() -> None:
            with app.app_context():
                training.run_job(job.id)

        worker = threading.Thread(target=work, name="training", daemon=True)
        worker.start()
        final = follow(job)
        worker.join()
        _report(final)
        return
    if not wait:
        click.echo(f"follow it: GET /v1/models/jobs/{job.id}")
        return
    _report(follow(job))
