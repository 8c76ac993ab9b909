"""``commentguard moderators``: accounts for the people who work the review queue."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from service.moderators.models import Role


def _password(value: str | None, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if value:
        return value
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group("moderators")
def moderators_group() -> None:
    """Moderator and admin accounts, their sites and API tokens."""


@moderators_group.command("create")
@click.argument("username")
@click.option("--site", "sites", multiple=True, help="A site they moderate (repeat for more).")
@click.option("--admin", is_flag=True, help="An admin: every site, and ops endpoints.")
@click.option("--password", help="The password (prompted for when left out).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def moderators_create(
    username: str, sites: tuple[str, ...], admin: bool, password: str | None, password_stdin: bool
) -> None:
    """Create an account; it signs in at /login."""
    from service.moderators.services import create_moderator

    if not sites and not admin:
        raise click.UsageError("Give at least one --site, or --admin for every site.")
    role = Role.ADMIN if admin else Role.MODERATOR
    moderator = create_moderator(username, _password(password, password_stdin), sites, role)
    scope = "every site" if admin else ", ".join(site.name for site in moderator.sites)
    click.echo(f"{moderator.username}: {role.value} on {scope}; sign in at /login")


@moderators_group.command("list")
@with_appcontext
def moderators_list() -> None:
    """List accounts with their role, sites and last sign-in."""
    from service.moderators.services import list_moderators

    for moderator in list_moderators():
        scope = "*" if moderator.is_admin else ",".join(site.name for site in moderator.sites)
        seen = moderator.last_login_at
        last = seen.isoformat(timespec="minutes") if seen else "-"
        state = "active" if moderator.is_active else "disabled"
        role = moderator.role.value
        click.echo(f"{moderator.username:<24} {role:<9} {state:<8} last={last} sites={scope}")


@moderators_group.command("grant")
@click.argument("username")
@click.argument("sites", nargs=-1, required=True)
@with_appcontext
def moderators_grant(username: str, sites: tuple[str, ...]) -> None:
    """Let a moderator work on more sites."""
    from service.moderators.services import get_moderator, grant_sites

    moderator = get_moderator(username)
    grant_sites(moderator, sites)
    click.echo(f"{username}: {', '.join(site.name for site in moderator.sites)}")


@moderators_group.command("password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def moderators_password(username: str, password_stdin: bool) -> None:
    """Set a new password; this also unlocks the account and signs it out everywhere."""
    from service.moderators.services import get_moderator, set_password

    set_password(get_moderator(username), _password(None, password_stdin))
    click.echo(f"{username}: password changed, account unlocked, sessions ended")


@moderators_group.command("token")
@click.argument("username")
@with_appcontext
def moderators_token(username: str) -> None:
    """Issue an API token for tools (GET /v1/queue, POST /v1/items/<id>/decision); shown once."""
    from service.moderators.services import get_moderator, issue_token

    click.echo(issue_token(get_moderator(username)))
