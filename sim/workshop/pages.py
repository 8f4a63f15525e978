"""The workshop's pages (工作坊页面): Jinja2 templates, autoescaped, and what they draw.

Every page is rendered on the server from the templates in ``sim/workshop/templates``
with autoescaping on, so a team name such as ``<script>`` reaches a page as text. The
scatter of the teams' strategies is inline SVG laid out here, and the QR code is inline
SVG made by ``segno`` on this machine: a page needs nothing from outside the server.

The scatter comes in two variants in every page, and the style sheet shows one: ``wide``
(every point named) on screens from 720 px, ``compact`` on phones — a smaller viewBox so
its text is drawn at 12 px or more, and names only for the Pareto front, the team's own
point and the community as it is. Names are placed so that they do not cover each other
or a point, also when two points coincide (a team that chose the community's own settings).
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2

from ..i18n import activity_label, format_diff, format_value, metric_label, param_label, t
from ..text import LEVER_HELP
from .events import event_line
from .rules import ARROWS, CARD_METRICS, DIRECTIONS, LEADERBOARD_METRICS, PREDICTED, SCATTER_METRICS, VALUE_KINDS

HTML_LANG = {"zh": "zh-CN", "en": "en"}


@dataclass(frozen=True)
class ScatterSize:
    """One variant of the strategies' scatter: its SVG box, margins, fonts and which points get names.

    Attributes:
        width, height: the viewBox, in SVG units.
        left, right, top, bottom: the margins around the plotting area.
        tick_font, label_font, title_font: font sizes, in SVG units.
        ticks: about how many ticks each axis gets.
        all_labels: whether every point is named (else only the Pareto front, the team's
            own point and the community as it is).
        label_em: the longest name, in em; a longer one is cut with "…".
    """

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    tick_font: int
    label_font: int
    title_font: int
    ticks: int
    all_labels: bool
    label_em: float


# The projector and laptops: every point named.
WIDE = ScatterSize(640, 360, 70, 20, 20, 50, 12, 12, 13, 5, True, 24.0)
# A phone: the card is about 335 CSS px wide on a 390-px screen, so a viewBox 320 units wide is
# drawn at about its own size and 12-unit text stays at least 12 px; there is room to name only
# the points a trainee compares with (the leaderboard above lists every team).
COMPACT = ScatterSize(320, 250, 48, 8, 14, 40, 12, 13, 13, 4, False, 8.0)
SCATTER_SIZES = {"wide": WIDE, "compact": COMPACT}
LABEL_GAP = 4  # SVG units between a point's circle and its name
# A name's box as a browser lays it out, in em of its font: the ascent above the baseline and the
# descent below (a CJK font such as Noto Sans CJK reaches about 1.16 up and 0.29 down); names a
# line apart sit a box and a little apart.
LABEL_ASCENT, LABEL_DESCENT = 1.2, 0.3
LABEL_LINE = LABEL_ASCENT + LABEL_DESCENT + 0.05
OWN_RING = 3  # SVG units the ring round the team's own point lies outside its circle


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


def text_em(text: str) -> float:
    """About how wide ``text`` is drawn, in em: a Chinese character is 1 em, a Latin one about 0.62."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.62 for ch in text)


def _cut(text: str, most_em: float) -> str:
    """``text``, cut with "…" so that it is at most ``most_em`` wide."""
    if text_em(text) <= most_em:
        return text
    out = ""
    for ch in text:
        if text_em(out + ch) + 1.0 > most_em:
            break
        out += ch
    return out + "…"


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label_box(x: float, baseline: float, width: float, font: float, anchor: str) -> tuple[float, float, float, float]:
    """The box a name takes as a browser lays it out: the font's ascent above the baseline, its descent below.

    (A box of the ink alone, one em up, lets two names a line apart touch on the screen.)
    """
    x0 = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return (x0, baseline - LABEL_ASCENT * font, x0 + width, baseline + LABEL_DESCENT * font)


