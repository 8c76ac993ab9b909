"""Group names reach the n-grams as one token: the words around a name decide, not the name."""

from __future__ import annotations

import pytest

from ml.identity import GROUP_TOKEN, mask_group_names
from ml.normalise import normalise
from ml.training import TrainedModel


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Armenians and Jews spoke at the hearing", "xgroup and xgroup spoke at the hearing"),
        ("Русские и грузины", "xgroup и xgroup"),
        ("Ermenilerin ve Kürtlerin hakları", "xgroup ve xgroup haklari"),
        ("Ermənilərin və qaçqınların hüquqları", "xgroup ve xgroup huquqlari"),
    ],
)
def test_every_word_naming_a_group_becomes_one_token(text: str, masked: str) -> None:
    assert mask_group_names(normalise(text)) == masked


def test_a_word_that_only_holds_a_name_inside_is_kept() -> None:
    assert GROUP_TOKEN not in mask_group_names(normalise("The Prussian army and a jeweller"))


@pytest.mark.parametrize(
    ("template", "groups"),
    [
        ("Our {} neighbours were the first to help after the flood.", ("Armenian", "Georgian")),
        ("Наши соседи — {}, они первыми помогли после наводнения.", ("армяне", "грузины")),
        ("{} are parasites, drive them all out.", ("Kurds", "Muslims")),
    ],
)
def test_comments_that_differ_only_in_the_group_named_score_the_same(
    seed_model: TrainedModel, template: str, groups: tuple[str, str]
) -> None:
    first, second = seed_model.model.predict_scores([template.format(g) for g in groups])

    assert first == pytest.approx(second)
