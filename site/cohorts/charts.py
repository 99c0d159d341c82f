"""Charts of milestone plans and cohorts: plain data in, SVG text out.

Like fidelity.charts, these functions know nothing of models, requests or the cache: the
callers build the data (from selectors) and decide what to cache (core.charts.cached_svg).
Every chart is drawn so that colour is never the only way to tell things apart: markers,
line styles and labels carry the same meaning. matplotlib is imported inside the functions.
"""

from __future__ import annotations

import datetime
import math

from core.charts import (
    COUNCIL_COLOUR,
    GRID_COLOUR,
    LATE_COLOUR,
    NO_SCORE_COLOUR,
    REFERENCE_COLOUR,
    SCORE_TICKS,
    SERIES_COLOURS,
    SERIES_MARKERS,
    TEXT_COLOUR,
    WHITE,
    chart_style,
    one_decimal,
    render_svg,
    wrap_label,
)

NO_VALUE = "–"
HEATMAP_MAP = "Blues"  # sequential, and readable without colour vision


def milestone_timeline_svg(
    *,
    milestones: list[str],
    targets: list[datetime.date | None],
    actuals: list[datetime.date | None],
    late: list[bool],
    today: datetime.date,
) -> str:
    """One row per milestone, first at the top: target (hollow) against actual (filled).

    A line joins target and actual when both are known. A late milestone is drawn in red with
    a diamond instead of a circle, its overdue time from target to today is dotted, and its
    label ends "(late)", so lateness never rests on colour alone. A dashed line marks today.
    """
    _same_length(milestones=milestones, targets=targets, actuals=actuals, late=late)

    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    count = len(milestones)
    known = [d for d in (*targets, *actuals) if d is not None]
    start, end = min([*known, today]), max([*known, today])
    margin = datetime.timedelta(days=max(14, (end - start).days // 20))

    with chart_style():
        figure = Figure(figsize=(9, 1.6 + 0.42 * max(count, 1)), layout="constrained")
        axes = figure.add_subplot()
        for row, (target, actual, is_late) in enumerate(zip(targets, actuals, late, strict=True)):
            colour = LATE_COLOUR if is_late else COUNCIL_COLOUR
            marker = "D" if is_late else "o"
            if target is not None and actual is not None:
                axes.plot(
                    [date2num(target), date2num(actual)],
                    [row, row],
                    color=colour,
                    linewidth=2,
                    solid_capstyle="butt",
                )
            if is_late and target is not None and actual is None and target < today:
                axes.plot(
                    [date2num(target), date2num(today)],
                    [row, row],
                    color=LATE_COLOUR,
                    linewidth=1.5,
                    linestyle=":",
                )
            if target is not None:
                axes.plot(
                    date2num(target),
                    row,
                    linestyle="none",
                    marker=marker,
                    markersize=9,
                    markerfacecolor=WHITE,
                    markeredgecolor=colour,
                    markeredgewidth=2,
                    zorder=3,
                )
            if actual is not None:
                axes.plot(
                    date2num(actual),
                    row,
                    linestyle="none",
                    marker=marker,
                    markersize=8,
                    color=colour,
                    zorder=4,
                )

        axes.axvline(date2num(today), color=TEXT_COLOUR, linestyle="--", linewidth=1.2)
        axes.text(
            date2num(today),
            1.0,
            " Today",
            transform=axes.get_xaxis_transform(),
            ha="left",
            va="bottom",
            fontsize=9,
            color=TEXT_COLOUR,
        )

        axes.set_ylim(max(count, 1) - 0.5, -0.5)  # inverted: the first milestone at the top
        axes.set_yticks(
            list(range(count)),
            [
                wrap_label(label + (" (late)" if is_late else ""), 44)
                for label, is_late in zip(milestones, late, strict=True)
            ],
        )
        for tick, is_late in zip(axes.get_yticklabels(), late, strict=True):
            tick.set_color(LATE_COLOUR if is_late else TEXT_COLOUR)
        axes.set_xlim(date2num(start - margin), date2num(end + margin))
        locator = AutoDateLocator(minticks=3, maxticks=8)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        axes.tick_params(colors=TEXT_COLOUR, labelsize=9)
        axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)

        legend = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=9,
                markerfacecolor=WHITE,
                markeredgecolor=COUNCIL_COLOUR,
                markeredgewidth=2,
                label="Target date",
            ),
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=8,
                color=COUNCIL_COLOUR,
                label="Actual date",
            ),
            Line2D(
                [],
                [],
                color=LATE_COLOUR,
                linestyle=":",
                marker="D",
                markersize=8,
                markerfacecolor=WHITE,
                markeredgecolor=LATE_COLOUR,
                markeredgewidth=2,
                label="Late: target passed, not done",
            ),
            Line2D([], [], color=TEXT_COLOUR, linestyle="--", label="Today"),
        ]
        figure.legend(
            handles=legend,
            loc="outside lower center",
            ncols=2,
            frameon=False,
            fontsize=9,
            labelcolor=TEXT_COLOUR,
        )
        return render_svg(figure)


