"""What every panel shares: the language switch, drawing figures into outputs, debouncing, style.

A panel is a plain object holding an ipywidgets layout in ``panel.widget``. A notebook
cell that ends with a panel shows it (``_ipython_display_``); ``panel.display()`` does
the same from inside other code.
"""

from __future__ import annotations

import asyncio
import base64
import html
import io
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

from ..i18n import check_lang, t

# Resolution of the plots: sharp enough for a projector, small enough to draw in a fraction of a second.
DPI = 80
DPI_BIG = 96

CSS = """
.kit-panel { font-size: 15px; line-height: 1.4; --jp-widgets-font-size: 15px; --jp-widgets-inline-height: 32px; }
.kit-panel .widget-label, .kit-panel .widget-readout, .kit-panel .widget-button,
.kit-panel .widget-toggle-button, .kit-panel select, .kit-panel input,
.kit-panel .widget-html-content, .kit-panel .lm-TabBar-tabLabel { font-size: 15px; }
.kit-panel .kit-title h2 { margin: 4px 0 2px 0; font-size: 24px; }
.kit-panel .kit-title p { margin: 0 0 6px 0; color: #444; }
.kit-panel h3.kit-heading { margin: 14px 0 4px 0; font-size: 17px; border-bottom: 2px solid #ddd; }
.kit-panel .kit-help .widget-html-content { color: #555; font-size: 13px; line-height: 1.45;
  white-space: normal; margin: 0 0 10px 6px; }
.kit-panel .widget-inline-hbox, .kit-panel .jupyter-widget-inline-hbox { height: auto; align-items: center; }
.kit-panel .widget-inline-hbox .widget-label, .kit-panel .jupyter-widget-inline-hbox .jupyter-widget-label {
  height: auto; min-height: var(--jp-widgets-inline-height); line-height: 1.3; white-space: normal;
  overflow: visible; text-overflow: clip; text-align: left; display: flex; align-items: center; }
.kit-panel .widget-toggle-button, .kit-panel .widget-button { height: auto; min-height: 36px;
  white-space: normal; line-height: 1.3; padding: 4px 10px; }
.kit-panel .kit-stack { flex-direction: column; align-items: stretch; }
.kit-panel .kit-stack > .widget-label, .kit-panel .kit-stack > .jupyter-widget-label { width: auto; max-width: none; }
.kit-panel .kit-stack > select { width: 100%; flex: 1 1 auto; }
.kit-panel .kit-toggle { text-align: left; margin: 3px 0; }
.kit-panel .jupyter-widget-tab > .lm-TabBar .lm-TabBar-tab { flex: 0 0 auto; max-width: none; }
.kit-panel .kit-status .widget-html-content { color: #333; font-size: 14px; }
.kit-panel .kit-error { color: #b00020; font-weight: bold; }
.kit-panel table.kit-table { border-collapse: collapse; margin: 6px 0; }
.kit-panel table.kit-table th, .kit-panel table.kit-table td { padding: 4px 12px; border-bottom: 1px solid #e3e3e3;
  text-align: right; vertical-align: top; }
.kit-panel table.kit-table th:first-child, .kit-panel table.kit-table td:first-child { text-align: left; }
.kit-panel table.kit-table .kit-better { color: #1a7f37; font-weight: bold; white-space: nowrap; }
.kit-panel table.kit-table .kit-worse { color: #b00020; font-weight: bold; white-space: nowrap; }
.kit-panel table.kit-table .kit-small { font-size: 12px; color: #555; }
.kit-panel .kit-note { font-size: 13px; color: #555; }
.kit-panel .kit-warning .widget-html-content { white-space: normal; }
.kit-panel .kit-warning p { margin: 4px 0; padding: 6px 10px; color: #8a1c00; background: #fff1e6;
  border-left: 4px solid #d9480f; font-weight: bold; }
.kit-panel table.kit-table th.kit-group { text-align: center; border-bottom: 2px solid #bbb; }
.kit-panel table.kit-table tr.kit-section td { font-weight: bold; text-align: left; background: #f6f6f6; }
.kit-panel table.kit-table tr.kit-assessed td:first-child { padding-left: 24px; }
.kit-panel .jp-OutputArea-output img { max-width: 100%; height: auto; }
.kit-big.kit-panel { font-size: 19px; --jp-widgets-font-size: 19px; --jp-widgets-inline-height: 38px; }
.kit-big .widget-label, .kit-big .widget-readout, .kit-big .widget-button, .kit-big .widget-toggle-button,
.kit-big select, .kit-big input, .kit-big .widget-html-content, .kit-big .lm-TabBar-tabLabel { font-size: 19px; }
.kit-big .kit-title h2 { font-size: 32px; }
.kit-big h3.kit-heading { font-size: 22px; }
.kit-big .kit-help .widget-html-content { font-size: 16px; }
.kit-big .kit-status .widget-html-content { font-size: 17px; }
.kit-big table.kit-table .kit-small, .kit-big .kit-note { font-size: 15px; }
.kit-big .kit-warning p { font-size: 19px; }
"""


