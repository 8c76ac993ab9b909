"""The moderators' API: the review queue, decisions (single and bulk), undo and who may call it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from service.db import db
from service.items.models import Item, ItemStatus
from service.labels.models import LabelledExample
from service.moderation.models import Decision
from service.moderators.models import Role
from service.moderators.services import create_moderator, issue_token
from service.reports.services import report_item
from tests.conftest import SiteKey, bearer, comment, new_site
from tests.factories import decided_item, decisions_of, deliveries_of, held_item, item_row

PASSWORD = "correct horse battery"


@pytest.fixture
def site(app: Flask) -> SiteKey:
    """The moderators' site, with a webhook so decisions are sent to it."""
    return new_site(app, "daily-news", webhook_url="https://daily.example/hooks/commentguard")


def token_for(
    app: Flask, username: str, sites: list[str], role: Role = Role.MODERATOR
) -> dict[str, str]:
    with app.app_context():
        moderator = create_moderator(username, PASSWORD, sites, role)
        return bearer(issue_token(moderator))


@pytest.fixture
def ana(app: Flask, site: SiteKey) -> dict[str, str]:
    """Authorization headers of a moderator of the site."""
    return token_for(app, "ana", [site.name])


def queue(client: FlaskClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get("/v1/queue", query_string=params, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


def decide(
    client: FlaskClient, headers: dict[str, str], item_id: str, **body: Any
) -> dict[str, Any]:
    response = client.post(f"/v1/items/{item_id}/decision", json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def labels_for(app: Flask, text: str) -> list[LabelledExample]:
    with app.app_context():
        return list(db.session.scalars(select(LabelledExample).where(LabelledExample.text == text)))


def report_three_times(app: Flask, item_id: str) -> None:
    """Three readers report the item: past the default threshold, it goes to "reported"."""
    with app.app_context():
        for reader in ("r1", "r2", "r3"):
            item = db.session.get(Item, uuid.UUID(item_id))
            report_item(item, {"reader_id": reader, "reason": "insult"})


# --- reading the queue --------------------------------------------------------------------


def test_queue_lists_only_held_items_of_the_moderators_sites(
    app: Flask, client: FlaskClient, site: SiteKey, other_site: SiteKey, ana: dict[str, str]
) -> None:
    mine = held_item(app, site.name, "Buy cheap watches at my shop")
    held_item(app, other_site.name, "Held on the other site")
    decided_item(app, site.name, "An approved comment", "approved")
    decided_item(app, site.name, "A rejected comment", "rejected")

    page = queue(client, ana)

    assert ids(page) == [mine]
    assert page["items"][0]["review"]["site"] == site.name
    assert page["items"][0]["review"]["queue"] == "held"


def test_an_admin_queue_lists_held_items_of_every_site(
    app: Flask, client: FlaskClient, site: SiteKey, other_site: SiteKey
) -> None:
    admin = token_for(app, "root", [], Role.ADMIN)
    mine = held_item(app, site.name, "Held here")
    theirs = held_item(app, other_site.name, "Held there")

    assert set(ids(queue(client, admin))) == {mine, theirs}


def test_queue_counts_the_items_waiting_in_each_queue(
    app: Flask, client: FlaskClient, site: SiteKey, other_site: SiteKey, ana: dict[str, str]
) -> None:
    held_item(app, site.name, "First held")
    held_item(app, site.name, "Second held")
    held_item(app, other_site.name, "Held elsewhere, not counted")
    reported = decided_item(app, site.name, "Reported by readers", "approved")
    report_three_times(app, reported)

    page = queue(client, ana)

    assert page["counts"] == {"held": 2, "reported": 1}
    assert ids(queue(client, ana, queue="reported")) == [reported]


@pytest.fixture
def varied(app: Flask, site: SiteKey, other_site: SiteKey) -> dict[str, str]:
    """Held items that differ in one attribute each, on two sites."""
    return {
        "plain": held_item(app, site.name, "Plain spammy comment", spam=0.6, toxicity=0.1),
        "toxic": held_item(app, site.name, "Rude comment", spam=0.1, toxicity=0.7),
        "russian": held_item(app, site.name, "Купите часы", spam=0.6, toxicity=0.1, language="ru"),
        "review": held_item(app, site.name, "Bad product", spam=0.6, kind="review", rating=1),
        "article": held_item(app, site.name, "Under art-9", spam=0.6, article_id="art-9"),
        "elsewhere": held_item(app, other_site.name, "Other site", spam=0.6),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"site": "other-news"}, {"elsewhere"}),
        ({"language": "ru"}, {"russian"}),
        ({"reason": "toxicity_suspect"}, {"toxic"}),
        ({"kind": "review"}, {"review"}),
        ({"article": "art-9"}, {"article"}),
    ],
    ids=["site", "language", "reason", "kind", "article"],
)
def test_queue_filters_narrow_the_items(
    app: Flask,
    client: FlaskClient,
    site: SiteKey,
    other_site: SiteKey,
    varied: dict[str, str],
    params: dict[str, str],
    expected: set[str],
) -> None:
    both = token_for(app, "ben", [site.name, other_site.name])
    names = {item_id: name for name, item_id in varied.items()}

    page = queue(client, both, **params)

    assert {names[item_id] for item_id in ids(page)} == expected


