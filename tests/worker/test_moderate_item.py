"""The moderate_item task, called directly: score, decide, record, queue the webhook."""

from __future__ import annotations

import uuid

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.classifier.models import ModelVersion
from service.db import db
from service.items.models import Item, ItemStatus
from service.moderation.models import Decision, Score
from service.sites.models import Site
from service.sites.services import set_thresholds
from service.webhooks.models import WebhookDelivery
from tests.conftest import SiteKey, bearer, comment
from worker.tasks import moderate_item


def submit(client: FlaskClient, site: SiteKey, **fields: object) -> str:
    response = client.post("/v1/items", json=comment(**fields), headers=bearer(site.api_key))
    assert response.status_code == 202, response.get_json()
    return response.get_json()["id"]


def decisions_for(item_id: str) -> list[Decision]:
    return list(db.session.scalars(select(Decision).where(Decision.item_id == uuid.UUID(item_id))))


def test_moderating_records_one_score_and_one_decision(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    item_id = submit(client, site)

    status = moderate_item(item_id)

    with app.app_context():
        item = db.session.get(Item, uuid.UUID(item_id))
        assert item is not None and item.status.value == status
        assert item.decided_at is not None
        [decision] = decisions_for(item_id)
        assert decision.actor == "policy"
        assert decision.from_status == "pending" and decision.to_status == status
        scores = list(db.session.scalars(select(Score).where(Score.item_id == item.id)))
        assert len(scores) == 1
        assert decision.score_id == scores[0].id


def test_moderating_twice_changes_nothing(app: Flask, client: FlaskClient, site: SiteKey) -> None:
    item_id = submit(client, site)

    moderate_item(item_id)
    second = moderate_item(item_id)

    assert second is None
    with app.app_context():
        assert len(decisions_for(item_id)) == 1
        assert db.session.scalar(select(func.count()).select_from(Score)) == 1


def test_score_records_the_active_model_version(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    item_id = submit(client, site)
    moderate_item(item_id)

    with app.app_context():
        score = db.session.scalar(select(Score))
        active = db.session.scalar(select(ModelVersion).where(ModelVersion.status == "active"))
        assert score is not None and active is not None
        assert score.model_version_id == active.id


def test_obvious_spam_is_rejected_with_spam_high(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    item_id = submit(
        client,
        site,
        text="BIG BONUS 500$ at 1xbet!!! Promo code WIN500, register now: http://bit.ly/b0nus-win",
    )

    assert moderate_item(item_id) == "rejected"
    with app.app_context():
        assert decisions_for(item_id)[0].reason_codes == ["spam_high"]


def test_site_thresholds_decide_the_outcome(app: Flask, client: FlaskClient, site: SiteKey) -> None:
    with app.app_context():
        set_thresholds(
            db.session.get(Site, site.id),
            {"spam": {"hold": 0.0, "reject": 1.0}, "toxicity": {"hold": 1.0, "reject": 1.0}},
        )
    item_id = submit(client, site)

    assert moderate_item(item_id) == "held"
    with app.app_context():
        assert decisions_for(item_id)[0].reason_codes == ["spam_suspect"]


def test_language_is_detected_when_not_given(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    item_id = submit(client, site, text="Этот министр должен уйти в отставку, бюджет провален.")
    moderate_item(item_id)

    with app.app_context():
        item = db.session.get(Item, uuid.UUID(item_id))
        assert item is not None
        assert (item.language, item.language_source) == ("ru", "detected")


def test_explanations_point_into_the_submitted_text(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    text = "Register now at 1xbet and take the 500$ bonus: http://bit.ly/b0nus"
    item_id = submit(client, site, text=text)
    moderate_item(item_id)

    spans = client.get(f"/v1/items/{item_id}", headers=bearer(site.api_key)).get_json()[
        "explanations"
    ]["spam"]
    assert spans
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]
        assert span["weight"] > 0


def test_a_site_with_a_webhook_gets_an_item_decided_event(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    with app.app_context():
        db.session.get(Site, site.id).webhook_url = "http://127.0.0.1:9/hook"
        db.session.commit()
    item_id = submit(client, site)
    moderate_item(item_id)

    with app.app_context():
        [delivery] = db.session.scalars(select(WebhookDelivery)).all()
        assert delivery.event_type == "item.decided"
        assert str(delivery.item_id) == item_id


def test_a_site_without_webhook_gets_no_delivery(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    moderate_item(submit(client, site))

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


def test_an_item_stays_pending_when_the_model_artifact_is_tampered(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    import pytest

    from ml.artifact import ArtifactError
    from service.classifier import services as registry

    with app.app_context():
        version = db.session.scalar(select(ModelVersion))
        assert version is not None
        version.artifact = version.artifact[:-10] + b"0123456789"
        db.session.commit()
    registry._cache.clear()
    item_id = submit(client, site)

    with pytest.raises(ArtifactError):
        moderate_item(item_id)
    with app.app_context():
        item = db.session.get(Item, uuid.UUID(item_id))
        assert item is not None and item.status == ItemStatus.PENDING
        assert decisions_for(item_id) == []


def test_the_deceptive_score_is_kept_for_reviews_only() -> None:
    from service.items.models import ItemKind
    from service.moderation.services import _relevant

    scores = {"spam": 0.1, "toxicity": 0.2, "deceptive": 0.9}

    assert "deceptive" in _relevant(Item(kind=ItemKind.REVIEW), scores)
    assert "deceptive" not in _relevant(Item(kind=ItemKind.COMMENT), scores)


def test_a_held_item_enters_the_review_queue_with_its_reasons_and_risk(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    with app.app_context():
        # Every score holds: the item must wait for a moderator.
        set_thresholds(
            db.session.get(Site, site.id),
            {"spam": {"hold": 0.0, "reject": 1.0}, "toxicity": {"hold": 0.0, "reject": 1.0}},
        )
    item_id = submit(client, site)

    moderate_item(item_id)

    with app.app_context():
        item = db.session.get(Item, uuid.UUID(item_id))
        score = db.session.scalar(select(Score))
        assert item is not None and score is not None
        assert item.status == ItemStatus.HELD
        assert item.review_queue == "held"
        assert item.review_reasons == ",spam_suspect,toxicity_suspect,"
        assert item.held_at == item.decided_at
        assert item.risk == max(score.spam, score.toxicity)


def test_an_approved_item_is_not_in_any_review_queue(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    item_id = submit(client, site)

    status = moderate_item(item_id)

    with app.app_context():
        item = db.session.get(Item, uuid.UUID(item_id))
        assert item is not None and status == "approved"
        assert item.review_queue is None and item.review_reasons == "" and item.held_at is None
        assert item.risk is not None
