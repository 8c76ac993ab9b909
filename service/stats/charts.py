"""Dashboard charts as inline SVG, drawn without inline styles or scripts.

The dashboard is served under a Content-Security-Policy that forbids inline ``style`` attributes,
so shapes carry SVG presentation attributes (a default ``fill``, ``stroke``, ``font-size``) and CSS
classes (``series-policy``, ``series-moderator``, ``series-report``, ...) a stylesheet may restyle.
Every piece of text goes through ``Markup.format``, which escapes it: moderator usernames are
chosen by users.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date

from markupsafe import Markup

from service.stats.services import ACTOR_KINDS, Dashboard

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 34, 28
ROW = 24
NAME_COLUMN = 150
MAX_NAME = 20
MAX_DAY_LABELS = 16

# Fallback colours, so a chart is readable before (or without) the stylesheet.
FILLS = {
    "policy": "#4e79a7",
    "moderator": "#f28e2b",
    "report": "#e15759",
    "queue": "#59a14f",
}
DEFAULT_FILL = "#888888"
INK = "#444444"


def day_label(day: date) -> str:
    """A short day label for an axis: ``11-28``."""
    return f"{day:%m-%d}"


def _n(x: float) -> str:
    """A coordinate or value with at most one decimal: ``12``, ``12.5``."""
    return f"{x:.1f}".removesuffix(".0")


def _fill(series: str) -> str:
    return FILLS.get(series, DEFAULT_FILL)


def _svg(kind: str, title: str, height: float, body: Markup) -> Markup:
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{}" viewBox="0 0 {} {}"'
        ' role="img" aria-label="{}"><title>{}</title>{}</svg>'
    ).format(kind, WIDTH, _n(height), title, title, body)


def _text(x: float, y: float, text: str, anchor: str = "start", css: str = "axis-label") -> Markup:
    return Markup(
        '<text class="{}" x="{}" y="{}" text-anchor="{}" font-size="11"'
        ' font-family="sans-serif" fill="{}">{}</text>'
    ).format(css, _n(x), _n(y), anchor, INK, text)


def _line(x1: float, y1: float, x2: float, y2: float) -> Markup:
    return Markup('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>').format(
        _n(x1), _n(y1), _n(x2), _n(y2), INK
    )


def _rect(x: float, y: float, width: float, height: float, series: str, tip: str) -> Markup:
    return Markup(
        '<rect class="bar series-{}" x="{}" y="{}" width="{}" height="{}" fill="{}">'
        "<title>{}</title></rect>"
    ).format(series, _n(x), _n(y), _n(width), _n(height), _fill(series), tip)


def _columns(labels: Sequence[str], top_value: float) -> tuple[Markup, float, float]:
    """Axes of a chart with one column per label: the markup, the slot width and the y scale."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(labels), 1)
    step = max(1, math.ceil(len(labels) / MAX_DAY_LABELS))
    parts = [
        _line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM),
        _line(LEFT, TOP, LEFT, HEIGHT - BOTTOM),
        _text(LEFT - 6, TOP + 4, _n(top_value), "end", "axis-label axis-max"),
        _text(LEFT - 6, HEIGHT - BOTTOM, "0", "end"),
    ]
    parts += [
        _text(LEFT + (i + 0.5) * slot, HEIGHT - BOTTOM + 16, label, "middle")
        for i, label in enumerate(labels)
        if i % step == 0
    ]
    return Markup("").join(parts), slot, plot_height / (top_value or 1)


def _legend(names: Sequence[str]) -> Markup:
    parts = []
    for i, name in enumerate(names):
        x = LEFT + i * 110
        parts.append(
            Markup(
                '<rect class="legend-key series-{}" x="{}" y="10" width="10" height="10"'
                ' fill="{}"/>'
            ).format(name, x, _fill(name))
        )
        parts.append(_text(x + 14, 19, name, css="legend-label"))
    return Markup('<g class="legend">{}</g>').format(Markup("").join(parts))


