"""Thresholds from evidence: suggestions from moderators' decisions, applying them, API and CLI."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from service.audit.models import AuditEvent
from service.cli import cli
from service.db import db, utcnow
from service.errors import NotFound
from service.items.models import Item
from service.moderation.policy import thresholds
from service.moderators.models import Role
from service.moderators.services import create_moderator, get_moderator, issue_token
from service.review.services import decide, undo_last
from service.sites.models import Site
from service.sites.services import get_site_by_name, set_thresholds
from service.thresholds.services import (
    TargetRequired,
    ThresholdsChanged,
    apply,
    suggest,
)
from tests.conftest import SiteKey, bearer
from tests.factories import held_item

PASSWORD = "correct horse battery"
DEFAULTS = {"spam": {"hold": 0.5, "reject": 0.9}, "toxicity": {"hold": 0.5, "reject": 0.9}}

# Spam scores of items a moderator rejected as spam, and of items a moderator approved.
SPAM_REJECTED = [0.55, 0.70, 0.72, 0.74, 0.76, 0.78, 0.80, 0.82, 0.84, 0.86, 0.88]
SPAM_APPROVED = [0.50, 0.52, 0.54, 0.56, 0.58, 0.60, 0.62, 0.64, 0.66, 0.68, 0.75]


@pytest.fixture
def admin(app: Flask) -> dict[str, str]:
    """Authorization headers of an admin."""
    with app.app_context():
        return bearer(issue_token(create_moderator("ops", PASSWORD, role=Role.ADMIN)))


@pytest.fixture
def ana(app: Flask, site: SiteKey) -> dict[str, str]:
    """Authorization headers of a moderator of the site (not an admin)."""
    with app.app_context():
        return bearer(issue_token(create_moderator("ana", PASSWORD, [site.name])))


def moderated(
    app: Flask,
    site: SiteKey,
    spam: Sequence[float],
    action: str,
    reason: str | None = None,
    toxicity: float = 0.05,
    moderator: str = "leyla",
) -> list[str]:
    """Held items with these spam scores, each then approved or rejected by a moderator."""
    with app.app_context():
        try:
            get_moderator(moderator)
        except NotFound:
            create_moderator(moderator, PASSWORD, [site.name])
    ids = [
        held_item(app, site.name, f"Comment {uuid.uuid4().hex}", spam=s, toxicity=toxicity)
        for s in spam
    ]
    with app.app_context():
        result = decide(get_moderator(moderator), ids, action, reason)
        assert len(result.decided) == len(ids)
    return ids


@pytest.fixture
def evidence(app: Flask, site: SiteKey) -> None:
    """22 moderator decisions on spam: precision 0.9 is first reached at 0.70."""
    moderated(app, site, SPAM_REJECTED, "reject", "spam")
    moderated(app, site, SPAM_APPROVED, "approve")


def suggestion_for(app: Flask, site: SiteKey, **targets: Any) -> Any:
    with app.app_context():
        return suggest(get_site_by_name(site.name), **targets)


def policy_of(app: Flask, site: SiteKey) -> dict[str, dict[str, float]]:
    with app.app_context():
        return thresholds(get_site_by_name(site.name).policy)


def audit_events(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(select(AuditEvent).where(AuditEvent.action == "thresholds.applied"))
        )


# --- suggesting ---------------------------------------------------------------------------


def test_a_precision_target_suggests_the_lowest_reject_threshold_meeting_it(
    app: Flask, site: SiteKey, evidence: None
) -> None:
    suggestion = suggestion_for(app, site, target_precision=0.9)
    spam = suggestion.scores[0]

    assert spam.name == "spam"
    assert spam.suggested.reject == pytest.approx(0.70)
    assert spam.suggested.hold == 0.5
    # On the evidence: 10 of the 11 items from 0.70 up were rejected as spam by a moderator.
    assert spam.precision_suggested >= 0.9
    assert spam.evidence.labelled == 22
    assert spam.evidence.positives == 11
    labelled = np.array(SPAM_REJECTED + SPAM_APPROVED)
    is_spam = np.array([True] * len(SPAM_REJECTED) + [False] * len(SPAM_APPROVED))
    above = labelled >= spam.suggested.reject
    assert is_spam[above].mean() >= 0.9
    # The next lower score would miss the target.
    assert is_spam[labelled >= 0.68].mean() < 0.9


def test_a_higher_precision_target_suggests_a_higher_reject_threshold(
    app: Flask, site: SiteKey, evidence: None
) -> None:
    suggestion = suggestion_for(app, site, target_precision=0.95)

    assert suggestion.scores[0].suggested.reject == pytest.approx(0.76)
    assert suggestion.scores[0].precision_suggested == 1.0


def test_rejected_volume_follows_the_suggested_reject_threshold(
    app: Flask, site: SiteKey, evidence: None
) -> None:
    suggestion = suggestion_for(app, site, target_precision=0.9)
    spam = suggestion.scores[0]

    # The site is new, so rates are per one day: every item scored so far.
    assert suggestion.per_day_over == 1.0
    assert spam.evidence.items == 22
    assert spam.volumes_current.rejected_per_day == 0
    assert spam.volumes_suggested.rejected_per_day == 11  # the ten spam and one at 0.75
    assert suggestion.overall_suggested.rejected_per_day == 11


def test_a_capacity_suggests_a_hold_threshold_keeping_held_per_day_within_it(
    app: Flask, site: SiteKey
) -> None:
    scores = [round(float(s), 4) for s in np.linspace(0.2, 0.88, 40)]
    moderated(app, site, [s for s in scores if s >= 0.7], "reject", "spam")
    moderated(app, site, [s for s in scores if s < 0.7], "approve")

    suggestion = suggestion_for(app, site, daily_capacity=10)

    assert suggestion.overall_current.held_per_day == 22
    assert suggestion.overall_suggested.held_per_day == 10
    spam = suggestion.scores[0]
    held = [s for s in scores if spam.suggested.hold <= s < spam.suggested.reject]
    assert len(held) == 10
    assert held == sorted(scores)[-10:]  # the riskiest ten
    assert spam.suggested.reject == 0.9  # no precision target: reject stays


def test_precision_and_capacity_together_hold_below_the_new_reject_threshold(
    app: Flask, site: SiteKey, evidence: None
) -> None:
    suggestion = suggestion_for(app, site, target_precision=0.9, daily_capacity=5)
    spam = suggestion.scores[0]

    assert spam.suggested.reject == pytest.approx(0.70)
    assert spam.suggested.hold < spam.suggested.reject
    assert suggestion.overall_suggested.held_per_day <= 5


def test_thin_evidence_keeps_the_current_thresholds_with_a_note(app: Flask, site: SiteKey) -> None:
    moderated(app, site, [0.8, 0.85, 0.88], "reject", "spam")
    moderated(app, site, [0.55, 0.6], "approve")

    suggestion = suggestion_for(app, site, target_precision=0.9, daily_capacity=1)

    assert suggestion.thresholds() == DEFAULTS
    assert not suggestion.changed
    assert suggestion.scores[0].evidence.labelled == 5
    assert any("spam: moderators decided only 5" in note for note in suggestion.notes)
    assert any("toxicity: moderators decided only 2" in note for note in suggestion.notes)


def test_an_unreachable_precision_keeps_the_reject_threshold_with_a_note(
    app: Flask, site: SiteKey
) -> None:
    # Moderators approved as many of the high scores as they rejected.
    moderated(app, site, [0.6 + i * 0.01 for i in range(0, 24, 2)], "reject", "spam")
    moderated(app, site, [0.6 + i * 0.01 for i in range(1, 24, 2)], "approve")

    suggestion = suggestion_for(app, site, target_precision=0.99)

    assert suggestion.scores[0].suggested.reject == 0.9
    assert any("no reject threshold reaches precision 0.99" in n for n in suggestion.notes)


def test_only_rejections_for_a_scores_reasons_are_its_positives(app: Flask, site: SiteKey) -> None:
    moderated(app, site, [0.6, 0.7], "reject", "spam", toxicity=0.6)
    moderated(app, site, [0.65], "reject", "insult", toxicity=0.8)
    moderated(app, site, [0.75], "reject", "off_topic")
    moderated(app, site, [0.55, 0.58], "approve")

    spam, toxicity = suggestion_for(app, site, target_precision=0.9).scores

    assert (spam.evidence.labelled, spam.evidence.positives) == (4, 2)
    assert (toxicity.evidence.labelled, toxicity.evidence.positives) == (3, 1)
    assert spam.evidence.items == toxicity.evidence.items == 6


def test_an_undone_decision_is_not_evidence(app: Flask, site: SiteKey) -> None:
    moderated(app, site, [0.6, 0.7], "reject", "spam")
    with app.app_context():
        undo_last(get_moderator("leyla"))

    spam = suggestion_for(app, site, target_precision=0.9).scores[0]

    assert spam.evidence.items == 2
    assert spam.evidence.labelled == 0


def test_items_older_than_the_window_are_not_evidence(
    app: Flask, site: SiteKey, evidence: None
) -> None:
    with app.app_context():
        long_ago = utcnow() - timedelta(days=40)
        db.session.execute(update(Item).values(created_at=long_ago))
        db.session.execute(update(Site).values(created_at=long_ago - timedelta(days=1)))
        db.session.commit()

    recent = suggestion_for(app, site, target_precision=0.9, days=30)
    longer = suggestion_for(app, site, target_precision=0.9, days=60)

    assert recent.scores[0].evidence.items == 0
    assert recent.thresholds() == DEFAULTS
    assert longer.scores[0].evidence.items == 22
    assert longer.per_day_over == pytest.approx(41, abs=0.01)
    assert longer.scores[0].suggested.reject == pytest.approx(0.70)


def test_a_target_is_required(app: Flask, site: SiteKey) -> None:
    with pytest.raises(TargetRequired) as raised:
        suggestion_for(app, site)

    assert raised.value.status == 422


# --- applying -----------------------------------------------------------------------------


def test_suggesting_changes_nothing(app: Flask, site: SiteKey, evidence: None) -> None:
    suggestion = suggestion_for(app, site, target_precision=0.9, daily_capacity=5)

    assert suggestion.changed
    assert policy_of(app, site) == DEFAULTS
    assert audit_events(app) == []


def test_apply_saves_the_thresholds_and_records_them_in_the_audit_log(
    app: Flask, site: SiteKey, evidence: None
) -> None:
    suggestion = suggestion_for(app, site, target_precision=0.9)

    with app.app_context():
        apply(get_site_by_name(site.name), suggestion, "moderator:ops")

    assert policy_of(app, site) == suggestion.thresholds()
    assert policy_of(app, site)["spam"]["reject"] == pytest.approx(0.70)
    (event,) = audit_events(app)
    assert event.actor == "moderator:ops"
    assert event.subject == site.name
    assert event.site_id == site.id
    assert event.detail["before"] == DEFAULTS
    assert event.detail["after"] == suggestion.thresholds()
    assert event.detail["suggestion"]["target_precision"] == 0.9


def test_a_suggestion_made_before_the_thresholds_changed_is_not_applied(
    app: Flask, site: SiteKey, evidence: None
) -> None:
    suggestion = suggestion_for(app, site, target_precision=0.9)
    with app.app_context():
        set_thresholds(get_site_by_name(site.name), {"toxicity": {"hold": 0.4, "reject": 0.9}})

        with pytest.raises(ThresholdsChanged):
            apply(get_site_by_name(site.name), suggestion, "moderator:ops")

    assert policy_of(app, site)["spam"] == DEFAULTS["spam"]
    assert audit_events(app) == []


# --- the API ------------------------------------------------------------------------------


def test_an_admin_reads_a_suggestion(
    client: FlaskClient, site: SiteKey, admin: dict[str, str], evidence: None
) -> None:
    response = client.get(
        f"/v1/sites/{site.name}/threshold-suggestion",
        query_string={"precision": 0.9, "capacity": 5},
        headers=admin,
    )

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    spam = body["scores"]["spam"]
    assert spam["current"] == DEFAULTS["spam"]
    assert spam["suggested"]["reject"] == pytest.approx(0.70)
    assert spam["evidence"] == {"items": 22, "labelled": 22, "positives": 11}
    assert set(spam["volumes_suggested"]) == {
        "approved_per_day",
        "held_per_day",
        "rejected_per_day",
    }
    assert body["overall_suggested"]["held_per_day"] <= 5
    assert body["thresholds"]["spam"] == spam["suggested"]
    assert body["changed"] is True
    assert body["days"] == 30
    assert any(note.startswith("toxicity:") for note in body["notes"])


def test_a_suggestion_without_a_target_is_422(
    client: FlaskClient, site: SiteKey, admin: dict[str, str]
) -> None:
    response = client.get(f"/v1/sites/{site.name}/threshold-suggestion", headers=admin)

    assert response.status_code == 422
    assert response.get_json()["code"] == "target_required"


@pytest.mark.parametrize(
    "query", [{"precision": 0}, {"precision": 1.5}, {"capacity": -1}, {"precision": 0.9, "days": 0}]
)
def test_invalid_targets_are_422(
    client: FlaskClient, site: SiteKey, admin: dict[str, str], query: dict[str, Any]
) -> None:
    response = client.get(
        f"/v1/sites/{site.name}/threshold-suggestion", query_string=query, headers=admin
    )

    assert response.status_code == 422
    assert response.get_json()["code"] == "validation_failed"


def test_an_unknown_site_is_404(client: FlaskClient, admin: dict[str, str]) -> None:
    response = client.get(
        "/v1/sites/nowhere/threshold-suggestion", query_string={"capacity": 5}, headers=admin
    )

    assert response.status_code == 404


def test_an_admin_posts_thresholds_which_are_saved_and_audited(
    app: Flask, client: FlaskClient, site: SiteKey, admin: dict[str, str]
) -> None:
    body = {"thresholds": {"spam": {"hold": 0.6, "reject": 0.8}}}

    response = client.post(f"/v1/sites/{site.name}/thresholds", json=body, headers=admin)

    assert response.status_code == 200, response.get_json()
    expected = {**DEFAULTS, "spam": {"hold": 0.6, "reject": 0.8}}
    assert response.get_json() == {"site": site.name, "thresholds": expected}
    assert policy_of(app, site) == expected
    (event,) = audit_events(app)
    assert event.actor == "moderator:ops"
    assert (event.detail["before"], event.detail["after"]) == (DEFAULTS, expected)


def test_posting_a_suggestions_thresholds_applies_it(
    app: Flask, client: FlaskClient, site: SiteKey, admin: dict[str, str], evidence: None
) -> None:
    suggestion = client.get(
        f"/v1/sites/{site.name}/threshold-suggestion",
        query_string={"precision": 0.9},
        headers=admin,
    ).get_json()

    response = client.post(
        f"/v1/sites/{site.name}/thresholds",
        json={"thresholds": suggestion["thresholds"]},
        headers=admin,
    )

    assert response.status_code == 200
    assert policy_of(app, site) == suggestion["thresholds"]


@pytest.mark.parametrize(
    "body",
    [
        {"thresholds": {"spam": {"hold": 0.95, "reject": 0.9}}},
        {"thresholds": {"spam": {"hold": 0.5}}},
        {"thresholds": {"spam": {"hold": 0.5, "reject": 1.2}}},
        {"thresholds": {"deceptive": {"hold": 0.5, "reject": 0.9}}},
        {"thresholds": {}},
        {},
    ],
    ids=["hold-above-reject", "missing-reject", "above-1", "unknown-score", "empty", "no-body"],
)
def test_invalid_thresholds_are_422_and_change_nothing(
    app: Flask, client: FlaskClient, site: SiteKey, admin: dict[str, str], body: dict[str, Any]
) -> None:
    response = client.post(f"/v1/sites/{site.name}/thresholds", json=body, headers=admin)

    assert response.status_code == 422
    assert policy_of(app, site) == DEFAULTS
    assert audit_events(app) == []


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "threshold-suggestion?capacity=5"), ("post", "thresholds")],
)
def test_a_moderator_who_is_not_an_admin_is_forbidden(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str], method: str, path: str
) -> None:
    body = {"thresholds": {"spam": {"hold": 0.6, "reject": 0.8}}}

    response = getattr(client, method)(f"/v1/sites/{site.name}/{path}", json=body, headers=ana)

    assert response.status_code == 403
    assert response.get_json()["code"] == "forbidden"
    assert policy_of(app, site) == DEFAULTS


@pytest.mark.parametrize(
    ("method", "path"), [("get", "threshold-suggestion"), ("post", "thresholds")]
)
def test_a_site_key_is_forbidden_and_no_credentials_unauthorized(
    client: FlaskClient, site: SiteKey, method: str, path: str
) -> None:
    call = getattr(client, method)

    assert call(f"/v1/sites/{site.name}/{path}", headers=bearer(site.api_key)).status_code == 403
    assert call(f"/v1/sites/{site.name}/{path}").status_code == 401
    assert call(f"/v1/sites/{site.name}/{path}", headers=bearer("cgm_nope")).status_code == 401


def test_the_openapi_document_describes_the_admin_endpoints(client: FlaskClient) -> None:
    paths = client.get("/v1/openapi.json").get_json()["paths"]

    get = paths["/v1/sites/{name}/threshold-suggestion"]["get"]
    post = paths["/v1/sites/{name}/thresholds"]["post"]
    assert get["security"] == post["security"] == [{"moderatorToken": []}]
    assert {p["name"] for p in get["parameters"]} >= {"precision", "capacity", "days"}


# --- the command line ---------------------------------------------------------------------


def test_the_cli_prints_the_table_and_changes_nothing_without_apply(
    app: Flask, site: SiteKey, evidence: None
) -> None:
    result = app.test_cli_runner().invoke(
        cli, ["sites", "suggest-thresholds", site.name, "--precision", "0.9"]
    )

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if line.startswith("score"))
    assert header.split() == [
        "score",
        "hold",
        "reject",
        "items",
        "labelled",
        "positives",
        "approved/day",
        "held/day",
        "rejected/day",
    ]
    spam = next(line for line in lines if line.startswith("spam"))
    assert "0.500 -> 0.500" in spam
    assert "0.900 -> 0.700" in spam
    assert "0.0 -> 11.0" in spam  # rejected per day
    assert any(line.startswith("both") for line in lines)
    assert any(line.startswith("note: toxicity:") for line in lines)
    assert "Not applied" in result.output
    assert policy_of(app, site) == DEFAULTS
    assert audit_events(app) == []


def test_the_cli_applies_only_with_apply(app: Flask, site: SiteKey, evidence: None) -> None:
    result = app.test_cli_runner().invoke(
        cli, ["sites", "suggest-thresholds", site.name, "--precision", "0.9", "--apply"]
    )

    assert result.exit_code == 0, result.output
    assert "Applied" in result.output
    assert policy_of(app, site)["spam"]["reject"] == pytest.approx(0.70)
    (event,) = audit_events(app)
    assert event.actor == "cli"


def test_the_cli_needs_a_precision_or_a_capacity(app: Flask, site: SiteKey) -> None:
    result = app.test_cli_runner().invoke(cli, ["sites", "suggest-thresholds", site.name])

    assert result.exit_code == 2
    assert "--precision, --capacity" in result.output
