"""Training jobs: snapshot the labelled data, train a candidate, compare it, record progress.

One job trains for real on the seed corpus (about 20 s), once for the module; the other tests
either need no model or replace the fit with the seed model's, to keep the suite fast.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update

import service.classifier.services as registry
from ml.corpus import Example, load_seed_corpus
from ml.model import ModerationModel
from ml.snapshot import freeze, text_key, thaw
from ml.training import TrainedModel
from service.audit.models import AuditEvent
from service.classifier.models import ModelStatus, ModelVersion
from service.cli import cli
from service.db import db, utcnow
from service.labels.services import import_examples
from service.moderators.services import create_moderator
from service.queue import TRAIN_MODEL
from service.review.services import decide
from service.training import cli as training_cli
from service.training import services as training
from service.training.models import JobStatus, TrainingJob, TrainingSnapshot
from tests.conftest import SiteKey, migrated_app, sqlite_config
from tests.factories import held_item

PASSWORD = "correct horse battery"

# The seed corpus as a snapshot holds it: each text once.
SEED_EXAMPLES = len(freeze(load_seed_corpus()).examples)


@pytest.fixture(autouse=True)
def _fresh_model_cache() -> None:
    # Loaded models are cached by version id, and every test has its own database in which
    # the same id can name another model.
    registry._cache.clear()


def imported(n: int) -> list[Example]:
    """A small imported spam set, labelled for spam only."""
    return [
        Example(
            f"Cheap followers for your channel, offer {i}" if i % 3 == 0 else f"Nice clip {i}",
            "spam" if i % 3 == 0 else "clean",
            "en",
            source="clips",
            group=f"clip-{i % 7}",
            tags=("task:spam",),
        )
        for i in range(n)
    ]


@pytest.fixture(scope="module")
def trained(
    tmp_path_factory: pytest.TempPathFactory, seed_model: TrainedModel
) -> Iterator[tuple[Flask, uuid.UUID]]:
    """An app in which one job ran for real: the seed corpus and an imported set."""
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("COMMENTGUARD_") and not name.startswith("COMMENTGUARD_TEST_"):
                patch.delenv(name)
        app = migrated_app(sqlite_config(tmp_path_factory.mktemp("jobs")), seed_model)
    registry._cache.clear()
    with app.app_context():
        import_examples(imported(60))
        job = training.request_training("moderator:root")
        job_id = job.id
        finished = training.run_job(job_id)
        assert finished is not None and finished.status == JobStatus.SUCCEEDED, finished.error
    yield app, job_id
    with app.app_context():
        db.engine.dispose()


def get_job(job_id: uuid.UUID) -> TrainingJob:
    job = db.session.get(TrainingJob, job_id, populate_existing=True)
    assert job is not None
    return job


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    """Tasks sent to the broker once their transaction committed."""
    calls: list[tuple[str, tuple[Any, ...]]] = []

    def record(celery: Any, task_name: str, *args: Any) -> bool:
        calls.append((task_name, args))
        return True

    monkeypatch.setattr("service.queue.send_now", record)
    return calls


def fit_returning(model: ModerationModel) -> Callable[..., ModerationModel]:
    """A stand-in for ``fit`` that reports each head's step and returns ``model``."""

    def fake_fit(
        examples: list[Example], random_state: int = 0, progress: Any = None
    ) -> ModerationModel:
        for head in model.score_names:
            if progress:
                progress(f"fit {head}")
        return model

    return fake_fit


# --- one real job ---------------------------------------------------------------------------


def test_a_job_ends_succeeded_with_a_candidate_and_its_snapshot(
    trained: tuple[Flask, uuid.UUID],
) -> None:
    app, job_id = trained
    with app.app_context():
        job = get_job(job_id)
        version = job.model_version
        snapshot = job.snapshot
        assert version is not None and snapshot is not None
        assert job.status == JobStatus.SUCCEEDED and job.error is None
        assert job.started_at is not None and job.finished_at is not None
        assert version.status == ModelStatus.CANDIDATE and not version.shadow
        assert version.name == f"snapshot-{version.id}"
        assert version.snapshot_id == snapshot.id
        assert registry.active_version().name == "seed-1"  # type: ignore[union-attr]

        facts = version.facts
        assert facts["job"] == str(job_id)
        assert set(facts["heads"]) == {"spam", "toxicity"}
        assert {"scikit-learn", "numpy"} <= set(facts["libraries"])
        assert facts["data"]["digest"] == snapshot.digest
        assert facts["data"]["examples"] == snapshot.example_count == SEED_EXAMPLES + 60
        assert facts["data"]["by_source"] == {"clips": 60, "seed": SEED_EXAMPLES}


