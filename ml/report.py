"""Evaluation reports: JSON for machines, Markdown for people, PNG plots for both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

COLUMNS = (
    ("roc_auc", "ROC AUC"),
    ("pr_auc", "PR AUC"),
    ("precision_at_90_recall", "P@90%R"),
    ("recall_at_95_precision", "R@95%P"),
    ("f1_at_hold", "F1@hold"),
    ("f1_at_reject", "F1@reject"),
    ("calibration_error", "ECE"),
)


def _without_curves(result: dict[str, Any]) -> dict[str, Any]:
    return {
        **result,
        **{
            variant: {
                head: {k: v for k, v in table.items() if k != "curves"}
                for head, table in result[variant].items()
            }
            for variant in ("clean", "disguised")
        },
    }


def _cell(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else "–"


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Evaluation",
        "",
        f"Held-out split (by group within each source, after deduplication; random state "
        f"{result['random_state']}): {result['train_examples']} training and "
        f"{result['test_examples']} test examples. *Disguised* is the same test set passed "
        "through the perturbation generator (leetspeak, separators, stretched letters, "
        "look-alikes, zero-width characters, masking). Thresholds: hold "
        f"{result['thresholds']['hold']}, reject {result['thresholds']['reject']}.",
    ]
    for head, table in result["clean"].items():
        disguised = result["disguised"].get(head, {})
        lines += ["", f"## {head}", ""]
        header = "| set | n | pos | " + " | ".join(t for _, t in COLUMNS)
        lines += [header + " | ROC AUC disguised | Δ |", "|" + "---|" * (len(COLUMNS) + 5)]
        rows = [("all", table["all"], disguised.get("all", {}))]
        rows += [
            (f"source {name}", m, disguised.get("by_source", {}).get(name, {}))
            for name, m in table["by_source"].items()
        ]
        rows += [
            (f"language {name}", m, disguised.get("by_language", {}).get(name, {}))
            for name, m in table["by_language"].items()
        ]
        for name, clean, dis in rows:
            delta = (
                dis["roc_auc"] - clean["roc_auc"]
                if "roc_auc" in clean and "roc_auc" in dis
                else None
            )
            cells = " | ".join(_cell(clean.get(key)) for key, _ in COLUMNS)
            lines.append(
                f"| {name} | {clean['examples']} | {clean['positives']} | {cells} | "
                f"{_cell(dis.get('roc_auc'))} | {_cell(delta)} |"
            )
    return "\n".join(lines) + "\n"


def _save(figure: Any, path: Path) -> Path:
    import matplotlib.pyplot as plt

    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return path


def _plots(result: dict[str, Any], out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import precision_recall_curve, roc_curve

    written = []
    for head, table in result["clean"].items():
        y = np.array(table["curves"]["y"])
        p = np.array(table["curves"]["p"])
        if len(set(y.tolist())) < 2:
            continue
        dis = result["disguised"][head]["curves"]
        figure, axes = plt.subplots(1, 3, figsize=(15, 4.5))
        for label, yy, pp in (
            ("clean", y, p),
            ("disguised", np.array(dis["y"]), np.array(dis["p"])),
        ):
            fpr, tpr, _ = roc_curve(yy, pp)
            axes[0].plot(fpr, tpr, label=label)
            precision, recall, _ = precision_recall_curve(yy, pp)
            axes[1].plot(recall, precision, label=label)
            observed, predicted = calibration_curve(yy, pp, n_bins=10, strategy="quantile")
            axes[2].plot(predicted, observed, marker="o", label=label)
        axes[0].set(title=f"{head}: ROC", xlabel="false positive rate", ylabel="true positive rate")
        axes[1].set(title=f"{head}: precision-recall", xlabel="recall", ylabel="precision")
        axes[2].plot([0, 1], [0, 1], linestyle=":", color="grey")
        axes[2].set(title=f"{head}: calibration", xlabel="predicted", ylabel="observed")
        for axis in axes:
            axis.legend()
        written.append(_save(figure, out_dir / f"{head}-curves.png"))

        languages = list(table["by_language"])
        clean_auc = [table["by_language"][lang].get("roc_auc", np.nan) for lang in languages]
        dis_auc = [
            result["disguised"][head]["by_language"][lang].get("roc_auc", np.nan)
            for lang in languages
        ]
        figure, axis = plt.subplots(figsize=(7, 4))
        x = np.arange(len(languages))
        axis.bar(x - 0.2, clean_auc, 0.4, label="clean")
        axis.bar(x + 0.2, dis_auc, 0.4, label="disguised")
        axis.set_xticks(x, languages)
        axis.set_ylim(0.5, 1.0)
        axis.set(title=f"{head}: ROC AUC per language", ylabel="ROC AUC")
        axis.legend()
        written.append(_save(figure, out_dir / f"{head}-languages.png"))
    return written


def write_report(result: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write evaluation.json, evaluation.md and the plots; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "evaluation.json"
    json_path.write_text(json.dumps(_without_curves(result), indent=2))
    md_path = out_dir / "evaluation.md"
    md_path.write_text(markdown(result))
    return [json_path, md_path, *_plots(result, out_dir)]