def place_labels(
    points: list[dict[str, Any]], size: ScatterSize, frame: tuple[float, float, float, float]
) -> list[dict[str, Any] | None]:
    """Where each named point's name goes, so that no two names and no name and point overlap.

    Names are placed one by one, in the order given (the most important first): right or
    left of the point (level with it, then just below), above, below, then further up or
    down a line at a time — the first place that is free and inside ``frame`` (x0, y0, x1,
    y1). When nothing is free the first place is taken.

    Args:
        points: ``{px, py, reach, label}``: ``reach`` is how far the point's mark reaches from
            its centre (its ring included), ``label`` None for a point without a name.
        size: the scatter's variant (its label font).
        frame: the box names stay in.

    Returns:
        For each point, in order: ``{lx, ly, anchor, box}`` (None for a point without a name).
    """
    font = size.label_font
    taken = [(p["px"] - p["reach"], p["py"] - p["reach"], p["px"] + p["reach"], p["py"] + p["reach"]) for p in points]
    out: list[dict[str, Any] | None] = []
    for p in points:
        if p["label"] is None:
            out.append(None)
            continue
        width = text_em(p["label"]) * font
        x, y, gap = p["px"], p["py"], p["reach"] + LABEL_GAP
        places = [
            (x + gap, y - 2, "start"),  # right, a little above the centre line
            (x - gap, y - 2, "end"),
            (x + gap, y + 0.8 * font + 2, "start"),  # right, below
            (x - gap, y + 0.8 * font + 2, "end"),
            (x, y - gap - LABEL_DESCENT * font, "middle"),  # above
            (x, y + gap + LABEL_ASCENT * font, "middle"),  # below
        ]
        for step in range(1, 8):  # further away, a line at a time
            for dy in (step * LABEL_LINE * font, -step * LABEL_LINE * font):
                places += [(x + gap, y - 2 + dy, "start"), (x - gap, y - 2 + dy, "end")]
        chosen = None
        for lx, ly, anchor in places:
            box = _label_box(lx, ly, width, font, anchor)
            inside = frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]
            if inside and not any(_overlaps(box, other) for other in taken):
                chosen = (lx, ly, anchor, box)
                break
        if chosen is None:
            lx, ly, anchor = places[0]
            chosen = (lx, ly, anchor, _label_box(lx, ly, width, font, anchor))
        taken.append(chosen[3])
        lx, ly, anchor, box = chosen
        out.append({"lx": round(lx, 1), "ly": round(ly, 1), "anchor": anchor, "box": tuple(round(v, 1) for v in box)})
    return out


def scatter_layout(
    points: list[dict[str, Any]],
    metric: str,
    size: ScatterSize = WIDE,
    own: str | None = None,
    community: str = "",
) -> dict[str, Any] | None:
    """Where each strategy sits in the scatter's SVG, its name, the Pareto front's line and the axes' ticks.

    Args:
        points: the scatter's points (``results.scatter``).
        metric: the vertical axis's metric.
        size: the variant (``WIDE`` or ``COMPACT``).
        own: the name of the team whose page this is: its point is ringed and always named.
        community: the name the community as it is goes by on the page.

    Returns:
        None when no point has both values; else ``{points, front, xticks, yticks, …}``
        with positions in SVG units; each point has ``label`` (None when it goes unnamed),
        ``own`` and, when named, ``lx``, ``ly``, ``anchor`` and ``box``; ``named_all`` says
        whether every point is named and ``has_own`` whether the team's own point is there.
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
    right, bottom = size.width - size.right, size.height - size.bottom

    def px(x: float) -> float:
        return size.left + (x - x0) / (x1 - x0) * (right - size.left)

    def py(y: float) -> float:
        return bottom - (y - y0) / (y1 - y0) * (bottom - size.top)

    placed = []
    for p in pts:
        mine = own is not None and p["team"] == own
        named = size.all_labels or mine or p["front"] or p["team"] is None
        name = community if p["team"] is None else p["team"]
        r = 7 if p["front"] else 5
        placed.append(
            {
                **p,
                "px": round(px(p["x"]), 1),
                "py": round(py(p["y"]), 1),
                "r": r,
                "reach": r + OWN_RING + 1 if mine else r,
                "own": mine,
                "label": _cut(name, size.label_em) if named else None,
            }
        )
    # the community is drawn first and a team's own point last, so neither hides the other's ring;
    # names are placed in the order of importance: own, community, front, the rest
    placed.sort(key=lambda p: (p["team"] is not None, p["own"]))
    order = sorted(placed, key=lambda p: (not p["own"], p["team"] is not None, not p["front"], p["px"]))
    frame = (size.left + 2, 2, size.width - 2, bottom - 2)
    for p, where in zip(order, place_labels(order, size, frame), strict=True):
        if where is not None:
            p.update(where)
    front = sorted((p for p in placed if p["front"]), key=lambda p: p["px"])
    return {
        "width": size.width,
        "height": size.height,
        "left": size.left,
        "bottom": bottom,
        "right": right,
        "top": size.top,
        "tick_font": size.tick_font,
        "label_font": size.label_font,
        "title_font": size.title_font,
        "own_ring": OWN_RING,
        "points": placed,
        "named_all": all(p["label"] is not None for p in placed),
        "has_own": any(p["own"] for p in placed),
        "front": " ".join(f"{p['px']},{p['py']}" for p in front),
        "xticks": [(round(px(v), 1), f"{v:,.0f}") for v in _ticks(x0, x1, size.ticks)],
        "yticks": [(round(py(v), 1), format_value(metric, v)) for v in _ticks(y0, y1, size.ticks)],
    }


def scatter_plots(
    standings: dict[str, Any] | None, lang: str, own: str | None = None
) -> dict[str, dict[str, Any] | None] | None:
    """Both variants of a round's scatter (``{"wide", "compact"}``), or None without standings or points."""
    if not standings:
        return None
    community = t("workshop.community", lang)
    plots = {
        name: scatter_layout(standings["scatter"], standings["y"], size, own=own, community=community)
        for name, size in SCATTER_SIZES.items()
    }
    return plots if plots["wide"] is not None else None