def test_a_site_filter_cannot_reach_a_site_the_moderator_does_not_work_on(
    app: Flask, client: FlaskClient, other_site: SiteKey, ana: dict[str, str]
) -> None:
    held_item(app, other_site.name, "Not for ana")

    page = queue(client, ana, site=other_site.name)

    assert page["items"] == []
    assert page["counts"] == {"held": 0, "reported": 0}


@pytest.fixture
def three_by_age(app: Flask, site: SiteKey) -> list[str]:
    """Three held items, oldest first, whose risks are in neither ascending nor descending order."""
    return [
        held_item(app, site.name, "Oldest, middling", spam=0.55),
        held_item(app, site.name, "Middle, riskiest", spam=0.95),
        held_item(app, site.name, "Newest, fairly risky", spam=0.7),
    ]


def test_queue_sorts_by_risk_highest_first(
    client: FlaskClient, three_by_age: list[str], ana: dict[str, str]
) -> None:
    oldest, middle, newest = three_by_age

    page = queue(client, ana, sort="risk")

    assert ids(page) == [middle, newest, oldest]
    assert [item["review"]["risk"] for item in page["items"]] == [0.95, 0.7, 0.55]


def test_queue_sorts_by_age_oldest_first(
    client: FlaskClient, three_by_age: list[str], ana: dict[str, str]
) -> None:
    assert ids(queue(client, ana, sort="age")) == three_by_age