def stacked_bar_chart(
    labels: Sequence[str], series: Mapping[str, Sequence[float]], *, title: str
) -> Markup:
    """One stacked column per label, one stack per series (in the mapping's order), a legend."""
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    top_value = max(totals, default=0)
    axes, slot, scale = _columns(labels, top_value)
    bar_width = slot * 0.7
    bars = []
    for i, label in enumerate(labels):
        x = LEFT + i * slot + (slot - bar_width) / 2
        y = float(HEIGHT - BOTTOM)
        for name, values in series.items():
            if values[i] <= 0:
                continue
            height = values[i] * scale
            y -= height
            bars.append(_rect(x, y, bar_width, height, name, f"{label} {name}: {_n(values[i])}"))
    body = Markup("").join([axes, _legend(list(series)), *bars])
    return _svg("stacked-bars", title, HEIGHT, body)


def line_chart(
    labels: Sequence[str], values: Sequence[float | None], *, title: str, series: str = "queue"
) -> Markup:
    """A line through one value per label; a None leaves a gap in the line."""
    top_value = max((v for v in values if v is not None), default=0)
    axes, slot, scale = _columns(labels, top_value)
    colour = _fill(series)
    segments: list[list[str]] = [[]]
    dots = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        if value is None:
            segments.append([])
            continue
        x, y = LEFT + (i + 0.5) * slot, HEIGHT - BOTTOM - value * scale
        segments[-1].append(f"{_n(x)},{_n(y)}")
        dots.append(
            Markup(
                '<circle class="point series-{}" cx="{}" cy="{}" r="3" fill="{}">'
                "<title>{}</title></circle>"
            ).format(series, _n(x), _n(y), colour, f"{label}: {_n(value)}")
        )
    lines = [
        Markup(
            '<polyline class="line series-{}" points="{}" fill="none" stroke="{}"'
            ' stroke-width="2"/>'
        ).format(series, " ".join(points), colour)
        for points in segments
        if len(points) > 1
    ]
    return _svg("line", title, HEIGHT, Markup("").join([axes, *lines, *dots]))


def horizontal_bar_chart(
    labels: Sequence[str], values: Sequence[float], *, title: str, series: str = "moderator"
) -> Markup:
    """One horizontal bar per label, longest first as given; long labels are shortened."""
    height = TOP + max(len(labels), 1) * ROW + BOTTOM
    top_value = max(values, default=0)
    plot_width = WIDTH - NAME_COLUMN - RIGHT - 40  # room for the value after the longest bar
    scale = plot_width / (top_value or 1)
    parts = [
        _line(NAME_COLUMN, TOP, NAME_COLUMN, height - BOTTOM),
        _line(NAME_COLUMN, height - BOTTOM, NAME_COLUMN + plot_width, height - BOTTOM),
        _text(NAME_COLUMN, height - BOTTOM + 16, "0", "middle"),
        _text(
            NAME_COLUMN + plot_width,
            height - BOTTOM + 16,
            _n(top_value),
            "middle",
            "axis-label axis-max",
        ),
    ]
    if not labels:
        parts.append(_text(NAME_COLUMN + 8, TOP + ROW / 2 + 4, "no decisions", css="empty"))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + i * ROW
        short = label if len(label) <= MAX_NAME else label[: MAX_NAME - 1] + "…"
        parts.append(_text(NAME_COLUMN - 6, y + ROW / 2 + 4, short, "end", "bar-label"))
        width = value * scale
        parts.append(_rect(NAME_COLUMN, y + 4, width, ROW - 8, series, f"{label}: {_n(value)}"))
        parts.append(_text(NAME_COLUMN + width + 4, y + ROW / 2 + 4, _n(value), css="bar-value"))
    return _svg("horizontal-bars", title, height, Markup("").join(parts))


def decisions_chart(board: Dashboard) -> Markup:
    """Decisions per day, stacked by actor kind."""
    return stacked_bar_chart(
        [day_label(day) for day in board.days],
        {kind: [getattr(count, kind) for count in board.decisions_per_day] for kind in ACTOR_KINDS},
        title="Decisions per day by actor",
    )


def queue_chart(board: Dashboard) -> Markup:
    """Items held for review at the end of each day."""
    return line_chart(
        [day_label(point.day) for point in board.queue_size_per_day],
        [point.value for point in board.queue_size_per_day],
        title="Items held for review at the end of each day",
    )


def moderator_volume_chart(board: Dashboard) -> Markup:
    """Decisions per moderator in the window."""
    return horizontal_bar_chart(
        [moderator.username for moderator in board.moderators],
        [moderator.volume for moderator in board.moderators],
        title="Decisions per moderator",
    )
