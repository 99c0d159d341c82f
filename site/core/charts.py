"""Server-side charts: the palette, matplotlib figures rendered to SVG text, cached by their
input data.

Only matplotlib's object API is used (never pyplot), so no GUI backend or global figure
registry is involved. matplotlib is imported inside the functions: it is slow to import
and most requests never draw a chart.
"""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp

from core.numbers import round_half_up

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# GOV.UK Design System colours.
TEXT_COLOUR = "#0b0c0c"
COUNCIL_COLOUR = "#1d70b8"  # blue
REFERENCE_COLOUR = "#505a5f"  # dark grey
GRID_COLOUR = "#b1b4b6"  # mid grey
LATE_COLOUR = "#d4351c"  # red
NO_SCORE_COLOUR = "#f3f2f1"  # light grey
WHITE = "#ffffff"
# Okabe and Ito's palette, which stays distinct for the common colour-vision deficiencies
# (yellow left out: too pale on white). Seven colours against ten markers: as 7 and 10 share
# no factor, the first seventy series each get a different pair.
SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]
SERIES_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">", "h"]
SCORE_TICKS = [0, 25, 50, 75, 100]  # a fidelity score's axis, 0 to 100

DEFAULT_CACHE_SECONDS = 7 * 24 * 60 * 60

RC_PARAMS = {
    # Text stays <text> (selectable, searchable, styled by the browser's fonts).
    "svg.fonttype": "none",
    # Fixed salt: element ids are hashes, so equal input gives byte-identical SVG.
    "svg.hashsalt": "family-safeguarding-charts",
    # Through the generic family, so hosts without Arial lay text out in DejaVu Sans
    # without a "font not found" warning per text, and the SVG still asks for Arial first.
    "font.family": ["sans-serif"],
    "font.sans-serif": ["Arial", "Helvetica", "DejaVu Sans"],
    # Labels are content, not TeX: a "$" in a title must not start mathtext.
    "text.parse_math": False,
}

# rcParams are process-global, so building and rendering a figure hold this lock. It is
# re-entrant so that a chart function can hold it while it builds and then renders.
_rc_lock = threading.RLock()


@contextmanager
def chart_style() -> Iterator[None]:
    """Apply the chart rcParams. Build figures inside it: artists read rcParams when made."""
    import matplotlib

    with _rc_lock, matplotlib.rc_context(RC_PARAMS):
        yield


def wrap_label(text: str, width: int) -> str:
    """A label broken into lines of at most ``width`` characters, words kept whole."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def one_decimal(value: float) -> str:
    """A chart label to one decimal, rounded as every figure is (core.numbers)."""
    return str(round_half_up(value, 1))


def render_svg(figure: Figure) -> str:
    """The figure as SVG text, with no creation date so that output is deterministic."""
    buffer = io.StringIO()
    with chart_style():
        # A tight bounding box keeps long labels that layout could not fit (a polar
        # axes is kept circular, so constrained layout cannot widen it) inside the image.
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def chart_cache_key(kind: str, data) -> str:
    """A cache key that depends only on the kind of chart and its input data."""
    payload = json.dumps(data, sort_keys=True, default=str)
    digest = hashlib.sha256(f"{kind}\n{payload}".encode()).hexdigest()
    return f"chart:{kind}:{digest}"


def cached_svg(*, kind: str, data, render: Callable[[], str], timeout: int | None = None) -> str:
    """The SVG for this input from the default cache, rendering (and storing) it on a miss.

    `timeout` defaults to settings.CHART_CACHE_SECONDS, else seven days.
    """
    key = chart_cache_key(kind, data)
    svg = cache.get(key)
    if svg is None:
        svg = render()
        if timeout is None:
            timeout = getattr(settings, "CHART_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)
        cache.set(key, svg, timeout)
    return svg


# matplotlib's SVG styles its shapes inline; a chart document may do nothing else.
svg_chart_policy = csp({"default-src": [NONE], "style-src": [UNSAFE_INLINE], "img-src": ["data:"]})


def svg_response(svg: str) -> HttpResponse:
    """A chart for an <img>, never kept by a shared cache. A public chart (official statistics)
    is kept by an anonymous visitor's browser for an hour; core.middleware makes anything sent
    to a signed-in person, such as a chart of council data, no-store."""
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response
