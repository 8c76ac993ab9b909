"""``commentguard authors``: erasing an author on request, from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("authors")
def authors_group() -> None:
    """The host sites' readers as authors."""


@authors_group.command("erase")
@click.argument("site")
@click.argument("author_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def authors_erase(site: str, author_id: str, yes: bool) -> None:
    """Erase an author's texts and personal data from everything commentguard keeps."""
    from service.privacy.services import erase_author
    from service.sites.services import get_site_by_name

    found = get_site_by_name(site)
    if not yes:
        click.confirm(
            f"Erase the texts and personal data of author {author_id!r} on {site}? "
            "This cannot be undone",
            abort=True,
        )
    report = erase_author(found, author_id, actor="cli")
    click.echo(
        f"{site}/{author_id} erased: "
        + ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in report.counts().items())
    )