def cohort_heatmap_svg(
    *, councils: list[str], domains: list[str], scores: list[list[float | None]]
) -> str:
    """Councils (rows) by domains (columns), each cell shaded by its 0-100 score and labelled.

    A None score (nothing scored) is a light grey cell labelled "–". Each label is dark or
    white, whichever reads better on its cell.
    """
    if len(scores) != len(councils) or any(len(row) != len(domains) for row in scores):
        raise ValueError("scores must have one row per council and one value per domain")

    import numpy
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    colour_map = colormaps[HEATMAP_MAP].with_extremes(bad=NO_SCORE_COLOUR)
    scale = Normalize(vmin=0, vmax=100)
    values = numpy.ma.masked_invalid(
        numpy.array(
            [[math.nan if score is None else score for score in row] for row in scores],
            dtype=float,
        ).reshape(len(councils), len(domains))
    )

    with chart_style():
        width = 3.2 + 1.15 * max(len(domains), 1)
        height = 1.8 + 0.42 * max(len(councils), 1)
        figure = Figure(figsize=(width, height), layout="constrained")
        axes = figure.add_subplot()
        if not councils or not domains:
            _nothing_to_show(axes, "No councils or domains to show")
            return render_svg(figure)

        image = axes.imshow(values, cmap=colour_map, norm=scale, aspect="auto")
        for row, row_scores in enumerate(scores):
            for column, score in enumerate(row_scores):
                colour = TEXT_COLOUR if score is None else _label_colour(colour_map(scale(score)))
                axes.text(
                    column,
                    row,
                    NO_VALUE if score is None else one_decimal(score),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color=colour,
                )
        axes.set_xticks(list(range(len(domains))), [wrap_label(d, 14) for d in domains])
        axes.set_yticks(list(range(len(councils))), [wrap_label(c, 28) for c in councils])
        axes.xaxis.tick_top()
        axes.tick_params(colors=TEXT_COLOUR, labelsize=9, length=0)
        # White gaps between cells.
        axes.set_xticks([x - 0.5 for x in range(1, len(domains))], minor=True)
        axes.set_yticks([y - 0.5 for y in range(1, len(councils))], minor=True)
        axes.grid(which="minor", color=WHITE, linewidth=2)
        axes.tick_params(which="minor", length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)

        colour_bar = figure.colorbar(image, ax=axes, ticks=SCORE_TICKS, shrink=0.9)
        colour_bar.set_label("Domain score out of 100", color=TEXT_COLOUR, fontsize=9)
        colour_bar.ax.tick_params(colors=TEXT_COLOUR, labelsize=8)
        colour_bar.outline.set_visible(False)
        return render_svg(figure)


