"""Comment text cut into pieces for display: the spans that drove a score, and hidden characters.

Everything here is plain text; the template escapes every piece, so a comment can never become
markup. Characters that are invisible or change the text's direction are shown by their code
point, so a moderator sees the trick instead of falling for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Zero-width (non-)joiners are left alone: emoji sequences and some scripts need them.
HIDDEN_CHARACTERS = re.compile(
    r"[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


@dataclass(frozen=True)
class Segment:
    text: str
    score: str | None = None
    weight: float = 0.0
    hidden: bool = False


def _spans(
    text: str, explanations: Mapping[str, Sequence[Mapping[str, Any]]] | None
) -> list[tuple[int, int, str, float]]:
    """The highest-weighted spans that do not overlap, in text order."""
    candidates = []
    for score, spans in (explanations or {}).items():
        for span in spans or ():
            start, end, weight = span.get("start"), span.get("end"), span.get("weight", 0.0)
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
                candidates.append((start, end, str(score), float(weight or 0.0)))
    chosen: list[tuple[int, int, str, float]] = []
    for candidate in sorted(candidates, key=lambda c: c[3], reverse=True):
        if all(candidate[1] <= other[0] or candidate[0] >= other[1] for other in chosen):
            chosen.append(candidate)
    return sorted(chosen)


def _reveal(piece: str, score: str | None, weight: float) -> list[Segment]:
    out: list[Segment] = []
    position = 0
    for match in HIDDEN_CHARACTERS.finditer(piece):
        if match.start() > position:
            out.append(Segment(piece[position : match.start()], score, weight))
        out.append(Segment(f"U+{ord(match.group()):04X}", score, weight, hidden=True))
        position = match.end()
    if position < len(piece):
        out.append(Segment(piece[position:], score, weight))
    return out


def segments(
    text: str, explanations: Mapping[str, Sequence[Mapping[str, Any]]] | None = None
) -> list[Segment]:
    """The text in display order, each piece marked with the score it drove, if any."""
    out: list[Segment] = []
    position = 0
    for start, end, score, weight in _spans(text, explanations):
        if start > position:
            out.extend(_reveal(text[position:start], None, 0.0))
        out.extend(_reveal(text[start:end], score, weight))
        position = end
    if position < len(text):
        out.extend(_reveal(text[position:], None, 0.0))
    return out


def spans_worth_showing(
    scores: Mapping[str, float],
    explanations: Mapping[str, Sequence[Mapping[str, Any]]] | None,
    high: float = 0.5,
    share: float = 0.25,
) -> dict[str, list[Mapping[str, Any]]]:
    """The spans behind the scores that matter: those at ``high`` or above (else the top one).

    A low score's spans would point at innocent words; within a score, spans weighing less than
    ``share`` of its heaviest span add colour, not insight.
    """
    if not explanations or not scores:
        return {}
    relevant = [name for name, value in scores.items() if value >= high]
    if not relevant:
        relevant = [max(scores, key=lambda name: scores[name])]
    shown: dict[str, list[Mapping[str, Any]]] = {}
    for name in relevant:
        spans = list(explanations.get(name) or ())
        if not spans:
            continue
        top = max(float(span.get("weight") or 0.0) for span in spans)
        shown[name] = [span for span in spans if float(span.get("weight") or 0.0) >= share * top]
    return shown


def safe_link(url: str | None) -> str | None:
    """The URL if a browser may follow it from our page (http or https), else None."""
    if url and re.match(r"^https?://", url, re.IGNORECASE):
        return url
    return None
