"""The sweeper resends work the database says is owed, and nothing else."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from service.db import db, utcnow
from service.items.models import Item
from service.sweeper import sweep
from tests.conftest import SiteKey, bearer, comment
from worker.tasks import moderate_item


def submit(client: FlaskClient, site: SiteKey) -> str:
    return client.post("/v1/items", json=comment(), headers=bearer(site.api_key)).get_json()["id"]


def age_items(app: Flask, seconds: float) -> None:
    with app.app_context():
        db.session.execute(update(Item).values(enqueued_at=utcnow() - timedelta(seconds=seconds)))
        db.session.commit()


def test_items_pending_too_long_are_resent(app: Flask, client: FlaskClient, site: SiteKey) -> None:
    submit(client, site)
    submit(client, site)
    age_items(app, app.config["COMMENTGUARD"]["PENDING_TIMEOUT"] + 1)

    with app.app_context():
        assert sweep().items == 2


def test_recently_sent_items_are_left_alone(app: Flask, client: FlaskClient, site: SiteKey) -> None:
    submit(client, site)

    with app.app_context():
        assert sweep().items == 0


def test_a_resent_item_is_not_resent_by_the_next_sweep(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    submit(client, site)
    age_items(app, app.config["COMMENTGUARD"]["PENDING_TIMEOUT"] + 1)

    with app.app_context():
        first, second = sweep(), sweep()

    assert (first.items, second.items) == (1, 0)


def test_decided_items_are_never_resent(app: Flask, client: FlaskClient, site: SiteKey) -> None:
    moderate_item(submit(client, site))
    age_items(app, app.config["COMMENTGUARD"]["PENDING_TIMEOUT"] + 1)

    with app.app_context():
        assert sweep().items == 0


def test_sweeper_task_decides_items_left_behind(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    item_id = submit(client, site)
    age_items(app, app.config["COMMENTGUARD"]["PENDING_TIMEOUT"] + 1)
    with app.app_context():
        sweep()
    # The resent message is what a worker would now run.
    moderate_item(item_id)

    with app.app_context():
        assert db.session.get(Item, uuid.UUID(item_id)).decided_at is not None