def cohort_rounds_svg(
    *,
    rounds: list[str],
    series: dict[str, list[float | None]],
    reference: float | None,
    median: list[float | None],
    reference_name: str = "Model standard",
) -> str:
    """The overall score per round: one line per council, the cohort median, the reference.

    Councils differ by marker as well as colour. The median is a thick dashed line and the
    reference a dotted horizontal line. A None score is a gap in its line.
    """
    _same_length(rounds=rounds, median=median, **series)

    from matplotlib.figure import Figure

    positions = list(range(len(rounds)))
    with chart_style():
        figure = Figure(figsize=(9, 5 + 0.12 * len(series)), layout="constrained")
        axes = figure.add_subplot()
        for number, (council, values) in enumerate(series.items()):
            axes.plot(
                positions,
                _gaps(values),
                color=SERIES_COLOURS[number % len(SERIES_COLOURS)],
                marker=SERIES_MARKERS[number % len(SERIES_MARKERS)],
                markersize=6,
                linewidth=1.5,
                label=council,
            )
        axes.plot(
            positions,
            _gaps(median),
            color=TEXT_COLOUR,
            linestyle="--",
            linewidth=3.5,
            label="Cohort median",
        )
        if reference is not None:
            axes.axhline(
                reference,
                color=REFERENCE_COLOUR,
                linestyle=":",
                linewidth=2,
                label=f"{reference_name} reference ({one_decimal(reference)})",
            )

        axes.set_xticks(positions, [wrap_label(label, 14) for label in rounds])
        axes.set_xlim(-0.5, max(len(rounds) - 0.5, 0.5))
        axes.set_ylim(0, 102)
        axes.set_yticks(SCORE_TICKS)
        axes.set_ylabel("Overall fidelity score", color=TEXT_COLOUR)
        axes.tick_params(colors=TEXT_COLOUR, labelsize=9)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)

        figure.legend(
            loc="outside lower center",
            ncols=min(4, len(series) + 2),
            frameon=False,
            fontsize=9,
            labelcolor=TEXT_COLOUR,
        )
        return render_svg(figure)


def milestones_over_time_svg(
    *, dates: list[datetime.date], series: dict[str, list[int]], total: int
) -> str:
    """Milestones done by each date, one step line per council, on a 0 to ``total`` axis.

    ``dates`` are in order; each council's list gives its count of milestones done by each date.
    """
    _same_length(dates=dates, **series)
    if total < 0:
        raise ValueError("total must be 0 or more")

    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with chart_style():
        figure = Figure(figsize=(9, 5 + 0.12 * len(series)), layout="constrained")
        axes = figure.add_subplot()
        if not dates:
            _nothing_to_show(axes, "No milestones done yet")
            return render_svg(figure)

        positions = [date2num(day) for day in dates]
        for number, (council, counts) in enumerate(series.items()):
            axes.step(
                positions,
                counts,
                where="post",
                color=SERIES_COLOURS[number % len(SERIES_COLOURS)],
                marker=SERIES_MARKERS[number % len(SERIES_MARKERS)],
                markersize=5,
                linewidth=1.5,
                label=council,
                clip_on=False,  # a council with everything done sits on the top edge
            )

        axes.set_ylim(0, max(total, 1))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(f"Milestones done (of {total})", color=TEXT_COLOUR)
        if len(set(positions)) > 1:
            axes.set_xlim(min(positions), max(positions))
        else:
            axes.set_xlim(positions[0] - 15, positions[0] + 15)
        locator = AutoDateLocator(minticks=3, maxticks=8)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        axes.tick_params(colors=TEXT_COLOUR, labelsize=9)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)

        if series:
            figure.legend(
                loc="outside lower center",
                ncols=min(4, len(series)),
                frameon=False,
                fontsize=9,
                labelcolor=TEXT_COLOUR,
            )
        return render_svg(figure)


def _same_length(**lists) -> None:
    lengths = {name: len(values) for name, values in lists.items()}
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"{name} has {length}" for name, length in lengths.items())
        raise ValueError(f"every list must be the same length ({detail})")


def _nothing_to_show(axes, message: str) -> None:
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color=TEXT_COLOUR)


def _gaps(values: list[float | None]) -> list[float]:
    """NaN for None, which matplotlib leaves as a gap rather than drawing a slope through it."""
    return [math.nan if value is None else value for value in values]


def _label_colour(background) -> str:
    """Dark text or white, whichever has the higher WCAG contrast with the background."""
    shade = _luminance(background)
    on_dark_text = (shade + 0.05) / (_luminance(_rgb(TEXT_COLOUR)) + 0.05)
    on_white = 1.05 / (shade + 0.05)
    return TEXT_COLOUR if on_dark_text >= on_white else WHITE


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def _luminance(rgba) -> float:
    """Relative luminance (WCAG) of an RGB(A) colour with channels from 0 to 1."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgba[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
