"""Unintended bias: does a score punish civil comments for naming a group?

A classifier trained on abuse data sees group names mostly inside abuse and learns that naming
Armenians, Russians, Jews, women or gay people is itself abuse. On a news site that means the
civil comments of the very communities an article is about get held or rejected. This module
scores templated comments (:mod:`ml.bias_templates`: the same civil and abusive sentences with
each group's name put in, plus comments naming no group) and reports, per language and identity,
the unintended-bias metrics of Borkan et al. (2019):

- subgroup AUC: abusive against civil among comments naming the group. Low means that, for
  comments about this group, the score cannot tell abuse from civil discussion at all; no
  threshold moderates them well.
- BPSN AUC (background positive, subgroup negative): civil comments naming the group against
  abusive comments naming no group. Low means civil comments about the group score like plain
  abuse: at any threshold that catches insults to readers, the group's civil comments get held
  too (false positives fall on the group).
- BNSP AUC (background negative, subgroup positive): abusive comments naming the group against
  civil comments naming no group. Low means abuse aimed at the group scores like ordinary civil
  talk: hate against the group gets through (false negatives fall on the group).
- civil mean: the mean score of the group's civil comments, beside the mean of civil comments
  naming no group; civil held is the share of them at or above the hold threshold, i.e. what a
  site on default settings would send to its moderators.

Targets (reported beside the figures, never asserted): subgroup AUC >= 0.95 and BPSN AUC >= 0.95.
The power mean (p = -5) of each AUC over the identities, as in the Jigsaw challenge, summarises a
language while weighing its worst identities most. Every identity fills the same templates, so with
a linear model the name shifts all of a group's comments by about the same amount and subgroup AUC
barely differs between identities (it measures how hard the templates are); a name's own pull
shows in BPSN, BNSP and the civil mean. The templates are short and few: read the figures as a
comparison between identities and between models, not as a field error rate.

Everything here is pure: a model and rows in, figures out (no training, no files).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.metrics import roc_auc_score

from ml.bias_templates import LANGUAGES, build

if TYPE_CHECKING:
    from ml.model import ModerationModel

HEAD = "toxicity"
# The default policy's hold threshold (service.moderation.policy; ml/ does not import service/).
HOLD = 0.5
TARGETS: dict[str, float] = {"subgroup_auc": 0.95, "bpsn_auc": 0.95}
AUC_METRICS = ("subgroup_auc", "bpsn_auc", "bnsp_auc")
POWER = -5.0

Row = Mapping[str, Any]
"""A templated comment: ``text``, ``identity`` (None for no group), ``abusive``, and where it
came from (``family``, ``template``)."""


class TemplateError(ValueError):
    """A templates file that cannot be read; the message names the line."""


def read_templates(path: Path) -> dict[str, list[dict[str, Any]]]:
    """A site's own templated comments by language, as rows for :func:`measure`.

    One JSON object a line: ``lang``, ``identity`` (null for a comment naming no group),
    ``abusive``, ``text`` and, optionally, ``template`` (shared by the comments filled from one
    template; each line is its own template otherwise).
    """
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, language, abusive = row["text"], row["lang"], row["abusive"]
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise TemplateError(
                f"{path}:{number}: expected an object with text, lang, identity and abusive "
                f"({error})"
            ) from None
        identity = row.get("identity")
        by_language[language].append(
            {
                "text": text,
                "identity": identity,
                "abusive": bool(abusive),
                "family": ("abusive" if abusive else "civil")
                + ("_mention" if identity else "_plain"),
                "template": row.get("template") or f"line {number}",
            }
        )
    return by_language


def auc(abusive: Sequence[bool], scores: Sequence[float]) -> float | None:
    """ROC AUC of ``scores`` for the abusive rows, or None when one class is missing."""
    labels = np.asarray(abusive, dtype=bool)
    if labels.all() or not labels.any():
        return None
    return round(float(roc_auc_score(labels, np.asarray(scores, dtype=float))), 4)


def _mean(values: Sequence[float]) -> float | None:
    return round(float(np.mean(values)), 4) if len(values) else None


def _share_at_or_above(values: Sequence[float], threshold: float) -> float | None:
    return round(float(np.mean(np.asarray(values) >= threshold)), 4) if len(values) else None


def identity_metrics(
    rows: Sequence[Row], scores: Sequence[float], identity: str, hold: float = HOLD
) -> dict[str, float | int | None]:
    """Subgroup, BPSN and BNSP AUC and the civil score figures for one identity.

    The background is the rows that name no identity (``identity`` None), so that a comment
    about another group never counts as background for this one.
    """
    subgroup = [i for i, row in enumerate(rows) if row["identity"] == identity]
    background = [i for i, row in enumerate(rows) if row["identity"] is None]

    def pick(indices: Sequence[int], abusive: bool) -> list[int]:
        return [i for i in indices if bool(rows[i]["abusive"]) is abusive]

    def auc_of(indices: Sequence[int]) -> float | None:
        return auc([bool(rows[i]["abusive"]) for i in indices], [scores[i] for i in indices])

    civil = [scores[i] for i in pick(subgroup, False)]
    abusive = [scores[i] for i in pick(subgroup, True)]
    return {
        "subgroup_auc": auc_of(subgroup),
        "bpsn_auc": auc_of(pick(subgroup, False) + pick(background, True)),
        "bnsp_auc": auc_of(pick(subgroup, True) + pick(background, False)),
        "civil_mean": _mean(civil),
        "civil_held": _share_at_or_above(civil, hold),
        "abusive_mean": _mean(abusive),
        "civil": len(civil),
        "abusive": len(abusive),
    }


def bias_metrics(
    rows: Sequence[Row], scores: Sequence[float], hold: float = HOLD
) -> dict[str, dict[str, float | int | None]]:
    """:func:`identity_metrics` for every identity named among ``rows``, in first-seen order."""
    if len(rows) != len(scores):
        raise ValueError(f"{len(rows)} rows but {len(scores)} scores")
    identities = dict.fromkeys(row["identity"] for row in rows if row["identity"] is not None)
    return {identity: identity_metrics(rows, scores, identity, hold) for identity in identities}


def background_metrics(
    rows: Sequence[Row], scores: Sequence[float], hold: float = HOLD
) -> dict[str, float | int | None]:
    """The same figures for the rows naming no identity: the reference the groups are held to."""
    indices = [i for i, row in enumerate(rows) if row["identity"] is None]
    civil = [scores[i] for i in indices if not rows[i]["abusive"]]
    abusive = [scores[i] for i in indices if rows[i]["abusive"]]
    return {
        "auc": auc([bool(rows[i]["abusive"]) for i in indices], [scores[i] for i in indices]),
        "civil_mean": _mean(civil),
        "civil_held": _share_at_or_above(civil, hold),
        "abusive_mean": _mean(abusive),
        "civil": len(civil),
        "abusive": len(abusive),
    }


def template_means(rows: Sequence[Row], scores: Sequence[float]) -> list[dict[str, Any]]:
    """Mean score of each template over the identities it was filled with, hardest first.

    Hardest means highest for a civil template and lowest for an abusive one: what the model gets
    wrong whichever group is named (subgroup AUC below target comes from these).
    """
    groups: dict[tuple[str, int], list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault((row["family"], row["template"]), []).append(i)
    means = [
        {
            "family": family,
            "template": template,
            "abusive": bool(rows[indices[0]]["abusive"]),
            "mean": round(float(np.mean([scores[i] for i in indices])), 4),
            "example": rows[indices[0]]["text"],
        }
        for (family, template), indices in groups.items()
    ]
    # How wrong each template is on average: 1 - mean for abusive ones, the mean for civil ones.
    return sorted(means, key=lambda m: m["mean"] - 1 if m["abusive"] else -m["mean"])


def power_mean(values: Sequence[float | None], p: float = POWER) -> float | None:
    """Generalised mean with exponent ``p``; a negative ``p`` weighs the lowest values most."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    if min(present) <= 0:
        return 0.0
    return round(float(np.mean(np.power(present, p)) ** (1.0 / p)), 4)


