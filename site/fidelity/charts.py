"""Charts of fidelity self-assessment results: plain data in, SVG text out.

These functions know nothing of models or requests, so callers decide what to cache
(see core.charts.cached_svg) and the charts can be tested without a database.
"""

from __future__ import annotations

import math

from core.charts import (
    COUNCIL_COLOUR,
    GRID_COLOUR,
    REFERENCE_COLOUR,
    SCORE_TICKS,
    TEXT_COLOUR,
    chart_style,
    one_decimal,
    render_svg,
    wrap_label,
)

NOT_APPLICABLE = " (n/a)"


def radar_chart_svg(
    *,
    labels: list[str],
    council: list[float | None],
    reference: list[float | None],
    council_name: str,
    reference_name: str = "Model standard",
) -> str:
    """Domain scores (0-100) on a radar chart: the council against the reference.

    A domain the council scored None (every indicator not applicable) is drawn at 0 and
    its label marked "(n/a)"; a None reference score is drawn at 0.
    """
    if not len(labels) == len(council) == len(reference):
        raise ValueError("labels, council and reference must be the same length")
    if len(labels) < 3:
        raise ValueError("a radar chart needs at least three domains")

    from matplotlib.figure import Figure

    count = len(labels)
    angles = [2 * math.pi * i / count for i in range(count)]
    axis_labels = [
        wrap_label(label + (NOT_APPLICABLE if score is None else ""), 18)
        for label, score in zip(labels, council, strict=True)
    ]

    with chart_style():
        figure = Figure(figsize=(7, 6), layout="constrained")
        axes = figure.add_subplot(projection="polar")
        axes.set_theta_offset(math.pi / 2)  # first domain at the top, then clockwise
        axes.set_theta_direction(-1)

        _radar_line(axes, angles, council, colour=COUNCIL_COLOUR, label=council_name)
        axes.fill(_closed(angles), _closed(_zeroed(council)), color=COUNCIL_COLOUR, alpha=0.15)
        _radar_line(
            axes, angles, reference, colour=REFERENCE_COLOUR, label=reference_name, dashed=True
        )

        axes.set_ylim(0, 100)
        axes.set_yticks(SCORE_TICKS, [str(tick) for tick in SCORE_TICKS])
        # Radial tick labels sit between the first two spokes, clear of the data points.
        axes.set_rlabel_position(180 / count)
        axes.tick_params(axis="y", labelsize=8, labelcolor=REFERENCE_COLOUR)
        axes.set_xticks(angles, axis_labels)
        axes.tick_params(axis="x", labelsize=10, labelcolor=TEXT_COLOUR, pad=4)
        for tick, angle in zip(axes.xaxis.get_major_ticks(), angles, strict=True):
            _align_outwards(tick.label1, angle)
        axes.grid(color=GRID_COLOUR, linewidth=0.8)
        axes.spines["polar"].set_color(GRID_COLOUR)

        figure.legend(
            loc="outside lower center", ncols=2, frameon=False, fontsize=10, labelcolor=TEXT_COLOUR
        )
        return render_svg(figure)


def progress_chart_svg(
    *,
    rounds: list[str],
    overall: list[float | None],
    reference: float | None,
    council_name: str,
    reference_name: str = "Model standard",
) -> str:
    """The council's overall score per round, in order, against the reference overall.

    A None score (nothing scored that round) is a gap in the line.
    """
    if len(rounds) != len(overall):
        raise ValueError("rounds and overall must be the same length")

    from matplotlib.figure import Figure

    positions = list(range(len(rounds)))
    with chart_style():
        figure = Figure(figsize=(8, 4), layout="constrained")
        axes = figure.add_subplot()

        # NaN breaks the line, so a missing round shows as a gap rather than a slope.
        axes.plot(
            positions,
            [math.nan if value is None else value for value in overall],
            color=COUNCIL_COLOUR,
            linewidth=2,
            marker="o",
            markersize=6,
            label=council_name,
        )
        for position, value in zip(positions, overall, strict=True):
            if value is not None:
                axes.annotate(
                    one_decimal(value),
                    (position, value),
                    xytext=(0, 8),
                    textcoords="offset points",
                    ha="center",
                    fontsize=9,
                    color=TEXT_COLOUR,
                )
        if reference is not None:
            axes.axhline(
                reference,
                color=REFERENCE_COLOUR,
                linestyle="--",
                linewidth=1.5,
                label=f"{reference_name} reference",
            )

        axes.set_xticks(positions, [wrap_label(label, 14) for label in rounds])
        axes.set_xlim(-0.5, max(len(rounds) - 0.5, 0.5))
        # Headroom above 100 keeps a top score's annotation inside the axes.
        axes.set_ylim(0, 108)
        axes.set_yticks(SCORE_TICKS)
        axes.set_ylabel("Overall fidelity score", color=TEXT_COLOUR)
        axes.tick_params(colors=TEXT_COLOUR, labelsize=9)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)

        figure.legend(
            loc="outside lower center", ncols=2, frameon=False, fontsize=10, labelcolor=TEXT_COLOUR
        )
        return render_svg(figure)


def _radar_line(axes, angles, scores, *, colour: str, label: str, dashed: bool = False) -> None:
    axes.plot(
        _closed(angles),
        _closed(_zeroed(scores)),
        color=colour,
        linewidth=1.5 if dashed else 2,
        linestyle="--" if dashed else "-",
        marker="o",
        markersize=3 if dashed else 5,
        label=label,
    )


def _zeroed(scores: list[float | None]) -> list[float]:
    return [0.0 if score is None else score for score in scores]


def _closed(values: list) -> list:
    """The values with the first repeated at the end, so the polygon joins up."""
    return [*values, values[0]]


def _align_outwards(text, angle: float) -> None:
    """Anchor an axis label on its inner edge so long labels grow away from the plot."""
    # Clockwise from the top: sin is the label's x direction, cos its y direction.
    x, y = math.sin(angle), math.cos(angle)
    text.set_horizontalalignment("left" if x > 0.1 else "right" if x < -0.1 else "center")
    text.set_verticalalignment("bottom" if y > 0.1 else "top" if y < -0.1 else "center")
