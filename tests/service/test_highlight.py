"""How comment text is cut for display: driving spans marked, hidden characters revealed."""

from __future__ import annotations

from service.ui.highlight import Segment, safe_link, segments, spans_worth_showing


def span(start: int, end: int, weight: float) -> dict[str, object]:
    return {"start": start, "end": end, "text": "", "weight": weight}


def test_text_without_spans_is_one_plain_segment() -> None:
    assert segments("a civil remark") == [Segment("a civil remark")]


def test_a_span_marks_its_characters_with_its_score() -> None:
    result = segments("buy now cheap", {"spam": [span(4, 7, 1.5)]})

    assert result == [Segment("buy "), Segment("now", "spam", 1.5), Segment(" cheap")]


def test_pieces_join_back_into_the_submitted_text() -> None:
    text = "you idiot, buy pills at spam.example"
    spans = {"toxicity": [span(4, 9, 2.0)], "spam": [span(24, 36, 1.0), span(15, 20, 0.5)]}

    assert "".join(piece.text for piece in segments(text, spans)) == text


def test_overlapping_spans_keep_the_heavier_one() -> None:
    result = segments("abcdef", {"spam": [span(0, 4, 0.2)], "toxicity": [span(2, 6, 0.9)]})

    assert [(p.text, p.score) for p in result] == [("ab", None), ("cdef", "toxicity")]


def test_spans_outside_the_text_are_ignored() -> None:
    result = segments("short", {"spam": [span(3, 50, 1.0), span(-1, 2, 1.0), span(2, 2, 1.0)]})

    assert result == [Segment("short")]


def test_direction_overrides_and_zero_width_characters_are_shown_by_code() -> None:
    result = segments("a\u202eb\u200bc")

    assert [(p.text, p.hidden) for p in result] == [
        ("a", False),
        ("U+202E", True),
        ("b", False),
        ("U+200B", True),
        ("c", False),
    ]


def test_only_the_spans_of_high_scores_are_shown() -> None:
    explanations = {"spam": [span(0, 3, 1.0)], "toxicity": [span(4, 8, 1.0)]}

    shown = spans_worth_showing({"spam": 0.1, "toxicity": 0.7}, explanations)

    assert list(shown) == ["toxicity"]


def test_with_no_high_score_the_top_score_is_explained() -> None:
    explanations = {"spam": [span(0, 3, 1.0)], "toxicity": [span(4, 8, 1.0)]}

    shown = spans_worth_showing({"spam": 0.3, "toxicity": 0.2}, explanations)

    assert list(shown) == ["spam"]


def test_light_spans_are_left_out() -> None:
    explanations = {"toxicity": [span(0, 3, 2.0), span(4, 8, 0.1)]}

    shown = spans_worth_showing({"toxicity": 0.9}, explanations)

    assert shown["toxicity"] == [span(0, 3, 2.0)]


def test_only_http_links_are_followed() -> None:
    assert safe_link("https://news.example/a/1") == "https://news.example/a/1"
    assert safe_link("javascript:alert(1)") is None
    assert safe_link(" javascript:alert(1)") is None
    assert safe_link("data:text/html,<b>x</b>") is None
    assert safe_link(None) is None