def summarise(per_identity: Mapping[str, Mapping[str, float | int | None]]) -> dict[str, Any]:
    """Power mean and worst identity of each AUC; identities below each target."""
    summary: dict[str, Any] = {}
    for metric in AUC_METRICS:
        values = {name: m[metric] for name, m in per_identity.items() if m[metric] is not None}
        worst = min(values, key=lambda name: values[name]) if values else None
        summary[metric] = {
            "power_mean": power_mean(list(values.values())),
            "worst": worst,
            "worst_value": values[worst] if worst is not None else None,
        }
        if metric in TARGETS:
            summary[metric]["below_target"] = [
                name for name, value in values.items() if value < TARGETS[metric]
            ]
    return summary


def language_report(
    rows: Sequence[Row], scores: Sequence[float], hold: float = HOLD
) -> dict[str, Any]:
    """Every figure for one language's rows and their scores."""
    identities = bias_metrics(rows, scores, hold)
    civil_mentions = sorted(
        (
            (score, row)
            for row, score in zip(rows, scores, strict=True)
            if row["identity"] is not None and not row["abusive"]
        ),
        key=lambda pair: pair[0],
        reverse=True,
    )
    return {
        "comments": len(rows),
        "overall_auc": auc([bool(row["abusive"]) for row in rows], scores),
        "background": background_metrics(rows, scores, hold),
        "identities": identities,
        "summary": summarise(identities),
        "templates": template_means(rows, scores),
        "highest_scoring_civil": [
            {"identity": row["identity"], "score": round(score, 4), "text": row["text"]}
            for score, row in civil_mentions[:10]
        ],
    }


def measure(
    model: ModerationModel,
    templates: Callable[[str], Sequence[Row]] = build,
    languages: Sequence[str] = LANGUAGES,
    head: str = HEAD,
    hold: float = HOLD,
) -> dict[str, dict[str, Any]]:
    """:func:`language_report` of ``model``'s ``head`` per language, on ``templates(language)``.

    ``templates`` defaults to the project's own (:func:`ml.bias_templates.build`); pass another
    set in the same row shape to measure on comments the model's authors never saw.
    """
    results = {}
    for language in languages:
        rows = templates(language)
        scores = [s[head] for s in model.predict_scores([row["text"] for row in rows])]
        results[language] = language_report(rows, scores, hold)
    return results


def overview(results: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per language: the power mean and worst identity of each AUC (what a summary line shows)."""
    return {
        language: {
            metric: {
                key: result["summary"][metric][key]
                for key in ("power_mean", "worst", "worst_value")
            }
            for metric in AUC_METRICS
        }
        for language, result in results.items()
    }
