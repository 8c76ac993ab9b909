"""Readers' reports, passed on by the host site: counted once per reader, then back to review."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.cli import cli
from service.db import db
from service.items.models import ItemStatus
from service.moderators.services import create_moderator, issue_token
from service.reports.models import Report
from service.sites.services import get_site_by_name, set_report_threshold
from tests.conftest import SiteKey, bearer, new_site
from tests.factories import decided_item, decisions_of, deliveries_of, held_item, item_row


@pytest.fixture
def site(app: Flask) -> SiteKey:
    """The host site, with a webhook so a report that moves an item is sent to it."""
    return new_site(app, "daily-news", webhook_url="https://daily.example/hooks/commentguard")


@pytest.fixture
def approved(app: Flask, site: SiteKey) -> str:
    return decided_item(app, site.name, "A published comment", "approved")


def report(client: FlaskClient, site: SiteKey, item_id: str, **body: Any) -> TestResponse:
    return client.post(f"/v1/items/{item_id}/reports", json=body, headers=bearer(site.api_key))


def test_a_report_is_201_and_counted(
    app: Flask, client: FlaskClient, site: SiteKey, approved: str
) -> None:
    response = report(client, site, approved, reader_id="r1", reason="spam", note="an ad")

    assert response.status_code == 201
    body = response.get_json()
    assert body["item_id"] == approved
    assert (body["reason"], body["reports"], body["status"]) == ("spam", 1, "approved")
    assert body["sent_to_review"] is False
    assert item_row(app, approved).report_count == 1
    with app.app_context():
        [row] = db.session.scalars(select(Report)).all()
        assert (row.reader_id, row.reason, row.note) == ("r1", "spam", "an ad")


def test_the_same_reader_again_is_200_and_not_counted_twice(
    app: Flask, client: FlaskClient, site: SiteKey, approved: str
) -> None:
    first = report(client, site, approved, reader_id="r1", reason="spam")

    again = report(client, site, approved, reader_id="r1", reason="insult")

    assert again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.get_json()["reports"] == 1
    assert item_row(app, approved).report_count == 1
    with app.app_context():
        assert len(db.session.scalars(select(Report)).all()) == 1


def test_reports_without_a_reader_id_each_count(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    held = held_item(app, site.name, "Held, so reports only count")

    statuses = [report(client, site, held).status_code for _ in range(4)]

    assert statuses == [201] * 4
    assert item_row(app, held).report_count == 4


def test_the_third_report_sends_an_approved_item_to_the_reported_queue(
    app: Flask, client: FlaskClient, site: SiteKey, approved: str
) -> None:
    report(client, site, approved, reader_id="r1")
    report(client, site, approved, reader_id="r2")
    assert item_row(app, approved).status == ItemStatus.APPROVED

    third = report(client, site, approved, reader_id="r3")

    assert third.status_code == 201
    assert third.get_json()["sent_to_review"] is True
    assert third.get_json()["status"] == "held"
    item = item_row(app, approved)
    assert (item.status, item.review_queue, item.review_reasons) == (
        ItemStatus.HELD,
        "reported",
        ",reported,",
    )
    *_, last = decisions_of(app, approved)
    assert (last.actor, last.from_status, last.to_status) == ("report", "approved", "held")
    [delivery] = deliveries_of(app, approved)
    assert delivery.event_type == "item.updated"
    assert '"status":"held"' in delivery.body


def test_reports_past_the_threshold_do_not_move_the_item_again(
    app: Flask, client: FlaskClient, site: SiteKey, approved: str
) -> None:
    for reader in ("r1", "r2", "r3"):
        report(client, site, approved, reader_id=reader)

    fourth = report(client, site, approved, reader_id="r4")

    assert fourth.get_json()["sent_to_review"] is False
    assert [d.actor for d in decisions_of(app, approved)] == ["policy", "report"]
    assert len(deliveries_of(app, approved)) == 1


def test_a_lower_threshold_set_for_the_site_applies(
    app: Flask, client: FlaskClient, site: SiteKey, approved: str
) -> None:
    with app.app_context():
        set_report_threshold(get_site_by_name(site.name), 1)

    first = report(client, site, approved, reader_id="r1")

    assert first.get_json()["sent_to_review"] is True
    assert item_row(app, approved).review_queue == "reported"


def test_a_higher_threshold_set_for_the_site_applies(
    app: Flask, client: FlaskClient, site: SiteKey, approved: str
) -> None:
    with app.app_context():
        set_report_threshold(get_site_by_name(site.name), 4)

    for reader in ("r1", "r2", "r3"):
        report(client, site, approved, reader_id=reader)

    assert item_row(app, approved).status == ItemStatus.APPROVED
    assert report(client, site, approved, reader_id="r4").get_json()["sent_to_review"] is True


def test_an_item_a_moderator_approved_is_not_sent_back(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    item_id = held_item(app, site.name, "Held, then approved by a person")
    with app.app_context():
        token = issue_token(create_moderator("ana", "correct horse battery", [site.name]))
    approval = client.post(
        f"/v1/items/{item_id}/decision", json={"action": "approve"}, headers=bearer(token)
    )
    assert approval.status_code == 200

    responses = [report(client, site, item_id, reader_id=f"r{n}") for n in range(5)]

    assert not any(r.get_json()["sent_to_review"] for r in responses)
    item = item_row(app, item_id)
    assert (item.status, item.review_queue, item.report_count) == (ItemStatus.APPROVED, None, 5)
    assert [d.actor for d in decisions_of(app, item_id)] == ["policy", "moderator:ana"]


def test_a_report_on_another_sites_item_is_404(
    app: Flask, client: FlaskClient, site: SiteKey, other_site: SiteKey
) -> None:
    theirs = decided_item(app, other_site.name, "Published elsewhere", "approved")

    response = report(client, site, theirs, reader_id="r1")

    assert response.status_code == 404
    assert item_row(app, theirs).report_count == 0


def test_a_report_on_an_unknown_item_is_404(client: FlaskClient, site: SiteKey) -> None:
    assert report(client, site, str(uuid.uuid4())).status_code == 404
    assert report(client, site, "not-a-uuid").status_code == 404


def test_a_bad_reason_is_422(app: Flask, client: FlaskClient, site: SiteKey, approved: str) -> None:
    response = report(client, site, approved, reader_id="r1", reason="boring")

    assert response.status_code == 422
    assert "reason" in response.get_json()["errors"]["json"]
    assert item_row(app, approved).report_count == 0


def test_an_unknown_field_is_422(
    app: Flask, client: FlaskClient, site: SiteKey, approved: str
) -> None:
    response = report(client, site, approved, reader="r1")

    assert response.status_code == 422
    assert item_row(app, approved).report_count == 0


def test_a_moderator_token_cannot_report(app: Flask, client: FlaskClient, site: SiteKey) -> None:
    item_id = decided_item(app, site.name, "Published", "approved")
    with app.app_context():
        token = issue_token(create_moderator("ana", "correct horse battery", [site.name]))

    response = client.post(f"/v1/items/{item_id}/reports", json={}, headers=bearer(token))

    assert response.status_code == 403
    assert item_row(app, item_id).report_count == 0


def test_the_cli_sets_the_report_threshold(app: Flask, site: SiteKey, approved: str) -> None:
    result = app.test_cli_runner().invoke(
        cli, ["sites", "policy", site.name, "--report-threshold", "2"]
    )

    assert result.exit_code == 0, result.output
    assert '"report_threshold": 2' in result.output
    client = app.test_client()
    report(client, site, approved, reader_id="r1")
    assert report(client, site, approved, reader_id="r2").get_json()["sent_to_review"] is True
