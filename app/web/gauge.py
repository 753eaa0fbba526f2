"""Geometry of the sentiment gauge: a semicircle from −1 (left) to +1 (right).

Pure and exact, so the SVG macro only prints numbers computed here. Angles are in
degrees, measured counter-clockwise from the positive x axis (180 = score −1,
90 = score 0, 0 = score +1); SVG's y axis points down, hence the minus in `_point`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The sentiment label bands, left to right: (label, css modifier, lower score, upper score).
BANDS: tuple[tuple[str, str, float, float], ...] = (
    ("negative", "neg2", -1.0, -0.5),
    ("mildly negative", "neg1", -0.5, -0.15),
    ("neutral", "neutral", -0.15, 0.15),
    ("mildly positive", "pos1", 0.15, 0.5),
    ("positive", "pos2", 0.5, 1.0),
)

WIDTH = 200.0
HEIGHT = 150.0
CX = 100.0
CY = 100.0
RADIUS = 84.0
NEEDLE = 70.0


@dataclass(frozen=True)
class Arc:
    label: str
    css: str
    start: float
    end: float
    path: str


@dataclass(frozen=True)
class Gauge:
    score: float | None
    angle: float | None
    needle_x: float | None
    needle_y: float | None
    arcs: tuple[Arc, ...]
    width: float = WIDTH
    height: float = HEIGHT
    cx: float = CX
    cy: float = CY


def clamp(score: float) -> float:
    return max(-1.0, min(1.0, score))


def angle_for(score: float) -> float:
    """Needle angle in degrees: 180 at −1, 90 at 0, 0 at +1 (scores outside are clamped)."""
    return 90.0 * (1.0 - clamp(score))


def _point(angle: float, radius: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return round(CX + radius * math.cos(rad), 2), round(CY - radius * math.sin(rad), 2)


def arc_path(start: float, end: float, radius: float = RADIUS) -> str:
    """SVG path of the arc between two scores, drawn clockwise (left to right)."""
    x1, y1 = _point(angle_for(start), radius)
    x2, y2 = _point(angle_for(end), radius)
    # Each band spans less than 180 degrees, so the small-arc flag is always 0.
    return f"M {x1} {y1} A {radius} {radius} 0 0 1 {x2} {y2}"


def gauge(score: float | None) -> Gauge:
    arcs = tuple(Arc(lbl, css, lo, hi, arc_path(lo, hi)) for lbl, css, lo, hi in BANDS)
    if score is None or not math.isfinite(score):
        return Gauge(None, None, None, None, arcs)
    angle = angle_for(score)
    needle_x, needle_y = _point(angle, NEEDLE)
    return Gauge(score, angle, needle_x, needle_y, arcs)
