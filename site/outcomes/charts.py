"""The reviewers' chart of fidelity against outcomes: plain data in, SVG text out (cached by
the caller). matplotlib is imported inside the function.
"""

from __future__ import annotations

from core.charts import GRID_COLOUR, SERIES_COLOURS, TEXT_COLOUR, chart_style, render_svg

POINT_COLOUR = SERIES_COLOURS[0]


def scatter_chart_svg(*, title: str, x_label: str, y_label: str, points: list[dict]) -> str:
    """Fidelity against an outcome change: one labelled point per council (``{"label", "x", "y"}``).

    A dotted line marks no change; each point carries its council's name, so nothing rests
    on colour.
    """
    from matplotlib.figure import Figure

    with chart_style():
        figure = Figure(figsize=(7, 4.6), layout="constrained")
        axes = figure.add_subplot()
        axes.axhline(0, color=TEXT_COLOUR, linestyle=":", linewidth=1)
        for point in points:
            axes.plot(point["x"], point["y"], marker="o", markersize=8, color=POINT_COLOUR)
            axes.annotate(
                point["label"],
                (point["x"], point["y"]),
                xytext=(6, 4),
                textcoords="offset points",
                fontsize=9,
                color=TEXT_COLOUR,
            )
        axes.set_xlim(0, 100)
        axes.margins(y=0.15)  # room for the labels of the highest and lowest points
        axes.set_title(title, loc="left", fontsize=12, color=TEXT_COLOUR)
        axes.set_xlabel(x_label, color=TEXT_COLOUR)
        axes.set_ylabel(y_label, color=TEXT_COLOUR)
        axes.grid(color=GRID_COLOUR, linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
    return render_svg(figure)