def test_the_candidate_carries_the_comparison_with_the_active_model(
    trained: tuple[Flask, uuid.UUID],
) -> None:
    app, job_id = trained
    with app.app_context():
        version = get_job(job_id).model_version
        assert version is not None
        comparison = version.facts["comparison"]
        assert comparison["against"] == "seed-1"
        assert isinstance(comparison["passed"], bool)
        rows = {(row["set_name"], row["head"]): row for row in comparison["sets"]}
        # The holdout comments are labelled for both scores, and both models are judged on them.
        fixed = rows["fixed", "toxicity"]
        assert fixed["examples"] >= 136
        assert set(fixed["candidate"]) == {
            "roc_auc",
            "pr_auc",
            "precision",
            "recall",
            "flagged_share",
        }
        assert fixed["active"] is not None
        assert ("fixed", "spam") in rows
        assert comparison["passed"] == all(row["passed"] for row in comparison["sets"])


def test_the_jobs_progress_is_complete_at_the_end(trained: tuple[Flask, uuid.UUID]) -> None:
    app, job_id = trained
    with app.app_context():
        job = get_job(job_id)
        # The snapshot, each of the two heads, the comparison, packaging.
        assert job.steps_total == 5
        assert job.steps_done == job.steps_total
        assert job.step == "done"


def test_the_training_is_audited(trained: tuple[Flask, uuid.UUID]) -> None:
    app, job_id = trained
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "model.trained"))
        assert event is not None
        assert event.actor == "moderator:root"
        assert event.subject == get_job(job_id).model_version.name  # type: ignore[union-attr]


def test_running_a_finished_job_again_does_nothing(trained: tuple[Flask, uuid.UUID]) -> None:
    app, job_id = trained
    with app.app_context():
        versions = count(ModelVersion)
        finished_at = get_job(job_id).finished_at

        assert training.run_job(job_id) is None

        assert count(ModelVersion) == versions
        job = get_job(job_id)
        assert job.status == JobStatus.SUCCEEDED and job.finished_at == finished_at


def test_an_identical_snapshot_is_reused(trained: tuple[Flask, uuid.UUID]) -> None:
    app, job_id = trained
    with app.app_context():
        again = training.snapshot_examples()
        db.session.commit()

        assert again.id == get_job(job_id).snapshot_id
        assert count(TrainingSnapshot) == 1


def test_the_snapshot_holds_the_examples_it_counts(trained: tuple[Flask, uuid.UUID]) -> None:
    app, job_id = trained
    with app.app_context():
        snapshot = get_job(job_id).snapshot
        assert snapshot is not None
        examples = thaw(snapshot.data)
        assert len(examples) == snapshot.example_count
        assert {text_key(e.text) for e in imported(60)} <= {text_key(e.text) for e in examples}


# --- snapshots of moderators' decisions -----------------------------------------------------


def test_moderators_decisions_are_in_the_snapshot_with_their_labels(
    app: Flask, site: SiteKey
) -> None:
    toxic_seed_text = next(e.text for e in load_seed_corpus() if e.label == "toxic")
    texts = {
        "approved": "The council should publish the tram budget before the vote.",
        "spam": "Earn 300 a day from home, message me on the channel",
        "insult": "Only a fool would write an article like this",
    }
    ids = {key: held_item(app, site.name, text) for key, text in texts.items()}
    seed_twin = held_item(app, site.name, toxic_seed_text)
    with app.app_context():
        before = training.snapshot_examples()
        db.session.commit()
        before_id = before.id
        ana = create_moderator("ana", PASSWORD, [site.name])
        decide(ana, [ids["approved"], seed_twin], "approve")
        decide(ana, [ids["spam"]], "reject", reason="spam")
        decide(ana, [ids["insult"]], "reject", reason="insult")

        snapshot = training.snapshot_examples()
        db.session.commit()

        assert snapshot.id != before_id
        assert snapshot.counts["by_source"]["moderators:daily-news"] == 4
        decided = {e.text: e for e in thaw(snapshot.data) if e.source == "moderators:daily-news"}
        assert (decided[texts["approved"]].label, decided[texts["approved"]].tasks) == (
            "clean",
            ("spam", "toxicity"),
        )
        assert (decided[texts["spam"]].label, decided[texts["spam"]].tasks) == ("spam", ("spam",))
        assert (decided[texts["insult"]].label, decided[texts["insult"]].tasks) == (
            "toxic",
            ("toxicity",),
        )
        assert all(any(t.startswith("decided_at:") for t in e.tags) for e in decided.values())
        # The moderators approved a text the seed corpus calls toxic: their label replaces it.
        twins = [e for e in thaw(snapshot.data) if text_key(e.text) == text_key(toxic_seed_text)]
        assert [(e.source, e.label) for e in twins] == [("moderators:daily-news", "clean")]


