"""Unintended bias: the metrics, the report section, identity balancing, the seed's identities."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ml import bias
from ml.bias_templates import IDENTITIES, LANGUAGES, build
from ml.corpus import Example, deduplicate, load_seed_corpus
from ml.evaluation import evaluate_recipe
from ml.identity import IDENTITY_TERMS, balancing_weights, named_groups
from ml.report import markdown, write_report

INSULTS = ("idiot", "trash")


class KeywordModel:
    """Scores toxicity by keyword: insults score 0.6, and naming ``flagged`` scores 0.7 outright.

    The crudest biased model: whatever is said about the flagged group scores above every insult
    to a reader, so its civil comments are held and abuse against it is not told apart from them.
    """

    score_names = ("toxicity",)

    def __init__(self, flagged: str) -> None:
        self.flagged = flagged

    def predict_scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        def score(text: str) -> float:
            if self.flagged in text.split():
                return 0.7
            return 0.6 if any(word in text for word in INSULTS) else 0.2

        return [{"toxicity": score(text)} for text in texts]


def rows(language: str = "xx") -> list[dict[str, Any]]:
    """Two groups named in two civil and two abusive comments each, and comments naming no one."""
    made: list[dict[str, Any]] = []
    for identity in ("Gs", "Hs"):
        for n, (text, abusive) in enumerate(
            [
                (f"{identity} run the bakery on our street", False),
                (f"The report on {identity} is worth reading", False),
                (f"{identity} are idiots", True),
                (f"{identity} are trash", True),
            ]
        ):
            family = "abusive_mention" if abusive else "civil_mention"
            made.append(
                {"text": text, "lang": language, "identity": identity, "abusive": abusive}
                | {"family": family, "template": n % 2}
            )
    for n, (text, abusive) in enumerate(
        [
            ("Nice weather today", False),
            ("Good article", False),
            ("You idiot", True),
            ("Your comment is trash", True),
        ]
    ):
        family = "abusive_plain" if abusive else "civil_plain"
        made.append(
            {"text": text, "lang": language, "identity": None, "abusive": abusive}
            | {"family": family, "template": n % 2}
        )
    return made


def test_a_model_that_flags_a_name_fails_bpsn_and_subgroup_auc_for_that_group_only() -> None:
    comments = rows()
    scores = [
        s["toxicity"] for s in KeywordModel("Gs").predict_scores([r["text"] for r in comments])
    ]

    figures = bias.bias_metrics(comments, scores)

    # Everything naming Gs scores 0.7: civil and abusive tie, civil beats every plain insult.
    assert figures["Gs"]["subgroup_auc"] == 0.5
    assert figures["Gs"]["bpsn_auc"] == 0.0
    assert figures["Gs"]["bnsp_auc"] == 1.0
    assert figures["Gs"]["civil_mean"] == 0.7
    assert figures["Gs"]["civil_held"] == 1.0
    # Hs is scored on its words alone: civil 0.2, abusive 0.6, plain insults 0.6.
    assert figures["Hs"]["subgroup_auc"] == 1.0
    assert figures["Hs"]["bpsn_auc"] == 1.0
    assert figures["Hs"]["bnsp_auc"] == 1.0
    assert figures["Hs"]["civil_held"] == 0.0
    assert bias.background_metrics(comments, scores)["auc"] == 1.0


def test_bias_metrics_refuse_scores_that_do_not_match_the_rows() -> None:
    with pytest.raises(ValueError, match="rows but"):
        bias.bias_metrics(rows(), [0.1])


def test_power_mean_weighs_the_worst_identity_most() -> None:
    assert bias.power_mean([0.9, 0.9, 0.9]) == pytest.approx(0.9)
    # ((1 + 0.5 ** -5) / 2) ** (-1 / 5): one identity at 0.5 pulls the mean far below 0.75.
    assert bias.power_mean([1.0, 0.5]) == pytest.approx(16.5 ** (-1 / 5), abs=1e-4)
    assert bias.power_mean([1.0, None]) == 1.0
    assert bias.power_mean([0.8, 0.0]) == 0.0
    assert bias.power_mean([None]) is None


def test_summary_names_the_worst_identity_and_those_below_target() -> None:
    summary = bias.summarise(
        {
            "a": {"subgroup_auc": 0.97, "bpsn_auc": 0.99, "bnsp_auc": 0.9},
            "b": {"subgroup_auc": 0.93, "bpsn_auc": 0.96, "bnsp_auc": 0.8},
        }
    )

    assert summary["subgroup_auc"]["worst"] == "b"
    assert summary["subgroup_auc"]["below_target"] == ["b"]
    assert summary["bpsn_auc"]["below_target"] == []
    assert summary["bnsp_auc"]["worst_value"] == 0.8
    assert "below_target" not in summary["bnsp_auc"]


def test_measure_reports_every_language_of_the_given_templates() -> None:
    results = bias.measure(KeywordModel("Gs"), templates=rows, languages=("xx", "yy"))

    assert set(results) == {"xx", "yy"}
    assert results["xx"]["summary"]["bpsn_auc"]["worst"] == "Gs"
    assert results["xx"]["highest_scoring_civil"][0]["identity"] == "Gs"
    assert bias.overview(results)["yy"]["bpsn_auc"]["power_mean"] == 0.0


def test_a_sites_own_templates_are_read_by_language_as_rows(tmp_path: Path) -> None:
    lines = [
        {
            "lang": "en",
            "identity": "kurds",
            "abusive": False,
            "text": "Kurds held a fair.",
            "template": "c1",
        },
        {"lang": "en", "identity": None, "abusive": True, "text": "You are vermin."},
        {"lang": "ru", "identity": "jews", "abusive": True, "text": "Евреи — паразиты."},
    ]
    path = tmp_path / "site.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n\n")

    rows = bias.read_templates(path)

    assert sorted(rows) == ["en", "ru"]
    assert rows["en"][0] == {
        "text": "Kurds held a fair.",
        "identity": "kurds",
        "abusive": False,
        "family": "civil_mention",
        "template": "c1",
    }
    assert rows["en"][1]["family"] == "abusive_plain"
    assert rows["en"][1]["template"] == "line 2"
    assert rows["ru"][0]["family"] == "abusive_mention"


def test_a_templates_line_without_its_label_is_refused_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "site.jsonl"
    labelled = {"lang": "en", "identity": None, "abusive": True, "text": "ok"}
    unlabelled = {"lang": "en", "text": "no label"}
    path.write_text(f"{json.dumps(labelled)}\n{json.dumps(unlabelled)}\n")

    with pytest.raises(bias.TemplateError, match=r"site\.jsonl:2"):
        bias.read_templates(path)


def test_project_templates_fill_every_identity_in_every_language() -> None:
    for language in LANGUAGES:
        comments = build(language)
        named = {row["identity"] for row in comments} - {None}
        assert named == set(IDENTITIES)
        assert all("{" not in row["text"] for row in comments)


def test_report_has_a_bias_section_in_json_and_markdown(tmp_path: Path) -> None:
    result = {
        "random_state": 0,
        "train_examples": 1,
        "test_examples": 1,
        "thresholds": {"hold": 0.5, "reject": 0.9},
        "clean": {},
        "disguised": {},
        "bias_head": "toxicity",
        "bias": bias.measure(KeywordModel("Gs"), templates=rows, languages=("xx",)),
    }

    written = write_report(result, tmp_path)

    report = json.loads((tmp_path / "evaluation.json").read_text())
    assert report["bias"]["xx"]["identities"]["Gs"]["bpsn_auc"] == 0.0
    text = markdown(result)
    assert "## bias (toxicity)" in text
    assert "### bias: xx" in text
    assert "| Gs | 0.500 | 0.000 | 1.000 | 0.700 | 100% |" in text
    assert tmp_path / "toxicity-bias.png" in written
    assert (tmp_path / "toxicity-bias.png").stat().st_size > 10_000


def test_evaluation_of_a_recipe_measures_its_toxicity_score_for_bias() -> None:
    examples = [
        Example(f"{word} number {n}", label, "en")
        for n in range(30)
        for word, label in (("thanks", "clean"), ("idiot", "toxic"))
    ]

    result = evaluate_recipe(examples)

    assert set(result["bias"]) == set(LANGUAGES)
    assert set(result["bias"]["az"]["identities"]) == set(IDENTITIES)
    assert "power_mean" in result["bias"]["tr"]["summary"]["bpsn_auc"]


def test_named_groups_finds_names_in_every_language_and_form() -> None:
    assert named_groups("Ermənilərin hüquqları qorunmalıdır") == {"armenians"}
    assert named_groups("Поздравляю мусульман и христиан с праздником") == {
        "muslims",
        "christians",
    }
    assert named_groups("Gay couples and refugees spoke at the hearing") == {
        "gay people",
        "refugees",
    }
    assert named_groups("Kadınlar ve göçmenler için yeni yasa") == {"women", "migrants"}
    # Words that only begin like a name are not names.
    assert named_groups("Kurtarma ekipleri araba ile geldi, geyim mağazası açıktı") == set()


def test_named_groups_finds_the_peoples_an_english_speaking_readership_names() -> None:
    assert named_groups("Blacks and Hispanics voted early") == {"black people", "hispanics"}
    assert named_groups("Roma families and Chinese students") == {"roma", "chinese"}
    assert named_groups("Чернокожие и цыгане") == {"black people", "roma"}
    assert named_groups("Qaraçılar və çinlilər") == {"roma", "chinese"}
    assert named_groups("Siyahiler ve Afganlar") == {"black people", "afghans"}


def test_named_groups_ignores_colours_cities_and_other_words_a_name_begins() -> None:
    assert named_groups("The black cat sat on a white fence") == set()
    assert named_groups("Roma'ya gittik, Roma maçını izledik") == set()
    assert named_groups("Индустрия и коренные изменения") == set()
    assert named_groups("American troops left") == set()


def test_balancing_weights_give_a_named_group_the_sources_toxic_share() -> None:
    # Naming Kurds is toxic in 4 of 5 examples here, against 5 of 20 overall.
    texts = ["the Kurds again"] * 5 + [f"plain comment {n}" for n in range(15)]
    y = np.array([1, 1, 1, 1, 0] + [1] + [0] * 14)
    examples = [
        Example(text, "toxic" if t else "clean", "en", "tweets")
        for text, t in zip(texts, y, strict=True)
    ]
    weights = np.ones(len(examples))

    balanced = weights * balancing_weights(examples, y, weights, min_mentions=5, clip=(0.01, 100))

    named = np.arange(5)
    assert balanced[named][y[named] == 1].sum() / balanced[named].sum() == pytest.approx(0.25)
    assert balanced[named].sum() == pytest.approx(5.0)
    assert (balanced[5:] == 1.0).all()


def test_balancing_leaves_a_rarely_named_group_alone() -> None:
    examples = [
        Example("the Kurds", "toxic", "en", "tweets"),
        Example("hello", "clean", "en", "tweets"),
    ]

    assert balancing_weights(examples, np.array([1, 0]), np.ones(2)).tolist() == [1.0, 1.0]


def test_seed_corpus_names_identities_civilly_in_every_language() -> None:
    clean = [e for e in deduplicate(load_seed_corpus()) if e.label == "clean"]
    for language in LANGUAGES:
        named = Counter(
            group for e in clean if e.lang == language for group in named_groups(e.text)
        )
        assert sum(named.values()) >= 100, language
        # Nations, faiths, women, gay people, migrants and refugees: each named civilly.
        for group in IDENTITY_TERMS:
            if group in IDENTITIES:
                assert named[group] >= 3, (language, group)
