"""The moderators' pages: sign-in, CSRF on every form, safe rendering of hostile text, scoping."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.db import db, utcnow
from service.items.models import Item, ItemStatus
from service.moderation.models import Decision
from service.moderators.models import Role
from service.moderators.services import create_moderator, get_moderator
from tests.conftest import SiteKey
from tests.factories import held_item

PASSWORD = "correct horse battery"
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token a page gives its forms, as a browser would read it."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', html)
    assert match is not None, html
    return match.group(1)


def sign_in(
    client: FlaskClient, username: str, password: str = PASSWORD, next: str | None = None
) -> TestResponse:
    token = csrf_token(client)
    query = {"next": next} if next is not None else {}
    return client.post(
        "/login",
        query_string=query,
        data={"username": username, "password": password, "csrf_token": token},
    )


@pytest.fixture
def ana(app: Flask, site: SiteKey) -> str:
    with app.app_context():
        create_moderator("ana", PASSWORD, [site.name])
    return "ana"


@pytest.fixture
def signed_in(app: Flask, ana: str) -> FlaskClient:
    """A browser signed in as ana, a moderator of the site."""
    client = app.test_client()
    assert sign_in(client, ana).status_code == 302
    return client


@pytest.fixture
def held(app: Flask, site: SiteKey) -> str:
    return held_item(app, site.name, "Borderline comment about the bridge")


def item_status(app: Flask, item_id: str) -> ItemStatus:
    with app.app_context():
        item = db.session.get(Item, uuid.UUID(item_id))
        assert item is not None
        return item.status


def actors(app: Flask, item_id: str) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Decision.actor)
                .where(Decision.item_id == uuid.UUID(item_id))
                .order_by(Decision.created_at)
            )
        )


# --- signing in ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/queue", "/items/{id}", "/items/{id}/history", "/audit", "/dashboard"]
)
def test_pages_need_sign_in(client: FlaskClient, held: str, path: str) -> None:
    page = path.format(id=held)

    response = client.get(page)

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [page]


def test_signing_in_redirects_to_the_queue(app: Flask, client: FlaskClient, ana: str) -> None:
    response = sign_in(client, ana)

    assert response.status_code == 302
    assert response.headers["Location"] == "/queue"
    assert client.get("/queue").status_code == 200


def test_signing_in_returns_to_the_page_asked_for(client: FlaskClient, ana: str, held: str) -> None:
    response = sign_in(client, ana, next=f"/items/{held}")

    assert response.headers["Location"] == f"/items/{held}"


def test_signing_in_without_the_csrf_token_is_refused(client: FlaskClient, ana: str) -> None:
    client.get("/login")

    response = client.post("/login", data={"username": ana, "password": PASSWORD})

    assert response.status_code == 400
    assert client.get("/queue").status_code == 302


def test_a_wrong_password_is_401_and_does_not_sign_in(client: FlaskClient, ana: str) -> None:
    response = sign_in(client, ana, password="wrong password!!")

    assert response.status_code == 401
    assert "Unknown username or wrong password." in response.get_data(as_text=True)
    assert client.get("/queue").status_code == 302


def test_a_locked_accounts_sign_in_page_says_it_is_locked(
    app: Flask, client: FlaskClient, ana: str
) -> None:
    with app.app_context():
        get_moderator(ana).locked_until = utcnow() + timedelta(minutes=10)
        db.session.commit()

    response = sign_in(client, ana)

    assert response.status_code == 401
    assert "this account is locked" in response.get_data(as_text=True)
    assert client.get("/queue").status_code == 302


def test_five_wrong_passwords_lock_the_account_from_the_sign_in_page(
    client: FlaskClient, ana: str
) -> None:
    for _ in range(4):
        sign_in(client, ana, password="wrong password!!")

    fifth = sign_in(client, ana, password="wrong password!!")

    assert "this account is locked" in fifth.get_data(as_text=True)
    assert "this account is locked" in sign_in(client, ana).get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "//evil.example/queue", "https://evil.example/", "/\\evil.example"],
)
def test_next_never_leads_off_site(client: FlaskClient, ana: str, target: str) -> None:
    response = sign_in(client, ana, next=target)

    assert response.status_code == 302
    location = response.headers["Location"]
    assert urlsplit(location).netloc in ("", "localhost")
    assert not location.startswith(("//", "/\\"))
    if target.startswith(("//", "https:")):
        assert location == "/queue"


def test_the_session_cookie_is_secure_httponly_and_samesite_lax(
    client: FlaskClient, ana: str
) -> None:
    response = sign_in(client, ana)

    [cookie] = [
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("commentguard_session=")
    ]
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax"} <= attributes


def test_signing_out_ends_the_session(signed_in: FlaskClient) -> None:
    token = csrf_token(signed_in, "/queue")

    response = signed_in.post("/logout", data={"csrf_token": token})

    assert response.status_code == 302
    assert signed_in.get("/queue").status_code == 302


# --- CSRF on every form -------------------------------------------------------------------


def test_a_decision_without_the_csrf_token_is_refused_and_changes_nothing(
    app: Flask, signed_in: FlaskClient, held: str
) -> None:
    response = signed_in.post(f"/items/{held}/decision", data={"action": "approve"})

    assert response.status_code == 400
    assert item_status(app, held) == ItemStatus.HELD
    assert actors(app, held) == ["policy"]


def test_a_decision_with_a_forged_csrf_token_is_refused(
    app: Flask, signed_in: FlaskClient, held: str
) -> None:
    response = signed_in.post(
        f"/items/{held}/decision", data={"action": "approve", "csrf_token": "forged"}
    )

    assert response.status_code == 400
    assert item_status(app, held) == ItemStatus.HELD


def test_a_decision_with_the_csrf_token_decides_and_redirects_back(
    app: Flask, signed_in: FlaskClient, held: str
) -> None:
    token = csrf_token(signed_in, "/queue")

    response = signed_in.post(
        f"/items/{held}/decision",
        data={"action": "reject", "reason": "spam", "csrf_token": token, "next": "/queue?sort=age"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/queue?sort=age"
    assert item_status(app, held) == ItemStatus.REJECTED
    assert actors(app, held) == ["policy", "moderator:ana"]


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/queue/bulk", {"action": "approve", "item_ids": "{id}"}),
        ("/undo", {}),
        ("/logout", {}),
    ],
)
def test_every_other_form_needs_the_csrf_token(
    app: Flask, signed_in: FlaskClient, held: str, path: str, data: dict[str, str]
) -> None:
    response = signed_in.post(path, data={k: v.format(id=held) for k, v in data.items()})

    assert response.status_code == 400
    assert item_status(app, held) == ItemStatus.HELD
    assert signed_in.get("/queue").status_code == 200


def test_the_api_is_exempt_from_csrf(client: FlaskClient, site: SiteKey) -> None:
    response = client.post(
        "/v1/items/00000000-0000-0000-0000-000000000000/reports",
        json={},
        headers={"Authorization": f"Bearer {site.api_key}"},
    )

    assert response.status_code == 404


# --- headers and safe rendering -----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/login",
        "/queue",
        "/items/{id}",
        "/items/{id}/history",
        "/audit",
        "/dashboard",
        "/items/00000000-0000-4000-8000-000000000000",
    ],
)
def test_every_ui_response_forbids_inline_script_and_framing(
    signed_in: FlaskClient, held: str, path: str
) -> None:
    response = signed_in.get(path.format(id=held))

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"


def script_and_image_tags(html: str) -> list[str]:
    return re.findall(r"<\s*(?:script|img)\b[^>]*>", html, re.IGNORECASE)


@pytest.mark.parametrize("hostile", [SCRIPT, IMAGE])
def test_hostile_comment_text_is_escaped_in_the_queue(
    app: Flask, site: SiteKey, signed_in: FlaskClient, hostile: str
) -> None:
    held_item(
        app,
        site.name,
        f"look {hostile} here",
        author_name=hostile,
        # A highlighted span across the markup takes the template's other branch.
        explanations={"spam": [{"start": 5, "end": 5 + len(hostile), "weight": 0.9}]},
    )
    held_item(app, site.name, f"{hostile} without highlight", article_title=hostile)

    html = signed_in.get("/queue").get_data(as_text=True)

    escaped = hostile.replace("<", "&lt;").replace(">", "&gt;")
    assert html.count(escaped) >= 4
    assert hostile not in html
    assert script_and_image_tags(html) == ['<script src="/static/ui/queue.js" defer>']


def test_hostile_text_is_escaped_on_the_item_page(
    app: Flask, site: SiteKey, signed_in: FlaskClient
) -> None:
    item_id = held_item(app, site.name, SCRIPT, author_name=IMAGE)

    html = signed_in.get(f"/items/{item_id}").get_data(as_text=True)

    assert SCRIPT not in html and IMAGE not in html
    assert script_and_image_tags(html) == ['<script src="/static/ui/queue.js" defer>']


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x"])
def test_an_unsafe_article_url_is_not_rendered_as_a_link(
    app: Flask, site: SiteKey, signed_in: FlaskClient, url: str
) -> None:
    item_id = held_item(app, site.name, "A comment", article_url=url)

    html = signed_in.get(f"/items/{item_id}").get_data(as_text=True)

    hrefs = re.findall(r'href="([^"]*)"', html)
    assert not [h for h in hrefs if not h.startswith(("/", "#", "data:,"))]
    assert 'class="article-link"' not in html
    assert "link not shown" in html


def test_an_https_article_url_is_rendered_as_a_link(
    app: Flask, site: SiteKey, signed_in: FlaskClient
) -> None:
    item_id = held_item(app, site.name, "A comment", article_url="https://news.example/a/1")

    html = signed_in.get(f"/items/{item_id}").get_data(as_text=True)

    assert re.search(r'<a class="article-link" href="https://news.example/a/1"', html)


# --- which items a moderator sees ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/items/{id}", "/items/{id}/history"])
def test_another_sites_item_is_404(
    app: Flask, other_site: SiteKey, signed_in: FlaskClient, path: str
) -> None:
    theirs = held_item(app, other_site.name, "Not for ana's eyes")

    response = signed_in.get(path.format(id=theirs))

    assert response.status_code == 404
    assert "Not for ana&#39;s eyes" not in response.get_data(as_text=True)


def test_deciding_another_sites_item_from_the_ui_is_404(
    app: Flask, other_site: SiteKey, signed_in: FlaskClient
) -> None:
    theirs = held_item(app, other_site.name, "Not for ana")
    token = csrf_token(signed_in, "/queue")

    response = signed_in.post(
        f"/items/{theirs}/decision", data={"action": "approve", "csrf_token": token}
    )

    assert response.status_code == 404
    assert item_status(app, theirs) == ItemStatus.HELD


def test_the_queue_page_shows_only_the_moderators_sites(
    app: Flask, site: SiteKey, other_site: SiteKey, signed_in: FlaskClient
) -> None:
    mine = held_item(app, site.name, "Held on my site")
    theirs = held_item(app, other_site.name, "Held on their site")

    html = signed_in.get("/queue").get_data(as_text=True)

    assert f'data-item-id="{mine}"' in html
    assert f'data-item-id="{theirs}"' not in html


def test_an_admin_sees_every_sites_items(
    app: Flask, client: FlaskClient, site: SiteKey, other_site: SiteKey
) -> None:
    with app.app_context():
        create_moderator("root", PASSWORD, role=Role.ADMIN)
    mine = held_item(app, site.name, "Held on one site")
    theirs = held_item(app, other_site.name, "Held on another site")
    sign_in(client, "root")

    html = client.get("/queue").get_data(as_text=True)

    assert f'data-item-id="{mine}"' in html
    assert f'data-item-id="{theirs}"' in html
    assert client.get(f"/items/{theirs}").status_code == 200
