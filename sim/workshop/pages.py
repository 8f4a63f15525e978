"""The workshop's pages (工作坊页面): Jinja2 templates, autoescaped, and what they draw.

Every page is rendered on the server from the templates in ``sim/workshop/templates``
with autoescaping on, so a team name such as ``<script>`` reaches a page as text. The
scatter of the teams' strategies is inline SVG laid out here, and the QR code is inline
SVG made by ``segno`` on this machine: a page needs nothing from outside the server.
"""

from __future__ import annotations

import functools
import math
from importlib import resources
from typing import Any

import jinja2

from ..i18n import activity_label, format_diff, format_value, metric_label, param_label, t
from ..text import LEVER_HELP
from .events import event_line
from .rules import ARROWS, CARD_METRICS, DIRECTIONS, LEADERBOARD_METRICS, PREDICTED, SCATTER_METRICS, VALUE_KINDS

HTML_LANG = {"zh": "zh-CN", "en": "en"}
# The scatter's drawing area, in SVG units.
PLOT_W, PLOT_H, PAD_L, PAD_R, PAD_T, PAD_B = 640, 360, 70, 20, 20, 50


@functools.cache
def environment() -> jinja2.Environment:
    """The templates, autoescaped, with the helpers they call."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sim.workshop", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        arrows=ARROWS,
        directions=DIRECTIONS,
        predicted=PREDICTED,
        card_metrics=CARD_METRICS,
        leaderboard_metrics=LEADERBOARD_METRICS,
        scatter_metrics=SCATTER_METRICS,
        fmt=format_value,
        metric_label=metric_label,
        param_label=param_label,
        activity_label=activity_label,
        value_label=value_label,
        lever_help=lambda lever, lang: LEVER_HELP.get(lever, ("", ""))[0 if lang == "zh" else 1],
        diff=format_diff,
        hours=lambda h: f"{h:,.0f}",
        event_line=event_line,
        number=lambda v: f"{v:g}",
    )
    return env


def css() -> str:
    """The pages' style sheet (inlined in the exported report)."""
    return (resources.files("sim.workshop") / "static" / "workshop.css").read_text(encoding="utf-8")


def page_html(template: str, lang: str, **values: Any) -> str:
    """A page or fragment in ``lang``; ``tr(key, **values)`` in the template says a text in that language."""

    def tr(key: str, **fill: Any) -> str:
        return t(key, lang, **fill)

    return environment().get_template(template).render(lang=lang, html_lang=HTML_LANG[lang], tr=tr, **values)


def value_label(lever: str, value: Any, lang: str) -> str:
    """How a lever's value reads on the page ("every 60 working days", "on", "30%")."""
    kind = VALUE_KINDS.get(lever, "plain")
    if kind == "bool":
        return t("workshop.value.on" if value else "workshop.value.off", lang)
    if kind == "choice":
        return t(f"choice.{lever}.{value}", lang)
    if kind == "interval":
        return t("workshop.value.none", lang) if not value else t("workshop.value.every_days", lang, days=value)
    if kind == "share":
        return f"{value * 100:.0f}%"
    if kind == "minutes":
        return t("workshop.value.minutes", lang, minutes=value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (made here, by ``segno``)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff")


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering lo…hi."""
    span = hi - lo
    step = 10 ** math.floor(math.log10(span / n)) if span > 0 else 1.0
    for mult in (1, 2, 5, 10):
        if span / (step * mult) <= n:
            step *= mult
            break
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]


def scatter_layout(points: list[dict[str, Any]], metric: str) -> dict[str, Any] | None:
    """Where each strategy sits in the scatter's SVG, the Pareto front's line and the axes' ticks.

    Returns:
        None when no point has both values; else ``{points, front, xticks, yticks, …}``
        with positions in SVG units.
    """
    pts = [p for p in points if p["x"] is not None and p["y"] is not None]
    if not pts:
        return None
    xs, ys = [p["x"] for p in pts], [p["y"] for p in pts]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    xpad = (x1 - x0) * 0.08 or max(1.0, abs(x0) * 0.05)
    ypad = (y1 - y0) * 0.08 or 0.02
    x0, x1, y0, y1 = x0 - xpad, x1 + xpad, y0 - ypad, y1 + ypad
    if metric.endswith("_rate"):
        y0, y1 = max(0.0, y0), min(1.0, y1)

    def px(x: float) -> float:
        return PAD_L + (x - x0) / (x1 - x0) * (PLOT_W - PAD_L - PAD_R)

    def py(y: float) -> float:
        return PLOT_H - PAD_B - (y - y0) / (y1 - y0) * (PLOT_H - PAD_T - PAD_B)

    placed = [{**p, "px": round(px(p["x"]), 1), "py": round(py(p["y"]), 1)} for p in pts]
    front = sorted((p for p in placed if p["front"]), key=lambda p: p["px"])
    return {
        "width": PLOT_W,
        "height": PLOT_H,
        "left": PAD_L,
        "bottom": PLOT_H - PAD_B,
        "right": PLOT_W - PAD_R,
        "top": PAD_T,
        "points": placed,
        "front": " ".join(f"{p['px']},{p['py']}" for p in front),
        "xticks": [(round(px(v), 1), f"{v:,.0f}") for v in _ticks(x0, x1)],
        "yticks": [(round(py(v), 1), format_value(metric, v)) for v in _ticks(y0, y1)],
    }