def test_a_moderators_label_is_trained_on_when_an_imported_set_labels_the_text_for_another_task(
    app: Flask, site: SiteKey, seed_model: TrainedModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "You are all paid shills, buy my trading course instead"
    item_id = held_item(app, site.name, text)
    trained_on: list[Example] = []

    def capturing_fit(
        examples: list[Example], random_state: int = 0, progress: Any = None
    ) -> ModerationModel:
        trained_on.extend(examples)
        return fit_returning(seed_model.model)(examples, random_state, progress)

    monkeypatch.setattr(training, "fit", capturing_fit)
    with app.app_context():
        import_examples(
            [Example(text, "toxic", "en", "davidson_hate_offensive", tags=("task:toxicity",))]
        )
        decide(create_moderator("ana", PASSWORD, [site.name]), [item_id], "reject", reason="spam")

        job = training.run_job(training.request_training("cli").id)

        assert job is not None and job.status == JobStatus.SUCCEEDED
    # One decision only: none is recent enough to be held out for the site's evaluation.
    labels = {(e.source, e.label) for e in trained_on if text_key(e.text) == text_key(text)}
    assert ("moderators:daily-news", "spam") in labels


# --- failures and lost work -----------------------------------------------------------------


def test_a_failing_job_ends_failed_with_the_error(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_fit(*args: Any, **kwargs: Any) -> ModerationModel:
        raise RuntimeError("out of memory while fitting")

    monkeypatch.setattr(training, "fit", broken_fit)
    with app.app_context():
        job_id = training.request_training("cli").id

        finished = training.run_job(job_id)

        assert finished is not None
        job = get_job(job_id)
        assert job.status == JobStatus.FAILED
        assert job.error == "RuntimeError: out of memory while fitting"
        assert job.finished_at is not None and job.model_version_id is None
        assert count(ModelVersion) == 1
        # A failed job is not run again.
        assert training.run_job(job_id) is None


def test_queued_jobs_are_resent_only_once_they_are_overdue(
    app: Flask, sent: list[tuple[str, tuple[Any, ...]]]
) -> None:
    with app.app_context():
        queued = training.request_training("cli").id
        running = training.request_training("cli").id
        db.session.execute(
            update(TrainingJob).where(TrainingJob.id == running).values(status=JobStatus.RUNNING)
        )
        db.session.commit()
        assert sent == [(TRAIN_MODEL, (str(queued),)), (TRAIN_MODEL, (str(running),))]
        sent.clear()

        assert training.resend_queued_jobs(older_than=timedelta(minutes=10)) == 0
        db.session.execute(update(TrainingJob).values(created_at=utcnow() - timedelta(minutes=11)))
        db.session.commit()

        assert training.resend_queued_jobs(older_than=timedelta(minutes=10)) == 1
        assert sent == [(TRAIN_MODEL, (str(queued),))]


def test_jobs_running_for_hours_are_failed_and_recent_ones_left_alone(app: Flask) -> None:
    with app.app_context():
        stale, recent, queued = (training.request_training("cli").id for _ in range(3))
        now = utcnow()
        for job_id, started in ((stale, now - timedelta(hours=4)), (recent, now)):
            db.session.execute(
                update(TrainingJob)
                .where(TrainingJob.id == job_id)
                .values(status=JobStatus.RUNNING, started_at=started)
            )
        db.session.commit()

        assert training.fail_stale_jobs() == 1

        assert get_job(stale).status == JobStatus.FAILED
        assert get_job(stale).error == "the worker was lost"
        assert get_job(recent).status == JobStatus.RUNNING
        assert get_job(queued).status == JobStatus.QUEUED


def test_an_unknown_job_is_a_not_found(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(training.JobNotFound):
            training.get_job(uuid.uuid4())
        with pytest.raises(training.JobNotFound):
            training.get_job("not-a-uuid")


# --- the command line -----------------------------------------------------------------------


def test_train_here_prints_the_candidate_and_how_to_promote_it(
    app: Flask, seed_model: TrainedModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(training, "fit", fit_returning(seed_model.model))
    monkeypatch.setattr(training_cli, "POLL_SECONDS", 0.05)

    result = app.test_cli_runner().invoke(cli, ["train", "--here"])

    assert result.exit_code == 0, result.output
    assert f"candidate snapshot-2 trained on snapshot 1 ({SEED_EXAMPLES} examples)" in result.output
    assert "it passes the gate against seed-1" in result.output
    assert "commentguard models promote snapshot-2" in result.output
    with app.app_context():
        job = db.session.scalar(select(TrainingJob))
        assert job is not None and job.status == JobStatus.SUCCEEDED
        assert job.requested_by == "cli"
        assert job.steps_done == job.steps_total == 5


def test_train_here_reports_a_failed_job(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_fit(*args: Any, **kwargs: Any) -> ModerationModel:
        raise RuntimeError("no space left")

    monkeypatch.setattr(training, "fit", broken_fit)
    monkeypatch.setattr(training_cli, "POLL_SECONDS", 0.05)

    result = app.test_cli_runner().invoke(cli, ["train", "--here"])

    assert result.exit_code == 1
    assert "failed: RuntimeError: no space left" in result.output


def test_train_without_waiting_queues_the_job_and_says_where_to_follow_it(
    app: Flask, sent: list[tuple[str, tuple[Any, ...]]]
) -> None:
    result = app.test_cli_runner().invoke(cli, ["train", "--no-wait"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        job = db.session.scalar(select(TrainingJob))
        assert job is not None and job.status == JobStatus.QUEUED
    assert f"GET /v1/models/jobs/{job.id}" in result.output
    assert sent == [(TRAIN_MODEL, (str(job.id),))]
