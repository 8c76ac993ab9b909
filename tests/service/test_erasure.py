"""The right to erasure: an author's texts and personal data leave every table and snapshot."""

from __future__ import annotations

import gzip
import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ml.corpus import Example
from ml.snapshot import freeze, thaw
from service.audit.models import AuditEvent
from service.cli import cli
from service.db import db
from service.items.models import Author, Item, ItemStatus
from service.labels.models import LabelledExample
from service.labels.services import stored_examples
from service.moderation.models import Decision, Score
from service.moderators.services import create_moderator
from service.privacy import services as privacy
from service.privacy.services import erase_author
from service.reports.models import Report
from service.review.services import decide
from service.sites.services import get_site_by_name
from service.training.models import TrainingSnapshot
from service.webhooks.models import WebhookDelivery
from tests.conftest import SiteKey, bearer, comment, new_site
from tests.factories import item_row
from worker.tasks import moderate_item

MARKER = "zqxjv-marker-7731"
NAME = "Rauf Qwvzname-5820"
AGENT = f"Mozilla/5.0 (X11; {MARKER})"
PLAIN_AGENT = "Mozilla/5.0 (X11; Linux x86_64)"
AUTHOR = "reader-7"
TEXTS = (
    f"WIN 500$ bonus at 1xbet, promo code {MARKER}: http://bit.ly/{MARKER} free money",
    f"You are a stupid idiot {MARKER}, shut up and get lost",
)
OTHER_AUTHOR_TEXT = "The new bridge will cut my commute in half, kept-text-4410."
OTHER_SITE_TEXT = "Buses run late every morning on this line, other-site-text-9902."
HOOK = "http://127.0.0.1:9/hook"
PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class World:
    site: SiteKey
    other_site: SiteKey
    items: tuple[str, ...]
    other_author_item: str
    other_site_item: str
    snapshot_id: int


def submit(
    client: FlaskClient, site: SiteKey, text: str, author_id: str, name: str, agent: str
) -> str:
    """An item through the API, scored and decided by the policy as the worker does it."""
    body = comment(
        text=text,
        language="en",
        author={"id": author_id, "name": name},
        client_ip="203.0.113.9",
        user_agent=agent,
    )
    response = client.post("/v1/items", json=body, headers=bearer(site.api_key))
    assert response.status_code == 202, response.get_json()
    item_id = response.get_json()["id"]
    moderate_item(item_id)
    return item_id


def moderator_decides(app: Flask, site: SiteKey, item_ids: list[str]) -> None:
    """A moderator overrules or confirms each item, quoting its text in the note."""
    with app.app_context():
        moderator = create_moderator(f"mod-{site.name}", PASSWORD, [site.name])
        for item_id in item_ids:
            item = db.session.get(Item, uuid.UUID(item_id))
            assert item is not None and item.status != ItemStatus.PENDING
            note = f"it says: {item.text}"
            if item.status == ItemStatus.REJECTED:
                decide(moderator, [item_id], "approve", note=note)
            else:
                decide(moderator, [item_id], "reject", reason="spam", note=note)


def report_with_note(client: FlaskClient, site: SiteKey, item_id: str, text: str) -> None:
    response = client.post(
        f"/v1/items/{item_id}/reports",
        json={"reader_id": "r-81", "reason": "insult", "note": f"look at this: {text}"},
        headers=bearer(site.api_key),
    )
    assert response.status_code == 201


