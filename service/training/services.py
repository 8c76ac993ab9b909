"""Training as a job: snapshot the labelled data, train a candidate, compare it with the active one.

A job is a row first (so its progress can be read from the API and the CLI), then a Celery task
that carries it out. The candidate is trained without the evidence the promotion gate uses, and
registered as a ``candidate``: nothing changes for live traffic until someone promotes it.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from ml.artifact import checksum, dump_model, library_versions
from ml.corpus import load_seed_corpus
from ml.gate import compare, split_for_gate
from ml.snapshot import freeze, thaw, unique_per_task
from ml.training import fit, trainable_heads
from service.audit.services import record
from service.classifier.models import ModelStatus, ModelVersion
from service.classifier.services import active_version, load_version
from service.db import db, utcnow
from service.errors import NotFound, ProblemError
from service.labels.services import stored_examples
from service.moderation.policy import thresholds
from service.queue import TRAIN_MODEL, send_after_commit
from service.sites.models import Site
from service.training.models import JobStatus, TrainingJob, TrainingSnapshot

log = logging.getLogger(__name__)

JOB_RECIPE = "snapshot"
STALE_AFTER = timedelta(hours=3)


class JobNotFound(NotFound):
    code, title = "unknown_job", "Unknown training job"


def request_training(actor: str, random_state: int = 0) -> TrainingJob:
    """Queue a training job; a worker picks it up once this transaction commits."""
    job = TrainingJob(recipe=JOB_RECIPE, random_state=random_state, requested_by=actor)
    db.session.add(job)
    db.session.flush()
    send_after_commit(db.session, TRAIN_MODEL, str(job.id))
    db.session.commit()
    return job


def get_job(job_id: uuid.UUID | str) -> TrainingJob:
    try:
        key = job_id if isinstance(job_id, uuid.UUID) else uuid.UUID(str(job_id))
    except ValueError:
        raise JobNotFound(f"no training job {job_id!r}") from None
    job = db.session.get(TrainingJob, key)
    if job is None:
        raise JobNotFound(f"no training job {job_id!r}")
    return job


def list_jobs(limit: int = 20) -> list[TrainingJob]:
    return list(
        db.session.scalars(select(TrainingJob).order_by(TrainingJob.created_at.desc()).limit(limit))
    )


def snapshot_examples() -> TrainingSnapshot:
    """Freeze the seed corpus and the labelled-data store (imported sets, moderators' labels)."""
    frozen = freeze([*load_seed_corpus(), *stored_examples()])
    existing = db.session.scalar(
        select(TrainingSnapshot).where(TrainingSnapshot.digest == frozen.digest)
    )
    if existing is not None:
        return existing
    snapshot = TrainingSnapshot(
        digest=frozen.digest,
        example_count=len(frozen.examples),
        counts=frozen.counts,
        data=frozen.data,
    )
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def site_thresholds() -> dict[str, dict[str, float]]:
    """For each site's evaluation set, the site's hold thresholds per score."""
    return {
        f"site:{site.name}": {
            name: limits["hold"] for name, limits in thresholds(site.policy).items()
        }
        for site in db.session.scalars(select(Site))
    }


class _Progress:
    """Records each step on the job row, in its own commit, so readers see it move."""

    def __init__(self, job_id: uuid.UUID) -> None:
        self.job_id = job_id

    def __call__(self, step: str) -> None:
        db.session.execute(
            update(TrainingJob)
            .where(TrainingJob.id == self.job_id)
            .values(step=step, steps_done=TrainingJob.steps_done + 1)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def _claim(job_id: uuid.UUID) -> bool:
    claimed = db.session.execute(
        update(TrainingJob)
        .where(TrainingJob.id == job_id, TrainingJob.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, started_at=utcnow(), step="snapshot")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return claimed.rowcount == 1


def run_job(job_id: uuid.UUID) -> TrainingJob | None:
    """Carry out a queued job; None when another worker has it or it is done already."""
    if not _claim(job_id):
        return None
    job = db.session.get(TrainingJob, job_id, populate_existing=True)
    assert job is not None
    progress = _Progress(job.id)
    try:
        version = _train(job, progress)
    except Exception as error:
        # The job must end in a state an operator can read, whatever went wrong.
        db.session.rollback()
        log.exception("training job %s failed", job_id)
        job = db.session.get(TrainingJob, job_id, populate_existing=True)
        assert job is not None
        job.status = JobStatus.FAILED
        job.error = "".join(traceback.format_exception_only(error)).strip()[:4000]
        job.finished_at = utcnow()
        db.session.commit()
        return job
    job = db.session.get(TrainingJob, job_id, populate_existing=True)
    assert job is not None
    job.status = JobStatus.SUCCEEDED
    job.model_version_id = version.id
    job.step = "done"
    job.finished_at = utcnow()
    db.session.commit()
    return job


def _train(job: TrainingJob, progress: _Progress) -> ModelVersion:
    snapshot = snapshot_examples()
    job.snapshot_id = snapshot.id
    db.session.commit()
    examples = unique_per_task(thaw(snapshot.data))
    gate_split = split_for_gate(examples)
    heads = trainable_heads(gate_split.train)
    if not heads:
        raise ProblemError("The snapshot has no score with both classes to learn from.")
    # Steps: each head fitted, then the comparison, then packaging.
    job.steps_total = len(heads) + 3
    job.steps_done = 1
    db.session.commit()
    model = fit(gate_split.train, job.random_state, progress)
    progress("compare with the active model")
    active = active_version()
    active_model = load_version(active).model if active is not None else None
    comparison = compare(
        model,
        active_model,
        gate_split.evaluation,
        site_thresholds(),
        tolerance=current_app.config["COMMENTGUARD"]["GATE_TOLERANCE"],
    )
    progress("package")
    artifact = dump_model(model)
    return _register(job, snapshot, model.score_names, artifact, comparison.as_dict(), active)


def _register(
    job: TrainingJob,
    snapshot: TrainingSnapshot,
    heads: list[str],
    artifact: bytes,
    comparison: Mapping[str, Any],
    active: ModelVersion | None,
) -> ModelVersion:
    number = (db.session.scalar(select(ModelVersion.id).order_by(ModelVersion.id.desc())) or 0) + 1
    version = ModelVersion(
        name=f"{JOB_RECIPE}-{number}",
        recipe=JOB_RECIPE,
        checksum=checksum(artifact),
        artifact_size=len(artifact),
        artifact=artifact,
        status=ModelStatus.CANDIDATE,
        snapshot_id=snapshot.id,
        facts={
            "recipe": JOB_RECIPE,
            "random_state": job.random_state,
            "heads": heads,
            "libraries": library_versions(),
            "data": {"digest": snapshot.digest, **snapshot.counts},
            "thresholds": site_thresholds(),
            "comparison": {"against": active.name if active else None, **comparison},
            "job": str(job.id),
        },
    )
    db.session.add(version)
    db.session.flush()
    record(job.requested_by, "model.trained", subject=version.name, job=str(job.id))
    db.session.commit()
    return version


def resend_queued_jobs(older_than: timedelta) -> int:
    """Send again the jobs still queued long after they were requested (a lost message)."""
    job_ids = list(
        db.session.scalars(
            select(TrainingJob.id).where(
                TrainingJob.status == JobStatus.QUEUED,
                TrainingJob.created_at < utcnow() - older_than,
            )
        )
    )
    for job_id in job_ids:
        send_after_commit(db.session, TRAIN_MODEL, str(job_id))
    db.session.commit()
    return len(job_ids)


def fail_stale_jobs() -> int:
    """Jobs running for hours lost their worker: mark them failed so they can be requested again."""
    stale = db.session.execute(
        update(TrainingJob)
        .where(
            TrainingJob.status == JobStatus.RUNNING,
            TrainingJob.started_at < utcnow() - STALE_AFTER,
        )
        .values(status=JobStatus.FAILED, error="the worker was lost", finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return stale.rowcount
