"""``commentguard models``: the registry, promotion through the gate, rollback, shadow scoring."""

from __future__ import annotations

import json
from typing import Any

import click
from flask.cli import with_appcontext

CLI_ACTOR = "cli"


def _pair(ours: dict[str, float], theirs: dict[str, float], metric: str) -> str:
    if metric not in ours:
        return "-"
    if metric not in theirs:
        return f"{ours[metric]:.3f}"
    return f"{ours[metric]:.3f} vs {theirs[metric]:.3f}"


def _comparison_table(comparison: dict[str, Any]) -> None:
    against = comparison.get("against")
    if not against:
        click.echo("No active model to compare with.")
        return
    click.echo(f"Compared with {against} (tolerance {comparison.get('tolerance')}):")
    click.echo(
        f"  {'set':<28} {'score':<10} {'n':>6} {'pos':>5}  {'ROC AUC':>15}  {'PR AUC':>15}  "
        f"{'precision@hold':>15}  {'recall@hold':>13}  verdict"
    )
    for row in comparison.get("sets", []):
        ours, theirs = row.get("candidate") or {}, row.get("active") or {}
        verdict = "ok" if row["passed"] else "WORSE"
        if row.get("note") and row["passed"]:
            verdict = row["note"]
        name = f"{row['set_name']:<28} {row['head']:<10}"
        click.echo(
            f"  {name} {row['examples']:>6} {row['positives']:>5}  "
            f"{_pair(ours, theirs, 'roc_auc'):>15}  {_pair(ours, theirs, 'pr_auc'):>15}  "
            f"{_pair(ours, theirs, 'precision'):>15}  {_pair(ours, theirs, 'recall'):>13}  "
            f"{verdict}"
        )
    click.echo("Gate: " + ("passes" if comparison.get("passed") else "REFUSES"))


@click.group("models")
def models_group() -> None:
    """Model versions: list, compare, promote, roll back, shadow."""


@models_group.command("list")
@with_appcontext
def models_list() -> None:
    """List model versions, newest last."""
    from service.classifier.services import list_versions

    for version in list_versions():
        shadow = " shadow" if version.shadow else ""
        data = version.facts.get("data", {})
        examples = data.get("examples", data.get("total", "?"))
        click.echo(
            f"{version.name:<16} {version.status.value + shadow:<17} "
            f"{version.created_at:%Y-%m-%d %H:%M} {version.checksum[:12]} "
            f"{version.artifact_size / 1e6:.1f} MB  {examples} examples"
        )


@models_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the whole record as JSON.")
@with_appcontext
def models_show(name: str, as_json: bool) -> None:
    """A version: status, training data, libraries, and the gate's comparison with the active."""
    from service.classifier.promotion import comparison_with_active, get_version

    version = get_version(name)
    comparison = comparison_with_active(version) if version.status.value != "active" else None
    if as_json:
        click.echo(
            json.dumps(
                {
                    "name": version.name,
                    "status": version.status.value,
                    "shadow": version.shadow,
                    "checksum": version.checksum,
                    "facts": version.facts,
                    "comparison": comparison,
                },
                indent=2,
                default=str,
            )
        )
        return
    click.echo(f"{version.name}: {version.status.value}{' (shadow)' if version.shadow else ''}")
    click.echo(f"  created {version.created_at:%Y-%m-%d %H:%M}, checksum {version.checksum}")
    libraries = version.facts.get("libraries", {})
    click.echo("  libraries: " + ", ".join(f"{k} {v}" for k, v in sorted(libraries.items())))
    data = version.facts.get("data", {})
    if "by_source" in data:
        click.echo(f"  snapshot {data.get('digest', '')[:12]}: {data.get('examples')} examples")
        click.echo("    by source: " + ", ".join(f"{k} {v}" for k, v in data["by_source"].items()))
        click.echo("    by label: " + ", ".join(f"{k} {v}" for k, v in data["by_label"].items()))
        langs = data["by_language"].items()
        click.echo("    by language: " + ", ".join(f"{k} {v}" for k, v in langs))
    if comparison is not None:
        _comparison_table(comparison)


@models_group.command("promote")
@click.argument("name")
@click.option("--force", is_flag=True, help="Promote even if the gate refuses (needs --reason).")
@click.option("--reason", help="Why; recorded in the audit log.")
@with_appcontext
def models_promote(name: str, force: bool, reason: str | None) -> None:
    """Make a version active if the gate finds it no worse than the active one."""
    from service.classifier.promotion import GateRefused, promote

    try:
        comparison = promote(name, CLI_ACTOR, force, reason)
    except GateRefused as refused:
        _comparison_table(refused.extra["comparison"])
        raise click.ClickException(
            f"{name} was not promoted. To promote it anyway: "
            f"commentguard models promote {name} --force --reason '...'"
        ) from None
    _comparison_table(comparison)
    click.echo(f"{name} is active; every worker uses it from its next item.")


@models_group.command("rollback")
@click.option("--reason", help="Why; recorded in the audit log.")
@with_appcontext
def models_rollback(reason: str | None) -> None:
    """Make the previously active version active again."""
    from service.classifier.promotion import rollback

    version = rollback(CLI_ACTOR, reason)
    click.echo(f"{version.name} is active again.")


@models_group.command("shadow")
@click.argument("name")
@click.option("--on/--off", "enabled", default=True, help="Start or stop shadow scoring.")
@with_appcontext
def models_shadow(name: str, enabled: bool) -> None:
    """Score live traffic with a candidate beside the active model, without acting on it."""
    from service.classifier.promotion import set_shadow

    set_shadow(name, enabled, CLI_ACTOR)
    click.echo(f"{name}: shadow scoring {'on' if enabled else 'off'}")


@models_group.command("agreement")
@click.argument("name")
@click.option("--days", default=7, show_default=True)
@with_appcontext
def models_agreement(name: str, days: int) -> None:
    """How often a shadow candidate would have decided as the active model did."""
    from service.classifier.promotion import agreement

    report = agreement(name, days)
    if not report.items:
        click.echo(f"{name} has scored no items in shadow in the last {days} days.")
        return
    click.echo(
        f"{name}: same decision on {report.same_decision} of {report.items} items "
        f"({report.share:.1%})"
    )
    for pair, count in report.decisions.items():
        click.echo(f"  active->shadow {pair:<22} {count}")
    click.echo(
        "  mean score difference: "
        + ", ".join(f"{k} {v:.3f}" for k, v in report.mean_difference.items())
    )


@models_group.command("jobs")
@with_appcontext
def models_jobs() -> None:
    """Recent training jobs and their state."""
    from service.training.services import list_jobs

    for job in list_jobs():
        model = job.model_version.name if job.model_version else "-"
        click.echo(
            f"{job.id}  {job.status.value:<9} {job.created_at:%Y-%m-%d %H:%M}  "
            f"{job.steps_done}/{job.steps_total} {job.step:<30} model={model} by={job.requested_by}"
        )
