"""Chinese text in matplotlib on any machine.

Matplotlib ships no Chinese glyphs, and a fresh Linux machine has no CJK font. The
kit depends on ``mpl-font``, which carries static Noto Sans CJK SC files (SIL Open
Font License). ``setup_fonts`` uses an installed system CJK font when there is one,
and otherwise registers the bundled Noto Sans CJK SC Regular and Bold files with
matplotlib's font manager. Only the font files of ``mpl-font`` are used: importing
the package itself would change matplotlib's settings as a side effect.
"""

from __future__ import annotations

import importlib.util
from importlib import metadata
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

# Open or system-supplied CJK sans-serif families, best first. Fonts that may not be
# redistributed (SimHei, SimSun…) are deliberately absent.
SYSTEM_CJK = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK JP",
)
BUNDLED_FAMILY = "Noto Sans CJK SC"
BUNDLED_FILES = ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf")

_state: dict[str, str] = {}


def bundled_font_files() -> list[Path]:
    """Return the paths of the Noto Sans CJK SC files inside the installed ``mpl-font`` package.

    Returns an empty list when the package or its files are missing.
    """
    found: dict[str, Path] = {}
    try:
        for f in metadata.files("mpl-font") or ():
            if f.name in BUNDLED_FILES:
                found[f.name] = Path(str(f.locate()))
    except metadata.PackageNotFoundError:
        pass
    if len(found) < len(BUNDLED_FILES):
        # Not installed as a distribution (e.g. vendored): look next to the package
        # without importing it.
        spec = importlib.util.find_spec("mpl_font")
        for root in (spec.submodule_search_locations or []) if spec else []:
            for name in BUNDLED_FILES:
                candidate = Path(root) / "fonts" / "noto" / name
                found.setdefault(name, candidate)
    return [found[n] for n in BUNDLED_FILES if n in found and found[n].is_file()]


def _installed_families() -> set[str]:
    return {f.name for f in font_manager.fontManager.ttflist}


def setup_fonts() -> str:
    """Make matplotlib draw Chinese: pick a CJK font and put it first in ``font.sans-serif``.

    An installed system CJK font (see ``SYSTEM_CJK``) wins; otherwise the bundled Noto
    Sans CJK SC is registered. Safe to call many times: the work is done once, and
    the settings are restored if something reset matplotlib's rcParams.

    Returns:
        The family name now used for text, or "" when no CJK font could be found
        (Chinese labels would then show as boxes).

    """
    family = _state.get("family")
    if family is None:
        present = _installed_families()
        family = next((name for name in SYSTEM_CJK if name in present), "")
        if not family:
            registered = {f.fname for f in font_manager.fontManager.ttflist}
            for path in bundled_font_files():
                if str(path) not in registered:
                    font_manager.fontManager.addfont(str(path))
            if BUNDLED_FAMILY in _installed_families():
                family = BUNDLED_FAMILY
        _state["family"] = family
    rc = mpl.rcParams
    if family and (rc["font.sans-serif"][:1] != [family] or "sans-serif" not in rc["font.family"][:1]):
        rest = [f for f in rc["font.sans-serif"] if f != family]
        rc["font.sans-serif"] = [family, *rest]
        rc["font.family"] = ["sans-serif"]
    rc["axes.unicode_minus"] = False
    return family


def cjk_font_path() -> str:
    """Return the file matplotlib will use for Chinese text after ``setup_fonts``."""
    setup_fonts()
    return font_manager.findfont(font_manager.FontProperties(family=mpl.rcParams["font.family"]))
