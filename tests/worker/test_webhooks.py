"""Webhook delivery, one attempt at a time: signed, recorded, retried with backoff."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import db, utcnow
from service.sites.models import Site
from service.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from service.webhooks.services import deliver
from service.webhooks.signing import sign, verify
from tests.conftest import SiteKey, bearer, comment
from tests.webhook_receiver import WebhookReceiver
from worker.tasks import moderate_item


@pytest.fixture
def app(app: Flask) -> Flask:
    app.config["COMMENTGUARD"].update(WEBHOOK_BACKOFF=10.0, WEBHOOK_MAX_ATTEMPTS=3)
    return app


def decided_delivery(app: Flask, client: FlaskClient, site: SiteKey, url: str) -> uuid.UUID:
    with app.app_context():
        db.session.get(Site, site.id).webhook_url = url
        db.session.commit()
    item_id = client.post("/v1/items", json=comment(), headers=bearer(site.api_key)).get_json()[
        "id"
    ]
    moderate_item(item_id)
    with app.app_context():
        return db.session.scalar(select(WebhookDelivery.id))


def make_due(app: Flask, delivery_id: uuid.UUID) -> None:
    with app.app_context():
        delivery = db.session.get(WebhookDelivery, delivery_id)
        delivery.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()


def test_delivery_posts_a_signed_event(app: Flask, client: FlaskClient, site: SiteKey) -> None:
    with WebhookReceiver() as receiver:
        delivery_id = decided_delivery(app, client, site, receiver.url)
        with app.app_context():
            result = deliver(delivery_id)
            secret = db.session.get(Site, site.id).webhook_secret

    assert result is not None and result.delivered
    [request] = receiver.received
    assert request.headers["Commentguard-Event-Id"] == str(delivery_id)
    assert request.headers["Commentguard-Event-Type"] == "item.decided"
    assert verify(secret, request.body, request.headers["Commentguard-Signature"])
    event = request.event
    assert event["id"] == str(delivery_id)
    assert event["type"] == "item.decided"
    assert event["data"]["decision"]["actor"] == "policy"


def test_failed_attempt_is_recorded_and_retried_later(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    with WebhookReceiver(fail_first=1) as receiver:
        delivery_id = decided_delivery(app, client, site, receiver.url)
        with app.app_context():
            first = deliver(delivery_id)
            too_early = deliver(delivery_id)
        make_due(app, delivery_id)
        with app.app_context():
            second = deliver(delivery_id)
            delivery = db.session.get(WebhookDelivery, delivery_id)
            attempts = db.session.scalars(
                select(WebhookAttempt).order_by(WebhookAttempt.number)
            ).all()

            assert first is not None and not first.delivered and first.retry_in == 10.0
            assert too_early is None
            assert second is not None and second.delivered
            assert delivery.status == DeliveryStatus.DELIVERED
            assert [(a.number, a.status_code) for a in attempts] == [(1, 503), (2, 200)]
    assert len(receiver.delivered()) == 1


def test_backoff_doubles_between_attempts(app: Flask, client: FlaskClient, site: SiteKey) -> None:
    with WebhookReceiver(fail_first=5) as receiver:
        delivery_id = decided_delivery(app, client, site, receiver.url)
        waits = []
        for _ in range(2):
            make_due(app, delivery_id)
            with app.app_context():
                waits.append(deliver(delivery_id).retry_in)

    assert waits == [10.0, 20.0]


def test_delivery_is_given_up_after_the_last_attempt(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    with WebhookReceiver(fail_first=10) as receiver:
        delivery_id = decided_delivery(app, client, site, receiver.url)
        for _ in range(3):
            make_due(app, delivery_id)
            with app.app_context():
                result = deliver(delivery_id)

    assert result is not None and result.retry_in is None and not result.delivered
    with app.app_context():
        assert db.session.get(WebhookDelivery, delivery_id).status == DeliveryStatus.FAILED


def test_unreachable_host_counts_as_a_failed_attempt(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    delivery_id = decided_delivery(app, client, site, "http://127.0.0.1:9/closed-port")

    with app.app_context():
        result = deliver(delivery_id)
        [attempt] = db.session.scalars(select(WebhookAttempt)).all()

    assert result is not None and not result.delivered
    assert attempt.status_code is None and "ConnectionError" in attempt.error


def test_every_attempt_sends_the_same_body(app: Flask, client: FlaskClient, site: SiteKey) -> None:
    with WebhookReceiver(fail_first=1) as receiver:
        delivery_id = decided_delivery(app, client, site, receiver.url)
        with app.app_context():
            deliver(delivery_id)
        make_due(app, delivery_id)
        with app.app_context():
            deliver(delivery_id)

    first, second = receiver.received
    assert first.body == second.body
    assert json.loads(first.body)["id"] == str(delivery_id)


def test_signature_verification_rejects_tampering_and_old_timestamps() -> None:
    body = b'{"id":"e1"}'
    header = sign("whsec_x", body, timestamp=1_700_000_000)

    assert verify("whsec_x", body, header, now=1_700_000_010)
    assert not verify("whsec_x", body + b" ", header, now=1_700_000_010)
    assert not verify("whsec_other", body, header, now=1_700_000_010)
    assert not verify("whsec_x", body, header, now=1_700_001_000)
    assert not verify("whsec_x", body, "garbage", now=1_700_000_010)
