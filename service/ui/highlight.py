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

HIDDEN_CHARACTERS = re.compile(
    r"[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
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


def safe_link(url: str | None) -> str | None:
    """The URL if a browser may follow it from our page (http or https), else None."""
    if url and re.match(r"^https?://", url, re.IGNORECASE):
        return url
    return None
