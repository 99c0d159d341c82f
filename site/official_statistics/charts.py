"""The chart of an official measure over time: plain data in, SVG text out (cached by the
caller).

Each line has its own marker and line style as well as its colour, and the legend names
them, so no line is told apart by colour alone. matplotlib is imported inside the function.
"""

from __future__ import annotations

import datetime
import math

from core.charts import GRID_COLOUR, SERIES_COLOURS, TEXT_COLOUR, chart_style, render_svg

LINE_STYLES = [
    {"color": SERIES_COLOURS[0], "marker": "o", "linestyle": "-", "linewidth": 2.5},
    {"color": "#000000", "marker": "s", "linestyle": "--", "linewidth": 1.5},
    {"color": SERIES_COLOURS[1], "marker": "^", "linestyle": "-.", "linewidth": 1.5},
    {"color": SERIES_COLOURS[2], "marker": "D", "linestyle": ":", "linewidth": 2},
]


def year_position(day: datetime.date) -> float:
    """A date on the axis of reporting years, where the year Y sits at 31 March of Y."""
    return day.year + (day - datetime.date(day.year, 3, 31)).days / 365.25


def trend_chart_svg(
    *,
    title: str,
    unit: str,
    years: list[int],
    series: list[dict],
    go_live: datetime.date | None,
) -> str:
    """One line per series (``{"label", "values"}``, None where there is no figure) by year.

    A gap in a series is left as a gap, never joined across. A dashed vertical line marks
    the go-live date, labelled, when there is one.
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with chart_style():
        figure = Figure(figsize=(8, 4.2), layout="constrained")
        axes = figure.add_subplot()
        for style, line in zip(LINE_STYLES, series, strict=False):
            values = [math.nan if value is None else value for value in line["values"]]
            axes.plot(years, values, label=line["label"], markersize=6, **style)
        if go_live is not None:
            position = year_position(go_live)
            axes.axvline(position, color=TEXT_COLOUR, linestyle="--", linewidth=1.2)
            axes.text(
                position,
                1.0,
                f" Went live {go_live:%b %Y}",
                transform=axes.get_xaxis_transform(),
                ha="left",
                va="bottom",
                fontsize=9,
                color=TEXT_COLOUR,
            )
        axes.set_title(title, loc="left", fontsize=12, color=TEXT_COLOUR, pad=18)
        axes.set_ylabel(unit, color=TEXT_COLOUR)
        axes.set_xlabel("Year as published", color=TEXT_COLOUR)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2, frameon=False)
    return render_svg(figure)
