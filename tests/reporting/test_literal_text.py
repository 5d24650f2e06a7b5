"""Every user string drawn in a plot is literal text: no math text from '$'."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")

from realpolitik.models.runner import solve  # noqa: E402
from realpolitik.reporting.plotdata import scaled_marks  # noqa: E402
from realpolitik.reporting.plots import draw_marks, new_figure, to_svg  # noqa: E402
from tests.conftest import make_scenario  # noqa: E402


@pytest.mark.parametrize("issue", ["US$ & EU$", "cost $", r"$\frac{1}{0$", "$x^2$"])
def test_dollar_signs_in_ids_are_drawn_as_written(issue):
    sc = make_scenario([[10.0], [90.0]], [[1.0], [1.0]], [1.0, 2.0], [50.0])
    sc = sc.replace(issues=(sc.issues[0].__class__(issue, issue),),
                    stances=tuple(s.__class__(s.actor, issue, s.position, s.salience) for s in sc.stances))
    fig = new_figure(4, 2)
    draw_marks(scaled_marks(solve(sc, "mean")), fig.add_subplot())
    svg = to_svg(fig)  # math text would fail to parse or be typeset as math
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_parse_math"))]
    assert issue in texts and all(not t.get_parse_math() for t in fig.findobj(lambda a: hasattr(a, "get_parse_math")))
    assert svg.startswith("<svg")