@pytest.mark.parametrize("sort", ["risk", "age"])
def test_cursor_pagination_returns_every_item_exactly_once(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str], sort: str
) -> None:
    # Equal risks make the cursor rely on its tie-breakers.
    risks = [0.6, 0.9, 0.6, 0.75, 0.6, 0.9, 0.55]
    created = [held_item(app, site.name, f"Comment {n}", spam=r) for n, r in enumerate(risks)]

    seen: list[str] = []
    pages = 0
    cursor = None
    while True:
        params: dict[str, Any] = {"sort": sort, "limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = queue(client, ana, **params)
        pages += 1
        seen.extend(ids(page))
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert pages < 10

    assert pages == 3
    assert len(seen) == len(set(seen)) == len(created)
    assert set(seen) == set(created)
    assert seen == ids(queue(client, ana, sort=sort, limit=100))


@pytest.mark.parametrize("cursor", ["garbage", "bm90IGpzb24", "WyJ4Il0"])
def test_an_invalid_cursor_is_422(client: FlaskClient, ana: dict[str, str], cursor: str) -> None:
    response = client.get("/v1/queue", query_string={"cursor": cursor}, headers=ana)

    assert response.status_code == 422
    assert response.get_json()["code"] == "invalid_cursor"


# --- deciding -----------------------------------------------------------------------------


def test_approving_records_a_decision_by_the_moderator(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Borderline but fine")

    body = decide(client, ana, item_id, action="approve", note="context makes it fine")

    [decided] = body["decided"]
    assert decided["status"] == "approved"
    assert decided["decision"]["actor"] == "moderator:ana"
    *_, last = decisions_of(app, item_id)
    assert (last.from_status, last.to_status, last.actor) == ("held", "approved", "moderator:ana")
    assert last.note == "context makes it fine"
    assert str(last.action_id) == body["action_id"]


def test_an_approved_item_leaves_the_queue(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Borderline but fine")

    decide(client, ana, item_id, action="approve")

    page = queue(client, ana)
    assert page["items"] == [] and page["counts"]["held"] == 0
    item = item_row(app, item_id)
    assert item.status == ItemStatus.APPROVED and item.review_queue is None


def test_approving_queues_one_item_updated_event(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Borderline but fine")

    decide(client, ana, item_id, action="approve")

    [delivery] = deliveries_of(app, item_id)
    assert delivery.event_type == "item.updated"
    assert '"status":"approved"' in delivery.body


def test_approving_stores_one_clean_label(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Borderline but fine")

    decide(client, ana, item_id, action="approve")

    [example] = labels_for(app, "Borderline but fine")
    assert example.label == "clean"
    assert example.source == f"moderators:{site.name}"
    assert f"item:{item_id}" in example.tags


def test_repeating_the_same_decision_changes_nothing(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Borderline but fine")
    decide(client, ana, item_id, action="approve")

    again = decide(client, ana, item_id, action="approve")

    assert again["decided"] == [] and [i["id"] for i in again["unchanged"]] == [item_id]
    assert [d.actor for d in decisions_of(app, item_id)] == ["policy", "moderator:ana"]
    assert len(deliveries_of(app, item_id)) == 1
    assert len(labels_for(app, "Borderline but fine")) == 1


def test_rejecting_without_a_reason_is_422_reason_required(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Borderline")

    response = client.post(f"/v1/items/{item_id}/decision", json={"action": "reject"}, headers=ana)

    assert response.status_code == 422
    assert response.get_json()["code"] == "reason_required"
    assert item_row(app, item_id).status == ItemStatus.HELD
    assert len(decisions_of(app, item_id)) == 1


def test_rejecting_as_spam_stores_a_spam_label_for_the_spam_task(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Buy cheap watches at my shop")

    body = decide(client, ana, item_id, action="reject", reason="spam")

    assert body["decided"][0]["status"] == "rejected"
    assert decisions_of(app, item_id)[-1].reason_codes == ["spam"]
    [example] = labels_for(app, "Buy cheap watches at my shop")
    assert (example.label, example.task) == ("spam", "spam")


def test_rejecting_as_off_topic_stores_no_label(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "What about the football results?")

    decide(client, ana, item_id, action="reject", reason="off_topic")

    assert item_row(app, item_id).status == ItemStatus.REJECTED
    assert labels_for(app, "What about the football results?") == []


def test_deciding_another_sites_item_is_404(
    app: Flask, client: FlaskClient, other_site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, other_site.name, "Not ana's")

    response = client.post(f"/v1/items/{item_id}/decision", json={"action": "approve"}, headers=ana)

    assert response.status_code == 404
    assert item_row(app, item_id).status == ItemStatus.HELD


def test_deciding_a_pending_item_is_409_not_reviewable(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    submitted = client.post("/v1/items", json=comment(), headers=bearer(site.api_key))
    assert submitted.status_code == 202
    item_id = submitted.get_json()["id"]

    response = client.post(f"/v1/items/{item_id}/decision", json={"action": "approve"}, headers=ana)

    assert response.status_code == 409
    assert response.get_json()["code"] == "not_reviewable"
    assert item_row(app, item_id).status == ItemStatus.PENDING


def test_a_bulk_decision_is_one_action(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_ids = [held_item(app, site.name, f"Spam number {n}") for n in range(3)]

    response = client.post(
        "/v1/queue/decisions",
        json={"item_ids": item_ids, "action": "reject", "reason": "spam"},
        headers=ana,
    )

    assert response.status_code == 200
    body = response.get_json()
    assert {item["id"] for item in body["decided"]} == set(item_ids)
    action_ids = {str(decisions_of(app, item_id)[-1].action_id) for item_id in item_ids}
    assert action_ids == {body["action_id"]}


# --- undo ---------------------------------------------------------------------------------


def undo(client: FlaskClient, headers: dict[str, str]) -> Any:
    return client.post("/v1/queue/undo", headers=headers)


def test_undo_restores_the_items_to_their_queue_with_their_reasons(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    spammy = held_item(app, site.name, "Spammy", spam=0.8, toxicity=0.1)
    rude = held_item(app, site.name, "Rude", spam=0.1, toxicity=0.8)
    client.post(
        "/v1/queue/decisions",
        json={"item_ids": [spammy, rude], "action": "reject", "reason": "toxic"},
        headers=ana,
    )

    response = undo(client, ana)

    assert response.status_code == 200
    assert {item["id"] for item in response.get_json()["decided"]} == {spammy, rude}
    reasons = {item["id"]: item["review"]["reasons"] for item in queue(client, ana)["items"]}
    assert reasons == {spammy: ["spam_suspect"], rude: ["toxicity_suspect"]}
    for item_id in (spammy, rude):
        item = item_row(app, item_id)
        assert (item.status, item.review_queue) == (ItemStatus.HELD, "held")


def test_undo_returns_a_reported_item_to_the_reported_queue(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = decided_item(app, site.name, "Reported by readers", "approved")
    report_three_times(app, item_id)
    decide(client, ana, item_id, action="reject", reason="insult")

    assert undo(client, ana).status_code == 200

    page = queue(client, ana, queue="reported")
    assert ids(page) == [item_id]
    assert page["items"][0]["review"]["reasons"] == ["reported"]


def test_undo_removes_the_label(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Buy cheap watches at my shop")
    decide(client, ana, item_id, action="reject", reason="spam")
    assert len(labels_for(app, "Buy cheap watches at my shop")) == 1

    undo(client, ana)

    assert labels_for(app, "Buy cheap watches at my shop") == []


def test_undo_sends_item_updated_with_the_held_status(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Borderline")
    decide(client, ana, item_id, action="approve")

    undo(client, ana)

    first, second = sorted(deliveries_of(app, item_id), key=lambda d: d.created_at)
    assert (first.event_type, second.event_type) == ("item.updated", "item.updated")
    assert '"status":"approved"' in first.body
    assert '"status":"held"' in second.body


def test_a_second_undo_is_409_nothing_to_undo(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Borderline")
    decide(client, ana, item_id, action="approve")
    assert undo(client, ana).status_code == 200

    response = undo(client, ana)

    assert response.status_code == 409
    assert response.get_json()["code"] == "nothing_to_undo"
    assert item_row(app, item_id).status == ItemStatus.HELD


def test_undo_with_no_decision_is_409(client: FlaskClient, ana: dict[str, str]) -> None:
    response = undo(client, ana)

    assert response.status_code == 409
    assert response.get_json()["code"] == "nothing_to_undo"


def test_undo_after_the_window_is_409_and_changes_nothing(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Borderline")
    decide(client, ana, item_id, action="approve")
    window = app.config["COMMENTGUARD"]["UNDO_SECONDS"]
    with app.app_context():
        # A Core UPDATE: the ORM refuses to rewrite the audit log, a test may age it.
        for decision in db.session.scalars(
            select(Decision).where(Decision.actor == "moderator:ana")
        ).all():
            db.session.execute(
                update(Decision)
                .where(Decision.id == decision.id)
                .values(created_at=decision.created_at - timedelta(seconds=window + 1))
            )
        db.session.commit()

    response = undo(client, ana)

    assert response.status_code == 409
    assert response.get_json()["code"] == "nothing_to_undo"
    assert item_row(app, item_id).status == ItemStatus.APPROVED


def test_undo_only_reverts_the_callers_own_decisions(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    item_id = held_item(app, site.name, "Borderline")
    decide(client, ana, item_id, action="approve")
    ben = token_for(app, "ben", [site.name])

    assert undo(client, ben).status_code == 409
    assert item_row(app, item_id).status == ItemStatus.APPROVED


# --- who may call it ----------------------------------------------------------------------


def test_a_site_api_key_on_the_queue_is_403(client: FlaskClient, site: SiteKey) -> None:
    response = client.get("/v1/queue", headers=bearer(site.api_key))

    assert response.status_code == 403
    assert response.get_json()["code"] == "forbidden"


def test_a_moderator_token_on_item_submission_is_403(
    app: Flask, client: FlaskClient, ana: dict[str, str]
) -> None:
    response = client.post("/v1/items", json=comment(), headers=ana)

    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Item)) == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/v1/queue"),
        ("post", "/v1/items/00000000-0000-4000-8000-000000000000/decision"),
        ("post", "/v1/queue/decisions"),
        ("post", "/v1/queue/undo"),
    ],
)
def test_no_token_is_401(client: FlaskClient, method: str, path: str) -> None:
    response = getattr(client, method)(path)

    assert response.status_code == 401
    assert response.get_json()["code"] == "unauthorized"


def test_an_unknown_token_is_401(client: FlaskClient) -> None:
    response = client.get("/v1/queue", headers=bearer("cgm_not-a-token-we-issued"))

    assert response.status_code == 401


def test_the_openapi_document_describes_the_moderator_endpoints(client: FlaskClient) -> None:
    spec = client.get("/v1/openapi.json").get_json()
    paths = spec["paths"]
    moderator_token = [{"moderatorToken": []}]

    assert "moderatorToken" in spec["components"]["securitySchemes"]
    assert paths["/v1/queue"]["get"]["security"] == moderator_token
    assert paths["/v1/items/{item_id}/decision"]["post"]["security"] == moderator_token
    assert paths["/v1/queue/decisions"]["post"]["security"] == moderator_token
    assert paths["/v1/queue/undo"]["post"]["security"] == moderator_token
    assert paths["/v1/items/{item_id}/reports"]["post"]["security"] == [{"siteKey": []}]


def test_undoing_one_copy_of_a_text_keeps_the_label_of_another_copys_decision(
    app: Flask, client: FlaskClient, site: SiteKey, ana: dict[str, str]
) -> None:
    text = "The same words posted twice by a campaign."
    first = held_item(app, site.name, text)
    second = held_item(app, site.name, text)
    decide(client, ana, first, action="approve")
    decide(client, ana, second, action="reject", reason="spam")

    undone = client.post("/v1/queue/undo", headers=ana)

    assert undone.status_code == 200
    [example] = labels_for(app, text)
    assert example.label == "clean"
    assert f"item:{first}" in example.tags
