import itertools
import math

import pytest

from app.research.sentiment import label_for
from app.web import gauge as g


@pytest.mark.parametrize(
    ("score", "angle"), [(-1.0, 180.0), (0.0, 90.0), (1.0, 0.0), (0.5, 45.0), (-0.28, 115.2)]
)
def test_angle_for(score: float, angle: float) -> None:
    assert g.angle_for(score) == pytest.approx(angle)


def test_scores_outside_the_range_are_clamped() -> None:
    assert g.angle_for(-3) == 180.0
    assert g.angle_for(2) == 0.0


def test_needle_points_at_the_score() -> None:
    top = g.gauge(0.0)
    assert (top.needle_x, top.needle_y) == (g.CX, g.CY - g.NEEDLE)
    right = g.gauge(1.0)
    assert (right.needle_x, right.needle_y) == (g.CX + g.NEEDLE, g.CY)
    left = g.gauge(-1.0)
    assert (left.needle_x, left.needle_y) == (g.CX - g.NEEDLE, g.CY)


def test_bands_cover_the_scale_in_order_and_match_the_labels() -> None:
    arcs = g.gauge(0.1).arcs
    assert [a.label for a in arcs] == [
        "negative",
        "mildly negative",
        "neutral",
        "mildly positive",
        "positive",
    ]
    assert arcs[0].start == -1.0 and arcs[-1].end == 1.0
    for left, right in itertools.pairwise(arcs):
        assert left.end == right.start
    for arc in arcs:
        middle = (arc.start + arc.end) / 2
        assert label_for(middle) == arc.label


def test_arc_path_endpoints_lie_on_the_circle() -> None:
    path = g.arc_path(-0.5, -0.15)
    parts = path.split()
    x1, y1, x2, y2 = float(parts[1]), float(parts[2]), float(parts[-2]), float(parts[-1])
    for x, y in ((x1, y1), (x2, y2)):
        assert math.hypot(x - g.CX, g.CY - y) == pytest.approx(g.RADIUS, abs=0.01)
    assert x1 < x2  # drawn left to right
    assert parts[3] == "A" and parts[6:9] == ["0", "0", "1"]


def test_no_score_has_no_needle() -> None:
    empty = g.gauge(None)
    assert empty.angle is None and empty.needle_x is None
    assert len(empty.arcs) == 5
    assert g.gauge(float("nan")).angle is None
