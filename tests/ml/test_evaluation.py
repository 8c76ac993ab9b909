"""Evaluation figures, splits without leaks, and the report."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ml.corpus import Example
from ml.evaluation import (
    expected_calibration_error,
    metrics,
    precision_at_recall,
    recall_at_precision,
)
from ml.splits import split


def test_precision_at_recall_and_recall_at_precision() -> None:
    y = np.array([1, 1, 0, 1, 0, 0])
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.2, 0.1])

    # Recall 1.0 needs the threshold at 0.6, where 3 of 4 flagged are positive.
    assert precision_at_recall(y, p, 0.9) == pytest.approx(0.75)
    # Precision 1.0 holds down to 0.8: two of three positives.
    assert recall_at_precision(y, p, 0.95) == pytest.approx(2 / 3)


def test_calibration_error_is_zero_for_perfect_bins_and_large_for_overconfidence() -> None:
    y = np.array([0] * 5 + [1] * 5)

    assert expected_calibration_error(y, np.array([0.0] * 5 + [1.0] * 5)) == 0.0
    assert expected_calibration_error(y, np.array([0.95] * 10)) == pytest.approx(0.45)


def test_metrics_of_a_set_with_one_class_are_counts_only() -> None:
    assert metrics(np.array([0, 0]), np.array([0.1, 0.2])) == {"examples": 2, "positives": 0}


def test_split_keeps_each_group_on_one_side() -> None:
    examples = [
        Example(f"text {g} {n}", "spam" if n % 2 else "clean", "en", "videos", group=f"v{g}")
        for g in range(5)
        for n in range(10)
    ]

    train, test = split(examples, test_size=0.2, random_state=3)

    assert {e.group for e in train}.isdisjoint({e.group for e in test})
    assert len({e.group for e in test}) == 1


def test_split_deduplicates_before_splitting() -> None:
    examples = [Example("Same text", "spam", "en", "sms")] * 10 + [
        Example(f"other {n}", "clean", "en", "sms") for n in range(10)
    ]

    train, test = split(examples, random_state=0)

    texts = [e.text for e in train + test]
    assert texts.count("Same text") == 1


def test_growing_one_source_leaves_every_other_sources_split_as_it_was() -> None:
    sms = [Example(f"sms {n}", "spam" if n % 3 else "clean", "en", "sms") for n in range(40)]
    seed = [Example(f"seed {n}", "clean", "en", "seed") for n in range(10)]
    more_seed = seed + [Example(f"new seed {n}", "toxic", "en", "seed") for n in range(7)]

    _, before = split(sms + seed, random_state=0)
    _, after = split(sms + more_seed, random_state=0)

    assert [e.text for e in before if e.source == "sms"] == [
        e.text for e in after if e.source == "sms"
    ]


def test_evaluate_command_writes_json_markdown_and_plots(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from service.cli import cli

    result = CliRunner().invoke(cli, ["evaluate", "--out", str(tmp_path)])

    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "evaluation.json").read_text())
    assert set(report["clean"]) == {"spam", "toxicity"}
    assert "roc_auc" in report["disguised"]["toxicity"]["by_language"]["az"]
    assert "| language ru |" in (tmp_path / "evaluation.md").read_text()
    assert "roc_auc" in report["translit"]["toxicity"]["by_language"]["ru"]
    assert "Russian typed in Latin letters" in (tmp_path / "evaluation.md").read_text()
    assert (tmp_path / "toxicity-curves.png").stat().st_size > 10_000
    assert (tmp_path / "spam-languages.png").exists()


def test_a_recipe_without_russian_comments_has_no_latin_letters_table() -> None:
    from ml.evaluation import evaluate_recipe

    examples = [
        Example(f"{word} number {n}", label, "en")
        for n in range(30)
        for word, label in (("thanks", "clean"), ("idiot", "toxic"))
    ]

    assert evaluate_recipe(examples)["translit"] == {}


def test_source_weights_give_each_source_an_equal_share_of_each_class() -> None:
    from ml.training import source_weights

    examples = [Example(f"a{n}", "spam", "en", "big") for n in range(8)]
    examples += [Example(f"b{n}", "clean", "en", "big") for n in range(2)]
    examples += [Example(f"c{n}", "spam", "en", "small") for n in range(2)]
    examples += [Example(f"d{n}", "clean", "en", "small") for n in range(2)]
    y = np.array([int(e.label == "spam") for e in examples])

    weights = source_weights(examples, y)

    big_spam, small_spam = weights[:8].sum(), weights[10:12].sum()
    assert big_spam == pytest.approx(small_spam)
    assert weights[y == 1].sum() == pytest.approx(10)
    assert weights[y == 0].sum() == pytest.approx(4)
