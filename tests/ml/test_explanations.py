"""Explanations: the spans of the text as submitted that pushed each score up most."""

from __future__ import annotations

import re

import pytest

from ml.model import ModerationModel
from ml.training import TrainedModel


@pytest.fixture(scope="module")
def model(seed_model: TrainedModel) -> ModerationModel:
    return seed_model.model


def spans(model: ModerationModel, text: str, head: str) -> list[dict]:
    return model.explain(text)[head]


@pytest.mark.parametrize(
    "text",
    [
        "You are a pathetic idiot",
        "Y\u200bou are a p a t h e t i c 1d10t",
        "Ты жалкий идиот, заткнись",
        "Sən tam axmaqsan, sus",
    ],
)
def test_offsets_point_into_the_text_as_submitted(model: ModerationModel, text: str) -> None:
    found = spans(model, text, "toxicity")
    assert found
    for span in found:
        assert text[span["start"] : span["end"]] == span["text"]


def test_spans_do_not_overlap(model: ModerationModel) -> None:
    found = spans(model, "Go back where you came from, you filthy stupid rats", "toxicity")
    covered = [i for span in found for i in range(span["start"], span["end"])]
    assert len(covered) == len(set(covered))


def test_spans_are_ordered_by_weight_and_each_pushes_the_score_up(
    model: ModerationModel,
) -> None:
    weights = [span["weight"] for span in spans(model, "You stupid lying clown", "toxicity")]
    assert weights == sorted(weights, reverse=True)
    assert all(weight > 0 for weight in weights)


def test_an_insult_outweighs_the_common_words_around_it(model: ModerationModel) -> None:
    [top, *_] = spans(model, "you are such an idiot", "toxicity")
    assert top["text"] == "idiot"


def test_a_threat_read_as_a_phrase_is_one_span(model: ModerationModel) -> None:
    texts = [
        span["text"] for span in spans(model, "I know where you live. Be careful.", "toxicity")
    ]
    assert "I know where you live" in texts


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Big wins, call +994 50 123 45 67", "+994 50 123 45 67"),
        ("Free bonus at http://bet.example.com now", "http://bet.example.com"),
        ("Write to winner@bonus-club.example for the prize", "winner@bonus-club.example"),
    ],
)
def test_a_phone_number_link_or_address_is_never_split(
    model: ModerationModel, text: str, part: str
) -> None:
    start = text.index(part)
    end = start + len(part)
    found = spans(model, text, "spam")
    assert any(span["start"] <= start and span["end"] >= end for span in found)
    assert not any(start < span["start"] < end or start < span["end"] < end for span in found)


def test_a_word_with_an_apostrophe_is_one_span(model: ModerationModel) -> None:
    text = "You idiot, you didn't even read it and you're proud of it"
    for head in ("spam", "toxicity"):
        for span in model.explain(text, top=20)[head]:
            assert not (text.index("didn't") < span["start"] < text.index("didn't") + 6)
            assert not (text.index("you're") < span["start"] < text.index("you're") + 6)


def test_abuse_is_explained_by_heavier_spans_than_a_civil_comment(
    model: ModerationModel,
) -> None:
    civil = spans(model, "Thanks for the article, the figures are very informative", "toxicity")
    abusive = spans(model, "Thanks for nothing, you worthless idiot", "toxicity")
    assert max(span["weight"] for span in abusive) > max(
        (span["weight"] for span in civil), default=0.0
    )


def test_an_empty_text_has_no_spans(model: ModerationModel) -> None:
    assert model.explain("   ") == {"spam": [], "toxicity": []}


def test_a_word_spread_out_is_never_split_or_run_into_the_next(model: ModerationModel) -> None:
    text = "y_o_u are a w.o.r.t.h.l.e.s.s i-d-i-o-t"
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    found = model.explain(text, top=20)["toxicity"]
    assert {"w.o.r.t.h.l.e.s.s", "i-d-i-o-t"} & {span["text"] for span in found}
    for span in found:
        assert any(span["start"] == start for start, _ in words), span
        assert any(span["end"] == end for _, end in words), span
