"""Moderator accounts: creation, sign-in with lock-out, passwords, API tokens and the CLI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from service.cli import cli
from service.db import db, utcnow
from service.errors import Conflict
from service.moderators.models import Moderator, ModeratorToken, Role
from service.moderators.services import (
    WeakPassword,
    create_moderator,
    get_moderator,
    issue_token,
    load_session_user,
    moderator_for_token,
    set_password,
    sign_in,
)
from tests.conftest import SiteKey

PASSWORD = "correct horse battery"
WRONG = "wrong password!!"


@pytest.fixture
def ana(app: Flask, site: SiteKey) -> str:
    with app.app_context():
        create_moderator("ana", PASSWORD, [site.name])
    return "ana"


def fail_sign_ins(times: int) -> None:
    for _ in range(times):
        assert sign_in("ana", WRONG).moderator is None


# --- creating accounts --------------------------------------------------------------------


def test_creating_an_account_scopes_it_to_the_named_sites(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        create_moderator("ana", PASSWORD, [site.name])

        moderator = get_moderator("ana")
        assert moderator.role == Role.MODERATOR
        assert [s.name for s in moderator.sites] == [site.name]
        assert moderator.password_hash != PASSWORD


def test_a_short_password_is_refused_as_weak(app: Flask, site: SiteKey) -> None:
    with app.app_context():
        with pytest.raises(WeakPassword) as raised:
            create_moderator("ana", "short", [site.name])

        assert raised.value.code == "weak_password"
        assert db.session.scalar(select(Moderator)) is None


def test_a_duplicate_username_is_a_conflict(app: Flask, site: SiteKey, ana: str) -> None:
    with app.app_context():
        with pytest.raises(Conflict):
            create_moderator("ana", "another long password", [site.name])

        assert len(db.session.scalars(select(Moderator)).all()) == 1


# --- signing in ---------------------------------------------------------------------------


def test_sign_in_with_the_right_password_records_the_time(app: Flask, ana: str) -> None:
    with app.app_context():
        before = utcnow()

        outcome = sign_in("ana", PASSWORD)

        assert outcome.moderator is not None and outcome.moderator.username == "ana"
        assert not outcome.locked
        last = db.session.get(Moderator, outcome.moderator.id).last_login_at
        assert last is not None and last >= before


def test_sign_in_with_a_wrong_password_is_refused_and_not_recorded(app: Flask, ana: str) -> None:
    with app.app_context():
        outcome = sign_in("ana", WRONG)

        assert outcome.moderator is None and not outcome.locked
        assert get_moderator("ana").last_login_at is None


def test_five_wrong_passwords_lock_the_account(app: Flask, ana: str) -> None:
    with app.app_context():
        fail_sign_ins(4)
        assert get_moderator("ana").locked_until is None

        fifth = sign_in("ana", WRONG)

        assert fifth.moderator is None and fifth.locked
        assert get_moderator("ana").locked_until > utcnow()


def test_a_locked_account_refuses_even_the_right_password(app: Flask, ana: str) -> None:
    with app.app_context():
        fail_sign_ins(5)

        outcome = sign_in("ana", PASSWORD)

        assert outcome.moderator is None and outcome.locked
        assert get_moderator("ana").last_login_at is None


def test_the_right_password_works_again_once_the_lock_has_passed(app: Flask, ana: str) -> None:
    with app.app_context():
        fail_sign_ins(5)
        moderator = get_moderator("ana")
        moderator.locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()

        outcome = sign_in("ana", PASSWORD)

        assert outcome.moderator is not None
        assert get_moderator("ana").locked_until is None


def test_set_password_unlocks_the_account(app: Flask, ana: str) -> None:
    with app.app_context():
        fail_sign_ins(5)

        set_password(get_moderator("ana"), "a brand new password")

        assert sign_in("ana", "a brand new password").moderator is not None
        assert sign_in("ana", PASSWORD).moderator is None


def test_set_password_ends_existing_sessions(app: Flask, ana: str) -> None:
    with app.app_context():
        moderator = get_moderator("ana")
        old_session = moderator.get_id()
        assert load_session_user(old_session) is moderator

        set_password(moderator, "a brand new password")

        assert load_session_user(old_session) is None
        assert load_session_user(moderator.get_id()) is moderator


def test_set_password_refuses_a_short_one(app: Flask, ana: str) -> None:
    with app.app_context():
        with pytest.raises(WeakPassword):
            set_password(get_moderator("ana"), "short")

        assert sign_in("ana", PASSWORD).moderator is not None


# --- API tokens ---------------------------------------------------------------------------


def test_an_issued_token_authenticates_its_moderator(app: Flask, ana: str) -> None:
    with app.app_context():
        token = issue_token(get_moderator("ana"))

        assert token.startswith("cgm_")
        moderator = moderator_for_token(token)
        assert moderator is not None and moderator.username == "ana"
        assert db.session.scalar(select(ModeratorToken.token_hash)) != token


def test_a_revoked_token_does_not_authenticate(app: Flask, ana: str) -> None:
    with app.app_context():
        token = issue_token(get_moderator("ana"))
        row = db.session.scalar(select(ModeratorToken))
        row.revoked_at = utcnow()
        db.session.commit()

        assert moderator_for_token(token) is None


def test_an_unknown_token_does_not_authenticate(app: Flask, ana: str) -> None:
    with app.app_context():
        issue_token(get_moderator("ana"))

        assert moderator_for_token("cgm_not-a-token-we-issued") is None


# --- the command line ---------------------------------------------------------------------


def test_cli_create_reads_the_password_from_stdin(app: Flask, site: SiteKey) -> None:
    result = app.test_cli_runner().invoke(
        cli,
        ["moderators", "create", "ana", "--site", site.name, "--password-stdin"],
        input=PASSWORD + "\n",
    )

    assert result.exit_code == 0, result.output
    assert f"ana: moderator on {site.name}" in result.output
    with app.app_context():
        assert sign_in("ana", PASSWORD).moderator is not None


def test_cli_create_an_admin_needs_no_site(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        cli, ["moderators", "create", "root", "--admin", "--password-stdin"], input=PASSWORD + "\n"
    )

    assert result.exit_code == 0, result.output
    with app.app_context():
        assert get_moderator("root").is_admin


def test_cli_create_without_site_or_admin_is_a_usage_error(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        cli, ["moderators", "create", "ana", "--password-stdin"], input=PASSWORD + "\n"
    )

    assert result.exit_code == 2
    assert "--site" in result.output
    with app.app_context():
        assert db.session.scalar(select(Moderator)) is None


def test_cli_create_with_a_short_password_fails(app: Flask, site: SiteKey) -> None:
    result = app.test_cli_runner().invoke(
        cli,
        ["moderators", "create", "ana", "--site", site.name, "--password-stdin"],
        input="short\n",
    )

    assert result.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(Moderator)) is None


def test_cli_token_prints_a_token_that_authenticates(app: Flask, ana: str) -> None:
    result = app.test_cli_runner().invoke(cli, ["moderators", "token", "ana"])

    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert token.startswith("cgm_")
    response = app.test_client().get("/v1/queue", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_cli_list_shows_each_account_with_role_and_sites(
    app: Flask, site: SiteKey, other_site: SiteKey, ana: str
) -> None:
    with app.app_context():
        create_moderator("root", PASSWORD, role=Role.ADMIN)

    result = app.test_cli_runner().invoke(cli, ["moderators", "list"])

    assert result.exit_code == 0, result.output
    ana_line, root_line = result.output.strip().splitlines()
    assert ana_line.split()[:3] == ["ana", "moderator", "active"]
    assert ana_line.endswith(f"sites={site.name}")
    assert root_line.split()[:3] == ["root", "admin", "active"]
    assert root_line.endswith("sites=*")


def test_cli_password_sets_a_new_password_and_unlocks(app: Flask, ana: str) -> None:
    with app.app_context():
        fail_sign_ins(5)

    result = app.test_cli_runner().invoke(
        cli, ["moderators", "password", "ana", "--password-stdin"], input="a brand new password\n"
    )

    assert result.exit_code == 0, result.output
    with app.app_context():
        assert sign_in("ana", "a brand new password").moderator is not None
