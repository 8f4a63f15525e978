"""Load the project's scripts (``lessons/*.py``, ``notebooks/refresh.py``, ``benchmarks/*.py``) by path.

They are files to run, not modules of the package, so tests import them by their path. Each
is registered in ``sys.modules`` under its name while it loads: dataclasses look their module
up there.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_script(relative: str, name: str | None = None):
    """Import the script at ``relative`` (to the project's root) and return it as a module.

    Args:
        relative: the script's path from the project's root, e.g. ``"lessons/cards.py"``.
        name: the module's name (default: the folder and the file's stem, ``lessons_cards``).
    """
    path = ROOT / relative
    name = name or f"{path.parent.name}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
