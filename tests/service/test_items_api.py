"""POST/GET /v1/items on the embedded shape: the contract a host site's backend relies on."""

from __future__ import annotations

import json
import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.db import db
from service.items.models import Item
from tests.conftest import SiteKey, bearer, comment
from worker.tasks import moderate_item


def count_items(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Item)) or 0


def test_submitting_a_comment_answers_202_pending(client: FlaskClient, site: SiteKey) -> None:
    response = client.post("/v1/items", json=comment(), headers=bearer(site.api_key))

    assert response.status_code == 202
    body = response.get_json()
    assert body["status"] == "pending"
    assert uuid.UUID(body["id"])
    assert response.headers["Location"] == f"/v1/items/{body['id']}"


def test_submitted_item_is_stored_with_its_fields(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    body = comment(language="az", client_ip="203.0.113.9", user_agent="Mozilla/5.0")
    item_id = client.post("/v1/items", json=body, headers=bearer(site.api_key)).get_json()["id"]

    with app.app_context():
        item = db.session.get(Item, uuid.UUID(item_id))
        assert item is not None
        assert item.text == body["text"]
        assert item.language == "az"
        assert item.language_source == "given"
        assert item.client_ip == "203.0.113.9"
        assert item.article.title == "Bridge opens"
        assert item.author is not None and item.author.display_name == "Leyla"


def test_review_carries_its_rating(client: FlaskClient, site: SiteKey) -> None:
    response = client.post(
        "/v1/items",
        json=comment(kind="review", rating=4, text="Good hotel, friendly staff."),
        headers=bearer(site.api_key),
    )

    assert response.status_code == 202
    assert response.get_json()["rating"] == 4
    assert response.get_json()["kind"] == "review"


def test_resubmitting_with_same_idempotency_key_returns_original_item(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    body = comment()
    headers = {**bearer(site.api_key), "Idempotency-Key": "req-1"}
    first = client.post("/v1/items", json=body, headers=headers)
    second = client.post("/v1/items", json=body, headers=headers)

    assert second.status_code == 200
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.get_json()["id"] == first.get_json()["id"]
    assert count_items(app) == 1


def test_same_idempotency_key_with_different_body_is_409(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    headers = {**bearer(site.api_key), "Idempotency-Key": "req-1"}
    client.post("/v1/items", json=comment(text="first"), headers=headers)
    response = client.post("/v1/items", json=comment(text="second"), headers=headers)

    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "idempotency_conflict"
    assert count_items(app) == 1


def test_repeated_external_id_returns_original_item(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    body = comment(external_id="c-42")
    first = client.post("/v1/items", json=body, headers=bearer(site.api_key))
    second = client.post("/v1/items", json=body, headers=bearer(site.api_key))

    assert second.status_code == 200
    assert second.get_json()["id"] == first.get_json()["id"]
    assert count_items(app) == 1


def test_repeated_external_id_with_different_text_is_409(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    client.post("/v1/items", json=comment(external_id="c-42"), headers=bearer(site.api_key))
    response = client.post(
        "/v1/items", json=comment(external_id="c-42", text="edited"), headers=bearer(site.api_key)
    )

    assert response.status_code == 409
    assert response.get_json()["code"] == "external_id_conflict"
    assert count_items(app) == 1


def test_same_external_id_on_two_sites_makes_two_items(
    app: Flask, client: FlaskClient, site: SiteKey, other_site: SiteKey
) -> None:
    body = comment(external_id="c-1")
    client.post("/v1/items", json=body, headers=bearer(site.api_key))
    client.post("/v1/items", json=body, headers=bearer(other_site.api_key))

    assert count_items(app) == 2


def test_get_item_shows_decision_scores_and_model_version(
    client: FlaskClient, site: SiteKey
) -> None:
    item_id = client.post("/v1/items", json=comment(), headers=bearer(site.api_key)).get_json()[
        "id"
    ]
    moderate_item(item_id)

    body = client.get(f"/v1/items/{item_id}", headers=bearer(site.api_key)).get_json()

    assert body["status"] in {"approved", "held", "rejected"}
    assert body["decision"]["actor"] == "policy"
    assert body["decision"]["status"] == body["status"]
    assert body["decision"]["reason_codes"]
    assert 0.0 <= body["scores"]["spam"] <= 1.0
    assert 0.0 <= body["scores"]["toxicity"] <= 1.0
    assert body["model_version"] == "seed-1"
    assert body["language"] == "en"


def test_wait_returns_200_with_decision_when_made_in_time(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    # The memory broker has no consumer here, so decide the item as the worker would, from a
    # thread that runs while the request waits.
    import threading

    from service.items.models import ItemStatus

    def decide_when_stored() -> None:
        with app.app_context():
            for _ in range(200):
                item = db.session.scalar(select(Item).where(Item.external_id == "c-wait"))
                if item is not None:
                    moderate_item(str(item.id))
                    return
                db.session.rollback()
                threading.Event().wait(0.01)

    decider = threading.Thread(target=decide_when_stored)
    decider.start()
    response = client.post(
        "/v1/items?wait=3000", json=comment(external_id="c-wait"), headers=bearer(site.api_key)
    )
    decider.join()

    assert response.status_code == 200
    assert response.get_json()["status"] != ItemStatus.PENDING.value
    assert response.get_json()["decision"] is not None


def test_wait_answers_202_pending_when_no_decision_in_time(
    client: FlaskClient, site: SiteKey
) -> None:
    response = client.post("/v1/items?wait=50", json=comment(), headers=bearer(site.api_key))

    assert response.status_code == 202
    assert response.get_json()["status"] == "pending"


def test_wait_above_5000_ms_is_422(client: FlaskClient, site: SiteKey) -> None:
    response = client.post("/v1/items?wait=5001", json=comment(), headers=bearer(site.api_key))

    assert response.status_code == 422
    assert "wait" in response.get_json()["errors"]["query"]


def test_get_by_external_id_finds_the_item(client: FlaskClient, site: SiteKey) -> None:
    client.post("/v1/items", json=comment(external_id="c-9"), headers=bearer(site.api_key))

    body = client.get("/v1/items?external_id=c-9", headers=bearer(site.api_key)).get_json()

    assert [item["external_id"] for item in body["items"]] == ["c-9"]


def test_listing_pages_with_a_cursor(client: FlaskClient, site: SiteKey) -> None:
    for n in range(5):
        client.post("/v1/items", json=comment(external_id=f"c-{n}"), headers=bearer(site.api_key))

    first = client.get("/v1/items?limit=3", headers=bearer(site.api_key)).get_json()
    second = client.get(
        f"/v1/items?limit=3&cursor={first['next_cursor']}", headers=bearer(site.api_key)
    ).get_json()

    seen = [i["external_id"] for i in first["items"] + second["items"]]
    assert sorted(seen) == [f"c-{n}" for n in range(5)]
    assert second["next_cursor"] is None


def test_a_forged_cursor_is_422(client: FlaskClient, site: SiteKey) -> None:
    response = client.get("/v1/items?cursor=not-a-cursor", headers=bearer(site.api_key))

    assert response.status_code == 422
    assert response.get_json()["code"] == "invalid_cursor"


def test_another_sites_item_is_404(client: FlaskClient, site: SiteKey, other_site: SiteKey) -> None:
    item_id = client.post("/v1/items", json=comment(), headers=bearer(site.api_key)).get_json()[
        "id"
    ]

    response = client.get(f"/v1/items/{item_id}", headers=bearer(other_site.api_key))

    assert response.status_code == 404
    assert response.get_json()["code"] == "not_found"


def test_another_sites_items_are_not_listed(
    client: FlaskClient, site: SiteKey, other_site: SiteKey
) -> None:
    client.post("/v1/items", json=comment(external_id="mine"), headers=bearer(site.api_key))

    body = client.get("/v1/items?external_id=mine", headers=bearer(other_site.api_key)).get_json()

    assert body["items"] == []


def test_unknown_item_id_is_404(client: FlaskClient, site: SiteKey) -> None:
    for item_id in (str(uuid.uuid4()), "not-a-uuid"):
        response = client.get(f"/v1/items/{item_id}", headers=bearer(site.api_key))
        assert response.status_code == 404


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer cg_wrong"}, {"Authorization": "Basic abc"}],
    ids=["no key", "unknown key", "wrong scheme"],
)
def test_missing_or_wrong_key_is_401(client: FlaskClient, site: SiteKey, headers: dict) -> None:
    response = client.post("/v1/items", json=comment(), headers=headers)

    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


BAD_BODIES = {
    "missing text": {"text": None},
    "missing article": {"article": None},
    "unknown field": {"colour": "red"},
    "unknown nested field": {"article": {"id": "a", "colour": "red"}},
    "text not a string": {"text": 42},
    "external_id not a string": {"external_id": ["x"]},
    "empty text": {"text": ""},
    "blank text": {"text": "   \n "},
    "text over the limit": {"text": "x" * 10_001},
    "unknown kind": {"kind": "tweet"},
    "review without rating": {"kind": "review"},
    "rating 0": {"kind": "review", "rating": 0},
    "rating 6": {"kind": "review", "rating": 6},
    "rating as string": {"kind": "review", "rating": "5"},
    "rating as float": {"kind": "review", "rating": 4.5},
    "rating as boolean": {"kind": "review", "rating": True},
    "rating on a comment": {"rating": 3},
    "bad language code": {"language": "Azerbaijani"},
    "bad ip": {"client_ip": "999.1.1.1"},
    "bad article url": {"article": {"id": "a", "url": "not a url"}},
}


@pytest.mark.parametrize("change", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_invalid_body_is_422_with_field_errors(
    app: Flask, client: FlaskClient, site: SiteKey, change: dict
) -> None:
    body = comment()
    for key, value in change.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value

    response = client.post("/v1/items", json=body, headers=bearer(site.api_key))

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["code"] == "validation_failed"
    assert problem["errors"]["json"]
    assert count_items(app) == 0


def test_malformed_json_is_400(client: FlaskClient, site: SiteKey) -> None:
    response = client.post(
        "/v1/items",
        data='{"external_id": "c-1", "text": ',
        headers={**bearer(site.api_key), "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.get_json()["code"] == "malformed_json"


def test_json_that_is_not_an_object_is_422(client: FlaskClient, site: SiteKey) -> None:
    response = client.post("/v1/items", json=["a", "list"], headers=bearer(site.api_key))

    assert response.status_code == 422


def test_wrong_content_type_is_415(client: FlaskClient, site: SiteKey) -> None:
    response = client.post(
        "/v1/items",
        data=json.dumps(comment()),
        headers={**bearer(site.api_key), "Content-Type": "text/plain"},
    )

    assert response.status_code == 415
    assert response.get_json()["code"] == "unsupported_media_type"


def test_body_over_the_size_limit_is_413(client: FlaskClient, site: SiteKey) -> None:
    response = client.post(
        "/v1/items", json=comment(text="x" * 70_000), headers=bearer(site.api_key)
    )

    assert response.status_code == 413
    assert response.get_json()["code"] == "body_too_large"


def test_unknown_route_is_a_404_problem(client: FlaskClient) -> None:
    response = client.get("/v1/nothing-here")

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_wrong_method_is_405_problem(client: FlaskClient, site: SiteKey) -> None:
    response = client.delete("/v1/items", headers=bearer(site.api_key))

    assert response.status_code == 405
    assert response.get_json()["code"] == "method_not_allowed"


def test_hostile_text_is_stored_verbatim(app: Flask, client: FlaskClient, site: SiteKey) -> None:
    text = "<script>alert(1)</script>\u202e\u200bSELECT * FROM items; --"
    item_id = client.post(
        "/v1/items", json=comment(text=text), headers=bearer(site.api_key)
    ).get_json()["id"]

    with app.app_context():
        item = db.session.get(Item, uuid.UUID(item_id))
        assert item is not None and item.text == text


def test_a_comment_is_accepted_and_kept_while_the_broker_is_down(
    tmp_path_factory: pytest.TempPathFactory, seed_model: object
) -> None:
    from tests.conftest import migrated_app, new_site, sqlite_config

    folder = tmp_path_factory.mktemp("broker-down")
    app = migrated_app({**sqlite_config(folder), "BROKER_URL": "redis://127.0.0.1:1/0"}, seed_model)
    site = new_site(app, "daily-news")

    response = app.test_client().post("/v1/items", json=comment(), headers=bearer(site.api_key))

    assert response.status_code == 202
    assert count_items(app) == 1


def test_nul_characters_are_refused_with_422(
    app: Flask, client: FlaskClient, site: SiteKey
) -> None:
    response = client.post(
        "/v1/items",
        json=comment(text="bad\x00byte", article={"id": "a\x00"}),
        headers=bearer(site.api_key),
    )

    assert response.status_code == 422
    assert set(response.get_json()["errors"]["json"]) == {"text", "article.id"}
    assert count_items(app) == 0


def test_an_overlong_idempotency_key_is_400(client: FlaskClient, site: SiteKey) -> None:
    response = client.post(
        "/v1/items", json=comment(), headers={**bearer(site.api_key), "Idempotency-Key": "k" * 256}
    )

    assert response.status_code == 400
    assert response.get_json()["code"] == "invalid_idempotency_key"


def test_a_new_item_is_202_even_when_decided_before_the_answer(
    app: Flask, client: FlaskClient, site: SiteKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.items import services

    submit = services.submit_item

    def submit_and_decide(*args: object, **kwargs: object) -> services.Submission:
        submission = submit(*args, **kwargs)  # type: ignore[arg-type]
        moderate_item(str(submission.item.id))
        db.session.expire(submission.item)  # as a commit by another process would leave it
        return submission

    monkeypatch.setattr(services, "submit_item", submit_and_decide)

    response = client.post("/v1/items", json=comment(), headers=bearer(site.api_key))

    assert response.status_code == 202
    assert response.get_json()["status"] != "pending"
