"""``commentguard sites suggest-thresholds``: thresholds from a site's recent evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext

if TYPE_CHECKING:
    from ml.thresholds import Volumes
    from service.thresholds.services import Suggestion

CLI_ACTOR = "cli"


def _change(before: float, after: float, digits: int) -> str:
    return f"{before:.{digits}f} -> {after:.{digits}f}"


def _per_day(now: Volumes, suggested: Volumes) -> list[str]:
    return [
        _change(now.approved_per_day, suggested.approved_per_day, 1),
        _change(now.held_per_day, suggested.held_per_day, 1),
        _change(now.rejected_per_day, suggested.rejected_per_day, 1),
    ]


def render(suggestion: Suggestion) -> str:
    """The suggestion as a table: each column reads ``now -> suggested``."""
    header = [
        "score",
        "hold",
        "reject",
        "items",
        "labelled",
        "positives",
        "approved/day",
        "held/day",
        "rejected/day",
    ]
    rows = [header]
    for score in suggestion.scores:
        rows.append(
            [
                score.name,
                _change(score.current.hold, score.suggested.hold, 3),
                _change(score.current.reject, score.suggested.reject, 3),
                str(score.evidence.items),
                str(score.evidence.labelled),
                str(score.evidence.positives),
                *_per_day(score.volumes_current, score.volumes_suggested),
            ]
        )
    rows.append(
        [
            "both",
            "",
            "",
            "",
            "",
            "",
            *_per_day(suggestion.overall_current, suggestion.overall_suggested),
        ]
    )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    # Names on the left, figures on the right.
    lines = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    targets = []
    if suggestion.target_precision is not None:
        targets.append(f"precision {suggestion.target_precision:g}")
    if suggestion.daily_capacity is not None:
        targets.append(f"capacity {suggestion.daily_capacity}/day")
    title = (
        f"{suggestion.site}: thresholds for {' and '.join(targets)}, from the last "
        f"{suggestion.days} days (rates per day over {suggestion.per_day_over:.1f} days); "
        "each column: now -> suggested"
    )
    notes = [f"note: {note}" for note in suggestion.notes]
    return "\n".join([title, "", *lines, *(["", *notes] if notes else [])])


@click.command("suggest-thresholds")
@click.argument("name")
@click.option(
    "--precision",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    help="Target precision of the reject thresholds on moderators' decisions, e.g. 0.95.",
)
@click.option(
    "--capacity",
    type=click.IntRange(min=0),
    help="Items the moderators can review per day, e.g. 200.",
)
@click.option(
    "--days", type=click.IntRange(1, 365), default=30, show_default=True, help="Days of evidence."
)
@click.option("--apply", "apply_it", is_flag=True, help="Save the suggested thresholds.")
@with_appcontext
def suggest_thresholds_command(
    name: str, precision: float | None, capacity: int | None, days: int, apply_it: bool
) -> None:
    """Suggest a site's thresholds from its recent decisions; save them only with --apply."""
    from service.sites.services import get_site_by_name
    from service.thresholds.services import apply, suggest

    if precision is None and capacity is None:
        raise click.UsageError("Give --precision, --capacity, or both.")
    site = get_site_by_name(name)
    suggestion = suggest(site, target_precision=precision, daily_capacity=capacity, days=days)
    click.echo(render(suggestion))
    click.echo()
    if not suggestion.changed:
        click.echo("The suggestion is the current thresholds: nothing to apply.")
    elif apply_it:
        apply(site, suggestion, CLI_ACTOR)
        click.echo(f"Applied to {site.name}; recorded in the audit log.")
    else:
        click.echo("Not applied: run again with --apply to save these thresholds.")
