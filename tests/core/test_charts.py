from django.core.cache import cache

from core.charts import cached_svg, chart_cache_key, chart_style, render_svg


def _figure(label: str = "Leadership and culture"):
    from matplotlib.figure import Figure

    with chart_style():
        figure = Figure(figsize=(4, 3))
        axes = figure.add_subplot()
        axes.plot([0, 1, 2], [10, 50, 30], label=label)
        axes.set_title("Scores $ by round")
        axes.legend()
    return figure


def test_render_svg_gives_svg_text():
    svg = render_svg(_figure())

    assert svg.startswith("<?xml")
    assert "<svg" in svg
    assert "<dc:date>" not in svg


def test_render_svg_is_deterministic():
    assert render_svg(_figure()) == render_svg(_figure())


def test_render_svg_keeps_text_as_text():
    svg = render_svg(_figure(label="Group supervision"))

    assert "Group supervision" in svg
    assert "'Arial'" in svg
    # A dollar sign is printed, not read as the start of mathtext.
    assert "Scores $ by round" in svg


def test_cached_svg_renders_once_per_distinct_input():
    calls = []

    def render():
        calls.append(1)
        return f"<svg>{len(calls)}</svg>"

    first = cached_svg(kind="radar", data={"scores": [1, 2]}, render=render)
    again = cached_svg(kind="radar", data={"scores": [1, 2]}, render=render)
    other = cached_svg(kind="radar", data={"scores": [2, 1]}, render=render)

    assert first == again == "<svg>1</svg>"
    assert other == "<svg>2</svg>"
    assert len(calls) == 2


def test_cached_svg_uses_the_configured_timeout(settings, monkeypatch):
    settings.CHART_CACHE_SECONDS = 60
    timeouts = []
    monkeypatch.setattr(cache, "set", lambda key, value, timeout: timeouts.append(timeout))

    cached_svg(kind="radar", data=[1], render=lambda: "<svg/>")
    cached_svg(kind="radar", data=[2], render=lambda: "<svg/>", timeout=5)

    assert timeouts == [60, 5]


def test_cached_svg_defaults_to_a_week(settings, monkeypatch):
    del settings.CHART_CACHE_SECONDS
    timeouts = []
    monkeypatch.setattr(cache, "set", lambda key, value, timeout: timeouts.append(timeout))

    cached_svg(kind="radar", data=[1], render=lambda: "<svg/>")

    assert timeouts == [7 * 24 * 60 * 60]


def test_chart_cache_key_depends_on_kind_and_data_only():
    data = {"labels": ["a", "b"], "scores": [1.5, None]}

    assert chart_cache_key("radar", data) == chart_cache_key("radar", dict(reversed(data.items())))
    assert chart_cache_key("radar", data) != chart_cache_key("progress", data)
    assert chart_cache_key("radar", data) != chart_cache_key("radar", {**data, "scores": [1.5, 0]})
    assert chart_cache_key("radar", data).startswith("chart:radar:")
