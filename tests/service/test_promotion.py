"""Changing which model decides: promotion through the gate, rollback, shadow and observe mode.

Two candidates, trained once: a copy of the seed model (as good as the active one, so the gate
lets it through) and a model fitted on shuffled labels (worse on every evidence set).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

import service.classifier.services as registry
from ml.artifact import checksum, dump_model, library_versions
from ml.corpus import load_seed_corpus
from ml.training import TrainedModel, fit
from service.audit.models import AuditEvent
from service.classifier.models import ModelVersion
from service.classifier.promotion import promote
from service.cli import cli
from service.db import db
from service.moderation.models import Decision, Score
from service.moderators.services import create_moderator, issue_token
from service.sites.services import get_site_by_name, set_mode, set_thresholds
from tests.conftest import SiteKey, bearer, comment
from worker.tasks import moderate_item

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fresh_model_cache() -> None:
    # Loaded models are cached by version id, and every test has its own database in which
    # the same id can name another model.
    registry._cache.clear()


@pytest.fixture(scope="module")
def shuffled_model() -> TrainedModel:
    """Fitted on a fifth of the seed corpus with its labels shuffled: it learned nothing."""
    examples = load_seed_corpus()[::5]
    labels = [e.label for e in examples]
    random.Random(0).shuffle(labels)
    model = fit([replace(e, label=label) for e, label in zip(examples, labels, strict=True)])
    artifact = dump_model(model)
    facts = {
        "recipe": "shuffled",
        "heads": list(model.score_names),
        "libraries": library_versions(),
        "data": {"examples": len(examples)},
    }
    return TrainedModel(model, artifact, checksum(artifact), facts)


def add_candidate(app: Flask, trained: TrainedModel) -> str:
    with app.app_context():
        return registry.register(trained).name


@pytest.fixture
def good(app: Flask, seed_model: TrainedModel) -> str:
    """A candidate as good as the active model: the same model, registered again."""
    return add_candidate(app, seed_model)


@pytest.fixture
def bad(app: Flask, shuffled_model: TrainedModel) -> str:
    return add_candidate(app, shuffled_model)


def admin_token(app: Flask, username: str = "root", role: str = "admin") -> dict[str, str]:
    with app.app_context():
        return bearer(issue_token(create_moderator(username, PASSWORD, [], role=role)))


@pytest.fixture
def admin(app: Flask) -> dict[str, str]:
    return admin_token(app)


def statuses(app: Flask) -> dict[str, str]:
    with app.app_context():
        return {v.name: v.status.value for v in registry.list_versions()}


def audit(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def post(client: FlaskClient, path: str, headers: dict[str, str], **body: Any) -> Any:
    return client.post(f"/v1/models{path}", json=body, headers=headers)


# --- promotion ------------------------------------------------------------------------------


def test_promoting_a_passing_candidate_activates_it_retires_the_old_and_audits(
    app: Flask, client: FlaskClient, admin: dict[str, str], good: str
) -> None:
    response = post(client, f"/{good}/promote", admin)

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["active"] == good
    assert body["comparison"]["passed"] is True
    assert body["comparison"]["against"] == "seed-1"
    assert {row["set_name"] for row in body["comparison"]["sets"]} == {"fixed"}
    assert statuses(app) == {"seed-1": "retired", good: "active"}
    [event] = audit(app, "model.promoted")
    assert (event.actor, event.subject) == ("moderator:root", good)
    assert event.detail["previous"] == "seed-1"
    assert event.detail["gate_passed"] is True
    assert audit(app, "model.force_promoted") == []


def test_a_candidate_trained_on_shuffled_labels_is_refused_and_stays_a_candidate(
    app: Flask, client: FlaskClient, admin: dict[str, str], bad: str
) -> None:
    response = post(client, f"/{bad}/promote", admin)

    assert response.status_code == 409
    problem = response.get_json()
    assert problem["code"] == "gate_refused"
    assert problem["comparison"]["passed"] is False
    assert problem["comparison"]["against"] == "seed-1"
    assert any(f.startswith("fixed ") for f in problem["comparison"]["failures"])
    assert "force" in problem["detail"]
    assert statuses(app) == {"seed-1": "active", bad: "candidate"}
    assert audit(app, "model.promoted") == audit(app, "model.force_promoted") == []


def test_forcing_without_a_reason_is_refused(
    app: Flask, client: FlaskClient, admin: dict[str, str], bad: str
) -> None:
    response = post(client, f"/{bad}/promote", admin, force=True)

    assert response.status_code == 422
    assert response.get_json()["code"] == "reason_required"
    assert statuses(app)[bad] == "candidate"


def test_forcing_with_a_reason_activates_it_and_audits_the_reason(
    app: Flask, client: FlaskClient, admin: dict[str, str], bad: str
) -> None:
    reason = "the holdout is out of date after the election"

    response = post(client, f"/{bad}/promote", admin, force=True, reason=reason)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["comparison"]["passed"] is False
    assert statuses(app) == {"seed-1": "retired", bad: "active"}
    [event] = audit(app, "model.force_promoted")
    assert (event.actor, event.subject) == ("moderator:root", bad)
    assert event.detail["reason"] == reason
    assert event.detail["gate_passed"] is False
    assert event.detail["failures"]
    assert audit(app, "model.promoted") == []


def test_promoting_the_active_version_is_a_conflict_and_an_unknown_one_not_found(
    client: FlaskClient, admin: dict[str, str]
) -> None:
    assert post(client, "/seed-1/promote", admin).status_code == 409
    unknown = post(client, "/nope-9/promote", admin)
    assert unknown.status_code == 404
    assert unknown.get_json()["code"] == "unknown_model"


# --- rollback -------------------------------------------------------------------------------


def test_rollback_returns_to_the_previous_version_and_audits(
    app: Flask, client: FlaskClient, admin: dict[str, str], good: str
) -> None:
    with app.app_context():
        promote(good, "cli")

    response = post(client, "/rollback", admin, reason="complaints about false positives")

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["name"] == "seed-1"
    assert response.get_json()["status"] == "active"
    assert statuses(app) == {"seed-1": "active", good: "candidate"}
    [event] = audit(app, "model.rolled_back")
    assert (event.actor, event.subject) == ("moderator:root", "seed-1")
    assert event.detail == {"previous": good, "reason": "complaints about false positives"}
    # The rolled-back version is a candidate again: a second rollback does not bounce back.
    again = post(client, "/rollback", admin)
    assert again.status_code == 409
    assert statuses(app)["seed-1"] == "active"


def test_rollback_without_an_earlier_version_is_a_conflict(
    app: Flask, client: FlaskClient, admin: dict[str, str]
) -> None:
    response = post(client, "/rollback", admin)

    assert response.status_code == 409
    assert response.get_json()["code"] == "nothing_to_roll_back_to"
    assert statuses(app) == {"seed-1": "active"}


# --- who may call the models API and training -------------------------------------------------


def test_the_models_api_is_for_admins_only(
    app: Flask, client: FlaskClient, site: SiteKey, good: str
) -> None:
    moderator = admin_token(app, "ana", role="moderator")
    calls = [
        ("get", "", None),
        ("get", f"/{good}", None),
        ("post", "/train", {}),
        ("post", f"/{good}/promote", {}),
        ("post", "/rollback", {}),
        ("post", f"/{good}/shadow", {"enabled": True}),
        ("get", f"/{good}/agreement", None),
    ]

    for method, path, body in calls:
        as_moderator = client.open(
            f"/v1/models{path}", method=method.upper(), json=body, headers=moderator
        )
        as_site = client.open(
            f"/v1/models{path}", method=method.upper(), json=body, headers=bearer(site.api_key)
        )
        anonymous = client.open(f"/v1/models{path}", method=method.upper(), json=body)

        assert as_moderator.status_code == 403, path
        assert as_site.status_code == 403, path
        assert anonymous.status_code == 401, path
    assert statuses(app) == {"seed-1": "active", good: "candidate"}


def test_train_answers_202_with_a_job_the_job_endpoint_shows(
    client: FlaskClient, admin: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[str, tuple[Any, ...]]] = []
    monkeypatch.setattr(
        "service.queue.send_now", lambda celery, name, *args: sent.append((name, args)) or True
    )

    response = post(client, "/train", admin, random_state=7)

    assert response.status_code == 202, response.get_json()
    job = response.get_json()
    assert job["status"] == "queued" and job["progress"] == 0.0
    assert job["requested_by"] == "moderator:root"
    assert response.headers["Location"] == f"/v1/models/jobs/{job['id']}"
    assert sent == [("commentguard.train_model", (job["id"],))]
    shown = client.get(f"/v1/models/jobs/{job['id']}", headers=admin)
    assert shown.status_code == 200
    assert shown.get_json()["id"] == job["id"]
    assert shown.get_json()["status"] == "queued"
    missing = client.get(f"/v1/models/jobs/{uuid.uuid4()}", headers=admin)
    assert missing.status_code == 404
    assert missing.get_json()["code"] == "unknown_job"


def test_the_list_and_one_version_show_status_and_facts(
    client: FlaskClient, admin: dict[str, str], good: str
) -> None:
    listed = client.get("/v1/models", headers=admin).get_json()["models"]
    one = client.get(f"/v1/models/{good}", headers=admin).get_json()

    assert [(m["name"], m["status"]) for m in listed] == [
        ("seed-1", "active"),
        (good, "candidate"),
    ]
    assert one["name"] == good and one["shadow"] is False and one["snapshot"] is None
    assert one["facts"]["recipe"] == "seed"


# --- shadow scoring -------------------------------------------------------------------------


def submit(client: FlaskClient, site: SiteKey, text: str) -> str:
    response = client.post("/v1/items", json=comment(text=text), headers=bearer(site.api_key))
    assert response.status_code == 202, response.get_json()
    return response.get_json()["id"]


def test_a_shadow_candidate_scores_beside_the_active_model_unseen_and_unused(
    app: Flask, client: FlaskClient, site: SiteKey, admin: dict[str, str], bad: str
) -> None:
    shadow = post(client, f"/{bad}/shadow", admin, enabled=True)
    assert shadow.status_code == 200 and shadow.get_json()["shadow"] is True
    item_id = submit(client, site, "Earn 500 a day from home, write to me on the channel now")

    status = moderate_item(item_id)

    with app.app_context():
        versions = {v.id: v.name for v in db.session.scalars(select(ModelVersion))}
        scores = list(db.session.scalars(select(Score).where(Score.item_id == uuid.UUID(item_id))))
        by_model = {(versions[s.model_version_id], s.shadow): s for s in scores}
        assert set(by_model) == {("seed-1", False), (bad, True)}
        active, candidate = by_model["seed-1", False], by_model[bad, True]
        assert (active.spam, active.toxicity) != (candidate.spam, candidate.toxicity)
        [decision] = db.session.scalars(
            select(Decision).where(Decision.item_id == uuid.UUID(item_id))
        )
        assert decision.score_id == active.id
        active_scores = {"spam": active.spam, "toxicity": active.toxicity}
    item = client.get(f"/v1/items/{item_id}", headers=bearer(site.api_key)).get_json()
    assert item["model_version"] == "seed-1"
    assert item["status"] == status
    assert {k: item["scores"][k] for k in ("spam", "toxicity")} == active_scores

    report = client.get(f"/v1/models/{bad}/agreement", headers=admin)

    assert report.status_code == 200, report.get_json()
    assert report.get_json()["items"] == 1
    assert sum(report.get_json()["decisions"].values()) == 1
    assert (
        report.get_json()["decisions"].get(f"{status}->{status}", 0)
        == report.get_json()["same_decision"]
    )


def test_only_a_candidate_runs_in_shadow_and_one_at_a_time(
    app: Flask, client: FlaskClient, admin: dict[str, str], good: str, bad: str
) -> None:
    assert post(client, "/seed-1/shadow", admin, enabled=True).status_code == 409
    post(client, f"/{good}/shadow", admin, enabled=True)
    post(client, f"/{bad}/shadow", admin, enabled=True)

    with app.app_context():
        assert {v.name for v in registry.list_versions() if v.shadow} == {bad}
    off = post(client, f"/{bad}/shadow", admin, enabled=False)
    assert off.get_json()["shadow"] is False
    assert [e.action for e in audit(app, "model.shadow_on")] == ["model.shadow_on"] * 2
    assert len(audit(app, "model.shadow_off")) == 1


def test_without_a_shadow_candidate_only_the_active_model_scores(
    app: Flask, client: FlaskClient, site: SiteKey, bad: str
) -> None:
    item_id = submit(client, site, "Thanks for the clear report on the tram budget.")

    moderate_item(item_id)

    with app.app_context():
        scores = list(db.session.scalars(select(Score).where(Score.item_id == uuid.UUID(item_id))))
        assert [s.shadow for s in scores] == [False]


# --- observe mode ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limits", "would", "reason"),
    [
        ({"hold": 0.0, "reject": 0.0}, "would_reject", "spam_high"),
        ({"hold": 0.0, "reject": 1.0}, "would_hold", "spam_suspect"),
    ],
)
def test_a_site_in_observe_mode_gets_every_item_approved_with_what_would_have_happened(
    app: Flask,
    client: FlaskClient,
    site: SiteKey,
    limits: dict[str, float],
    would: str,
    reason: str,
) -> None:
    with app.app_context():
        row = get_site_by_name(site.name)
        set_thresholds(row, {"spam": limits, "toxicity": limits})
        set_mode(row, "observe")
    item_id = submit(client, site, "Thanks for the clear report on the tram budget.")

    assert moderate_item(item_id) == "approved"

    item = client.get(f"/v1/items/{item_id}", headers=bearer(site.api_key)).get_json()
    assert item["status"] == "approved"
    assert item["decision"]["reason_codes"][:2] == ["observe", would]
    assert reason in item["decision"]["reason_codes"]


def test_back_in_enforce_mode_the_same_thresholds_reject(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    with app.app_context():
        row = get_site_by_name(site.name)
        set_thresholds(row, {"spam": {"hold": 0.0, "reject": 0.0}})
        set_mode(row, "observe")
        set_mode(row, "enforce")
    item_id = submit(client, site, "Thanks for the clear report on the tram budget.")

    assert moderate_item(item_id) == "rejected"


# --- the command line -----------------------------------------------------------------------


def test_models_list_shows_every_version_and_its_status(app: Flask, good: str, bad: str) -> None:
    result = app.test_cli_runner().invoke(cli, ["models", "list"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["seed-1", "active"],
        [good, "candidate"],
        [bad, "candidate"],
    ]


def test_models_show_prints_the_comparison_with_the_active_model(app: Flask, bad: str) -> None:
    result = app.test_cli_runner().invoke(cli, ["models", "show", bad])

    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{bad}: candidate")
    assert "Compared with seed-1" in result.output
    assert "WORSE" in result.output
    assert "Gate: REFUSES" in result.output


def test_models_promote_refused_names_the_force_option(app: Flask, bad: str) -> None:
    result = app.test_cli_runner().invoke(cli, ["models", "promote", bad])

    assert result.exit_code == 1
    assert f"{bad} was not promoted" in result.output
    assert f"commentguard models promote {bad} --force --reason" in result.output
    assert statuses(app)[bad] == "candidate"


def test_models_promote_and_rollback_from_the_command_line(app: Flask, good: str) -> None:
    runner = app.test_cli_runner()

    promoted = runner.invoke(cli, ["models", "promote", good])
    rolled_back = runner.invoke(cli, ["models", "rollback", "--reason", "testing"])

    assert promoted.exit_code == 0, promoted.output
    assert "Gate: passes" in promoted.output
    assert f"{good} is active" in promoted.output
    assert rolled_back.exit_code == 0, rolled_back.output
    assert "seed-1 is active again." in rolled_back.output
    assert statuses(app) == {"seed-1": "active", good: "candidate"}
    assert [e.actor for e in audit(app, "model.rolled_back")] == ["cli"]


def test_models_rollback_with_nothing_to_go_back_to_fails(app: Flask) -> None:
    result = app.test_cli_runner().invoke(cli, ["models", "rollback"])

    assert result.exit_code != 0
    assert statuses(app) == {"seed-1": "active"}
