"""A moderator's decision reaches the host site's webhook exactly once, and the labels once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import db
from service.labels.models import LabelledExample
from service.labels.services import text_hash
from service.moderators.services import create_moderator, issue_token
from service.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from service.webhooks.services import deliver
from service.webhooks.signing import verify
from tests.conftest import bearer, new_site
from tests.factories import held_item
from tests.webhook_receiver import WebhookReceiver

TEXT = "Visit my shop for cheap watches, best prices in town!"


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as running:
        yield running


def test_a_moderator_decision_is_delivered_once_with_the_moderator_and_reason(
    app: Flask, client: FlaskClient, receiver: WebhookReceiver
) -> None:
    site = new_site(app, "daily-news", webhook_url=receiver.url)
    item_id = held_item(app, site.name, TEXT, spam=0.7)
    with app.app_context():
        token = issue_token(create_moderator("ana", "correct horse battery", [site.name]))
    decided = client.post(
        f"/v1/items/{item_id}/decision",
        json={"action": "reject", "reason": "spam", "note": "a shop ad"},
        headers=bearer(token),
    )
    assert decided.status_code == 200, decided.get_json()

    with app.app_context():
        [delivery_id] = db.session.scalars(select(WebhookDelivery.id)).all()
        first = deliver(delivery_id)
        second = deliver(delivery_id)
        delivery = db.session.get(WebhookDelivery, delivery_id)
        attempts = db.session.scalars(select(WebhookAttempt)).all()
        secret = delivery.site.webhook_secret

        assert first is not None and first.delivered
        assert second is None
        assert delivery.status == DeliveryStatus.DELIVERED
        assert len(attempts) == 1

    [request] = receiver.received
    assert request.answered == 200
    assert request.headers["Commentguard-Event-Type"] == "item.updated"
    assert request.headers["Commentguard-Event-Id"] == str(delivery_id)
    assert verify(secret, request.body, request.headers["Commentguard-Signature"])
    event = request.event
    assert event["type"] == "item.updated"
    data = event["data"]
    assert (data["id"], data["status"]) == (item_id, "rejected")
    assert data["decision"]["actor"] == "moderator:ana"
    assert data["decision"]["reason_codes"] == ["spam"]
    assert data["decision"]["note"] == "a shop ad"


def test_a_moderator_decision_stores_one_labelled_example_for_its_text(
    app: Flask, client: FlaskClient, receiver: WebhookReceiver
) -> None:
    site = new_site(app, "daily-news", webhook_url=receiver.url)
    item_id = held_item(app, site.name, TEXT, spam=0.7)
    with app.app_context():
        token = issue_token(create_moderator("ana", "correct horse battery", [site.name]))
    for _ in range(2):
        client.post(
            f"/v1/items/{item_id}/decision",
            json={"action": "reject", "reason": "spam"},
            headers=bearer(token),
        )

    with app.app_context():
        for delivery_id in db.session.scalars(select(WebhookDelivery.id)).all():
            deliver(delivery_id)
        examples = db.session.scalars(
            select(LabelledExample).where(LabelledExample.text_hash == text_hash(TEXT))
        ).all()

        [example] = examples
        assert (example.text, example.label, example.task) == (TEXT, "spam", "spam")
        assert example.source == "moderators:daily-news"
        assert "moderator:ana" in example.tags
    assert len(receiver.delivered()) == 1