def snapshot_of_the_store(app: Flask) -> int:
    """A training snapshot frozen now, from the store, as a training run keeps it."""
    with app.app_context():
        extra = Example(text="A plain civil remark.", label="clean", lang="en", source="seed")
        snapshot = freeze([*stored_examples(), extra])
        row = TrainingSnapshot(
            digest=snapshot.digest,
            example_count=len(snapshot.examples),
            counts=snapshot.counts,
            data=snapshot.data,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


@pytest.fixture
def world(app: Flask, client: FlaskClient) -> World:
    """The author's items on every path their text travels, beside other authors' items."""
    site = new_site(app, "daily-news", webhook_url=HOOK)
    other_site = new_site(app, "other-news", webhook_url=HOOK)
    items = tuple(submit(client, site, text, AUTHOR, NAME, AGENT) for text in TEXTS)
    other_author_item = submit(client, site, OTHER_AUTHOR_TEXT, "reader-8", "Leyla", PLAIN_AGENT)
    other_site_item = submit(client, other_site, OTHER_SITE_TEXT, AUTHOR, "Other Rauf", PLAIN_AGENT)
    moderator_decides(app, site, [*items, other_author_item])
    moderator_decides(app, other_site, [other_site_item])
    for item_id, text in zip(items, TEXTS, strict=True):
        report_with_note(client, site, item_id, text)
    report_with_note(client, site, other_author_item, OTHER_AUTHOR_TEXT)
    return World(
        site, other_site, items, other_author_item, other_site_item, snapshot_of_the_store(app)
    )


def erase(client: FlaskClient, site: SiteKey, author_id: str = AUTHOR) -> Any:
    return client.delete(f"/v1/authors/{author_id}", headers=bearer(site.api_key))


def rows(app: Flask, statement: Any) -> list[Any]:
    with app.app_context():
        found = list(db.session.scalars(statement))
        for row in found:
            db.session.expunge(row)
        return found


def of_items(column: Any, item_ids: tuple[str, ...] | list[str]) -> Any:
    return column.in_([uuid.UUID(item_id) for item_id in item_ids])


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        if value[:2] == b"\x1f\x8b":
            value = gzip.decompress(value)
        return value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def columns_holding(app: Flask, needle: str) -> dict[str, set[str]]:
    """Every text-bearing column of every table whose value somewhere contains ``needle``."""
    found: dict[str, set[str]] = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [
                column
                for column in table.columns
                if isinstance(column.type, sa.String | sa.JSON | sa.LargeBinary)
            ]
            if not columns:
                continue
            for row in db.session.execute(select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    if needle in _as_text(value):
                        found.setdefault(table.name, set()).add(column.name)
    return found


# --- the decisive test --------------------------------------------------------------------


def test_no_text_column_of_any_table_holds_the_authors_text_or_name_after_erasure(
    app: Flask, client: FlaskClient, world: World
) -> None:
    before = columns_holding(app, MARKER)
    assert before == {
        "items": {"text", "user_agent"},
        "scores": {"explanations"},
        "decisions": {"note"},
        "reports": {"note"},
        "webhook_deliveries": {"body"},
        "labelled_examples": {"text"},
        "training_snapshots": {"data"},
    }
    assert columns_holding(app, NAME) == {
        "authors": {"display_name"},
        "webhook_deliveries": {"body"},
    }

    assert erase(client, world.site).status_code == 200

    assert columns_holding(app, MARKER) == {}
    assert columns_holding(app, NAME) == {}


# --- what is erased -----------------------------------------------------------------------


def test_the_authors_item_texts_display_name_client_ip_and_user_agent_are_gone(
    app: Flask, client: FlaskClient, world: World
) -> None:
    erase(client, world.site)

    for item_id in world.items:
        item = item_row(app, item_id)
        assert (item.text, item.client_ip, item.user_agent) == ("", None, None)
        assert item.erased_at is not None
    with app.app_context():
        author = db.session.scalar(
            select(Author).where(Author.site_id == world.site.id, Author.external_id == AUTHOR)
        )
        assert author is not None
        assert author.display_name is None
        assert author.erased_at is not None


def test_an_erased_item_still_shows_its_status_and_is_marked_erased(
    app: Flask, client: FlaskClient, world: World
) -> None:
    before = client.get(f"/v1/items/{world.items[0]}", headers=bearer(world.site.api_key))
    assert before.get_json()["erased"] is False

    erase(client, world.site)

    after = client.get(f"/v1/items/{world.items[0]}", headers=bearer(world.site.api_key))
    assert after.status_code == 200
    body = after.get_json()
    assert body["erased"] is True
    assert body["status"] == before.get_json()["status"]
    assert body["decision"]["actor"] == before.get_json()["decision"]["actor"]
    assert body["decision"]["note"] is None
    assert body["author"] == {"id": AUTHOR, "name": None}
    assert body["scores"] == before.get_json()["scores"]
    assert MARKER not in json.dumps(body)


def test_explanations_no_longer_quote_the_text_but_the_scores_stay(
    app: Flask, client: FlaskClient, world: World
) -> None:
    before = rows(app, select(Score).where(of_items(Score.item_id, world.items)))
    assert any(MARKER in json.dumps(score.explanations) for score in before)

    erase(client, world.site)

    after = rows(app, select(Score).where(of_items(Score.item_id, world.items)))
    assert {(s.id, s.spam, s.toxicity) for s in after} == {
        (s.id, s.spam, s.toxicity) for s in before
    }
    for score in after:
        assert MARKER not in json.dumps(score.explanations)
        assert all(spans == [] for spans in score.explanations.values())


def test_decision_notes_are_cleared_and_the_decisions_kept(
    app: Flask, client: FlaskClient, world: World
) -> None:
    statement = select(Decision).where(of_items(Decision.item_id, world.items))
    before = rows(app, statement)

    erase(client, world.site)

    after = rows(app, statement)
    assert {(d.id, d.actor, d.to_status) for d in after} == {
        (d.id, d.actor, d.to_status) for d in before
    }
    assert all(decision.note is None for decision in after)


def test_report_notes_on_the_authors_items_are_cleared_and_others_kept(
    app: Flask, client: FlaskClient, world: World
) -> None:
    erase(client, world.site)

    reports = rows(app, select(Report).where(of_items(Report.item_id, world.items)))
    assert len(reports) == 2
    assert all(report.note is None and report.reason == "insult" for report in reports)
    (kept,) = rows(app, select(Report).where(of_items(Report.item_id, [world.other_author_item])))
    assert kept.note == f"look at this: {OTHER_AUTHOR_TEXT}"


def test_webhook_bodies_lose_the_text_and_name_but_keep_ids_and_status(
    app: Flask, client: FlaskClient, world: World
) -> None:
    statement = select(WebhookDelivery).where(of_items(WebhookDelivery.item_id, world.items))
    before = {d.id: d for d in rows(app, statement)}
    assert len(before) == 4  # item.decided and item.updated for each item

    erase(client, world.site)

    for delivery in rows(app, statement):
        event = json.loads(delivery.body)
        assert MARKER not in delivery.body and NAME not in delivery.body
        assert delivery.status == before[delivery.id].status
        old = json.loads(before[delivery.id].body)
        assert (
            (event["id"], event["type"])
            == (old["id"], old["type"])
            == (
                str(delivery.id),
                delivery.event_type,
            )
        )
        assert event["data"]["id"] == old["data"]["id"]
        assert event["data"]["status"] == old["data"]["status"]
        assert event["data"]["author"] == {"id": AUTHOR, "name": None}


def test_labelled_examples_of_the_authors_items_are_deleted_and_other_authors_stay(
    app: Flask, client: FlaskClient, world: World
) -> None:
    statement = select(LabelledExample).where(LabelledExample.source == "moderators:daily-news")
    assert len(rows(app, statement)) == 3

    response = erase(client, world.site)

    assert response.get_json()["labelled_examples"] == 2
    (kept,) = rows(app, statement)
    assert kept.text == OTHER_AUTHOR_TEXT
    assert f"item:{world.other_author_item}" in kept.tags


def test_a_snapshot_made_before_erasure_no_longer_holds_the_text(
    app: Flask, client: FlaskClient, world: World
) -> None:
    (before,) = rows(app, select(TrainingSnapshot))
    with app.app_context():
        data = db.session.get(TrainingSnapshot, world.snapshot_id).data  # type: ignore[union-attr]
    assert sum(MARKER in e.text for e in thaw(data)) == 2

    response = erase(client, world.site)

    assert response.get_json()["snapshot_examples"] == 2
    with app.app_context():
        after = db.session.get(TrainingSnapshot, world.snapshot_id)
        assert after is not None
        examples = thaw(after.data)
        assert not any(MARKER in e.text for e in examples)
        assert OTHER_AUTHOR_TEXT in {e.text for e in examples}
        assert after.digest == before.digest
        assert after.counts == {**before.counts, "erased": 2}


def test_a_snapshot_frozen_after_erasure_does_not_hold_the_text(
    app: Flask, client: FlaskClient, world: World
) -> None:
    erase(client, world.site)

    with app.app_context():
        snapshot = freeze(stored_examples())
    assert not any(MARKER in e.text for e in snapshot.examples)
    assert MARKER.encode() not in gzip.decompress(snapshot.data)
    assert OTHER_AUTHOR_TEXT in {e.text for e in snapshot.examples}


def test_the_erasure_is_audited_with_the_site_as_actor(
    app: Flask, client: FlaskClient, world: World
) -> None:
    erase(client, world.site)

    (event,) = rows(app, select(AuditEvent).where(AuditEvent.action == "author.erased"))
    assert event.actor == "site:daily-news"
    assert event.subject == f"daily-news/{AUTHOR}"
    assert event.site_id == world.site.id
    assert event.detail["items"] == 2
    assert event.detail["labelled_examples"] == 2
    assert NAME not in json.dumps(event.detail)


def test_an_author_with_the_same_id_on_another_site_is_untouched(
    app: Flask, client: FlaskClient, world: World
) -> None:
    erase(client, world.site)

    item = item_row(app, world.other_site_item)
    assert item.text == OTHER_SITE_TEXT
    assert (item.client_ip, item.user_agent, item.erased_at) == ("203.0.113.9", PLAIN_AGENT, None)
    with app.app_context():
        author = db.session.scalar(
            select(Author).where(
                Author.site_id == world.other_site.id, Author.external_id == AUTHOR
            )
        )
        assert author is not None
        assert (author.display_name, author.erased_at) == ("Other Rauf", None)
    assert len(rows(app, select(LabelledExample).where(LabelledExample.text == OTHER_SITE_TEXT)))
    other = rows(app, select(Decision).where(of_items(Decision.item_id, [world.other_site_item])))
    assert any(decision.note for decision in other)


def test_an_item_of_another_author_is_untouched(
    app: Flask, client: FlaskClient, world: World
) -> None:
    erase(client, world.site)

    item = item_row(app, world.other_author_item)
    assert (item.text, item.erased_at) == (OTHER_AUTHOR_TEXT, None)


def test_erasing_twice_erases_nothing_more_and_still_answers(
    app: Flask, client: FlaskClient, world: World
) -> None:
    first = erase(client, world.site)

    second = erase(client, world.site)

    assert second.status_code == 200
    body = second.get_json()
    assert body["erased_at"] == first.get_json()["erased_at"]
    assert {key: value for key, value in body.items() if isinstance(value, int)} == {
        "items": 0,
        "scores": 0,
        "decision_notes": 0,
        "report_notes": 0,
        "webhook_deliveries": 0,
        "labelled_examples": 0,
        "snapshot_examples": 0,
    }
    assert item_row(app, world.other_author_item).text == OTHER_AUTHOR_TEXT


def test_the_api_answers_the_counts_of_what_was_erased(client: FlaskClient, world: World) -> None:
    response = erase(client, world.site)

    assert response.status_code == 200
    body = response.get_json()
    assert (body["site"], body["author_id"]) == ("daily-news", AUTHOR)
    assert body["items"] == 2
    assert body["decision_notes"] == 2
    assert body["report_notes"] == 2
    assert body["webhook_deliveries"] == 4
    assert body["scores"] >= 1


def test_erasure_is_one_transaction(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_audit(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(privacy, "record", failing_audit)
    with app.app_context():
        with pytest.raises(RuntimeError):
            erase_author(get_site_by_name("daily-news"), AUTHOR, actor="test")
        db.session.rollback()

    assert item_row(app, world.items[0]).text == TEXTS[0]
    assert {"labelled_examples", "training_snapshots"} <= set(columns_holding(app, MARKER))
    assert "authors" in columns_holding(app, NAME)


def test_an_unknown_author_is_404(client: FlaskClient, world: World) -> None:
    response = erase(client, world.site, "nobody-here")

    assert response.status_code == 404
    assert response.get_json()["code"] == "not_found"


def test_an_author_known_only_to_another_site_is_404(
    app: Flask, client: FlaskClient, world: World
) -> None:
    response = erase(client, world.other_site, "reader-8")

    assert response.status_code == 404
    assert item_row(app, world.other_author_item).text == OTHER_AUTHOR_TEXT


def test_erasing_without_a_key_is_401(app: Flask, client: FlaskClient, world: World) -> None:
    response = client.delete(f"/v1/authors/{AUTHOR}")

    assert response.status_code == 401
    assert item_row(app, world.items[0]).text == TEXTS[0]


def test_the_openapi_document_describes_the_erasure_with_the_site_key(
    client: FlaskClient,
) -> None:
    spec = client.get("/v1/openapi.json").get_json()

    operation = spec["paths"]["/v1/authors/{author_id}"]["delete"]
    assert operation["security"] == [{"siteKey": []}]
    assert {"200", "404"} <= set(operation["responses"])


# --- the command line ---------------------------------------------------------------------


def test_the_cli_asks_for_confirmation_and_erases_nothing_when_refused(
    app: Flask, world: World
) -> None:
    result = app.test_cli_runner().invoke(
        cli, ["authors", "erase", "daily-news", AUTHOR], input="n\n"
    )

    assert result.exit_code == 1
    assert "Erase" in result.output
    assert item_row(app, world.items[0]).text == TEXTS[0]


def test_the_cli_with_yes_erases_and_audits_the_cli_as_actor(app: Flask, world: World) -> None:
    result = app.test_cli_runner().invoke(cli, ["authors", "erase", "daily-news", AUTHOR, "--yes"])

    assert result.exit_code == 0, result.output
    assert "2 items" in result.output
    assert item_row(app, world.items[0]).text == ""
    (event,) = rows(app, select(AuditEvent).where(AuditEvent.action == "author.erased"))
    assert event.actor == "cli"