def style_widget() -> widgets.HTML:
    """Return an HTML widget carrying the panels' CSS (large, readable controls)."""
    return widgets.HTML(f"<style>{CSS}</style>", layout=widgets.Layout(height="0px", margin="0"))


def figure_output(fig: Figure, dpi: int = DPI) -> dict[str, Any]:
    """Render a figure to PNG and return it as a Jupyter ``display_data`` output; close the figure.

    Args:
        fig: a matplotlib figure (``sim.viz`` builds them without pyplot).
        dpi: resolution of the PNG.

    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    title = fig.texts[0].get_text() if fig.texts else ""
    if not title and fig.axes:
        title = fig.axes[0].get_title()
    close_figure(fig)
    return {
        "output_type": "display_data",
        "data": {"image/png": base64.b64encode(buf.getvalue()).decode("ascii"), "text/plain": f"<figure: {title}>"},
        "metadata": {},
    }


def show_figure(fig: Figure, dpi: int = DPI) -> None:
    """Show a ``sim.viz`` figure in the notebook as a PNG and close it (nothing piles up in memory).

    Args:
        fig: a matplotlib figure.
        dpi: resolution of the PNG.

    """
    from IPython.display import display

    output = figure_output(fig, dpi)
    display(output["data"], raw=True)


def close_figure(fig: Figure) -> None:
    """Release a figure, whether or not pyplot knows it."""
    from matplotlib import pyplot as plt

    plt.close(fig)
    fig.clear()


def label_bars(fig) -> None:
    """Write each bar's total at its end (hours on the "where the hours go" bars).

    A stacked bar is several containers on one axis; the last container's bars end where the
    stack ends, so its labels carry the totals of the whole stack.
    """
    for ax in fig.axes:
        bars = [c for c in ax.containers if isinstance(c, BarContainer)]
        if not bars:
            continue
        totals = [sum(abs(c.patches[i].get_width()) for c in bars) for i in range(len(bars[-1].patches))]
        ax.bar_label(bars[-1], labels=[f"{v:,.0f}" for v in totals], padding=4, fontsize=11)
        ax.margins(x=0.12)  # room for the label of the longest bar


class Debouncer:
    """Call a function once a burst of calls has stopped for ``wait`` seconds.

    Inside a running event loop (a Jupyter kernel, Voilà) the call is delayed with
    ``loop.call_later``; without one (a script, a test) it happens at once.

    Args:
        wait: seconds of quiet before the call.
        fn: the function to call (no arguments).

    """

    def __init__(self, wait: float, fn: Callable[[], None]):
        self.wait = wait
        self.fn = fn
        self._handle: asyncio.TimerHandle | None = None

    def __call__(self) -> None:
        """Schedule the call (or make it now when there is no event loop or no wait)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.wait <= 0:
            self.fn()
            return
        self.cancel()
        self._handle = loop.call_later(self.wait, self._fire)

    def _fire(self) -> None:
        self._handle = None
        self.fn()

    def cancel(self) -> None:
        """Forget a scheduled call."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    @property
    def pending(self) -> bool:
        """Whether a call is scheduled."""
        return self._handle is not None


class Panel:
    """Base of the panels: language switch, title, figure drawing and display.

    Attributes:
        lang: the language the panel is shown in.
        widget: the ipywidgets layout of the whole panel.
        draws: how many figures the panel has drawn so far (tests read it).

    Args:
        lang: "zh" or "en".
        big: larger text and plots, for a projector.

    """

    def __init__(self, lang: str | None = "zh", big: bool = False):
        self.lang = check_lang(lang)
        self.big = big
        self.draws = 0
        self.widget: widgets.Box = widgets.VBox()
        self._title = widgets.HTML(layout=widgets.Layout(flex="1 1 auto"))
        self._title.add_class("kit-title")
        self._lang_toggle = widgets.ToggleButtons(
            options=[("中文", "zh"), ("English", "en")],
            value=self.lang,
            description=t("lang", self.lang),
            style={"description_width": "initial", "button_width": "110px"},
        )
        self._lang_toggle.add_class("kit-lang")
        self._lang_toggle.observe(self._on_lang, "value")
        self._status = widgets.HTML(layout=widgets.Layout(width="100%"))
        self._status.add_class("kit-status")
        # Warnings about the results in view (a run that cannot keep up), above the plots.
        self._warning = widgets.HTML(layout=widgets.Layout(width="100%"))
        self._warning.add_class("kit-warning")

    # --- tabs (panels that set ``VIEWS``, ``self._tabs``, ``self._stale``, ``draw``) -------
    VIEWS: tuple[str, ...] = ()

    @property
    def _has_data(self) -> bool:
        """Whether there is something to draw yet."""
        return False

    @property
    def view(self) -> str:
        """The name of the tab in view."""
        return self.VIEWS[self._tabs.selected_index or 0]

    def select(self, view: str) -> None:
        """Open a tab by name (one of ``VIEWS``); it is drawn if it is out of date."""
        self._tabs.selected_index = self.VIEWS.index(view)

    def _on_tab(self, change: dict) -> None:
        if self._has_data and self.view in self._stale:
            self.draw(self.view)

    # --- building ------------------------------------------------------------------------
    def _frame(self, *children: widgets.Widget) -> None:
        """Put the header (title and language switch) and ``children`` into ``self.widget``."""
        header = widgets.HBox(
            [self._title, self._lang_toggle],
            layout=widgets.Layout(width="100%", justify_content="space-between", align_items="flex-start"),
        )
        self.widget.children = (style_widget(), header, *children)
        self.widget.layout = widgets.Layout(width="100%")
        self.widget.add_class("kit-panel")
        if self.big:
            self.widget.add_class("kit-big")

    @staticmethod
    def _heading(text: str) -> widgets.HTML:
        return widgets.HTML(f'<h3 class="kit-heading">{text}</h3>', layout=widgets.Layout(width="100%"))

    def _set_title(self, title: str, subtitle: str = "") -> None:
        self._title.value = f"<h2>{title}</h2>" + (f"<p>{subtitle}</p>" if subtitle else "")

    # --- language ------------------------------------------------------------------------
    def _on_lang(self, change: dict) -> None:
        self.set_lang(change["new"])

    def set_lang(self, lang: str) -> None:
        """Show the whole panel in ``lang``: every label, then every plot and table again."""
        lang = check_lang(lang)
        if self._lang_toggle.value != lang:
            self._lang_toggle.value = lang  # comes back here through _on_lang
            return
        self.lang = lang
        self._lang_toggle.description = t("lang", lang)
        self.relabel()
        self._render_status()
        self.redraw()

    def relabel(self) -> None:
        """Write every label in ``self.lang`` (subclasses extend this)."""

    def redraw(self) -> None:
        """Draw the plots and tables again from the results already computed (subclasses)."""

    # --- drawing -------------------------------------------------------------------------
    def _show(self, out: widgets.Output, fig: Figure) -> None:
        """Replace what ``out`` shows with ``fig`` (as a PNG) and close the figure."""
        out.outputs = (figure_output(fig, DPI_BIG if self.big else DPI),)
        self.draws += 1

    def _guarded(self, action: Callable[[], Any], button: widgets.Button) -> Any | None:
        """Run ``action`` with ``button`` disabled; an error goes to the status line and ``error``.

        Returns:
            What ``action`` returned, or None after an error.
        """
        button.disabled = True
        try:
            result = action()
        except Exception as exc:  # show it in the panel: a callback's traceback would be lost
            self.error = exc
            self._set_status(("status.error", {"message": f"{type(exc).__name__}: {exc}"}), error=True)
            return None
        finally:
            button.disabled = False
        self.error = None
        return result

    def _set_status(self, *parts: tuple[str, dict[str, Any]] | str, error: bool = False) -> None:
        """Show a status line made of panel strings: each part is a key or (key, values).

        The parts are kept, so a language switch writes the same status in the other language.
        """
        self._status_parts = [(p, {}) if isinstance(p, str) else p for p in parts]
        self._status_error = error
        self._render_status()

    def _render_status(self) -> None:
        parts = getattr(self, "_status_parts", [])
        text = " ".join(t(key, self.lang, **values) for key, values in parts)
        cls = ' class="kit-error"' if getattr(self, "_status_error", False) else ""
        self._status.value = f"<span{cls}>{text}</span>"

    def _set_warnings(self, lines: list[str]) -> None:
        """Show ``lines`` (plain text, escaped here) as warnings; none clears them."""
        self._warning.value = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)

    @property
    def warning(self) -> str:
        """The warnings shown above the plots as plain text, one a line ("" when there are none)."""
        import re

        return "\n".join(html.unescape(line) for line in re.findall(r"<p>(.*?)</p>", self._warning.value))

    @property
    def status(self) -> str:
        """The status line as plain text."""
        import re

        return re.sub(r"<[^>]+>", "", self._status.value)

    # --- controls, for tests and browser automation --------------------------------------
    def described_widgets(self) -> list[widgets.Widget]:
        """Every widget of the panel that has a ``description`` (controls and buttons)."""
        found: list[widgets.Widget] = []

        def walk(w: widgets.Widget) -> None:
            if hasattr(w, "description") and not isinstance(w, (widgets.HTML, widgets.Label, widgets.Output)):
                found.append(w)
            for child in getattr(w, "children", ()) or ():
                walk(child)

        walk(self.widget)
        return found

    # --- display -------------------------------------------------------------------------
    def display(self) -> None:
        """Show the panel in the notebook (or Voilà page) that runs this code."""
        from IPython.display import display

        display(self.widget)

    def _ipython_display_(self) -> None:
        self.display()
