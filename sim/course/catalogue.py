"""What the course is: the files the wheel carries and ``community-1234 materials`` copies.

This module is the one list of the course. ``setup.py`` loads it by its path at build time
(the kit's dependencies are not installed then), so it imports nothing but the standard
library and nothing from the kit.

The course keeps the paths it has in the source tree (``notebooks/zh/00-welcome.ipynb``,
``lessons/scenarios/…``, ``sim/scenarios/…``), in the wheel under ``sim/course/content/``
and in the user's folder alike: every path the lessons and notebooks print
(``community-1234 compare baseline lessons/scenarios/baseline-callback.toml``, "examples in
``sim/scenarios/``") is right in the folder the course was copied to.
"""

from __future__ import annotations

from pathlib import Path

# Folders (relative to the source tree's root) whose files are the course, every file in them
# except those below.
FOLDERS: tuple[str, ...] = (
    "notebooks",  # zh/, en/ and the Voilà dashboard
    "lessons",  # the episodes, handouts, glossary, instructor guide, setup, lessons/scenarios, numbers.toml
    "sim/scenarios",  # the shipped scenarios, to read and to start one's own from
    "sim/experiments/examples",  # the example experiments of docs/experiments.md and notebook 07
)

# Files left out, and why: each one only makes sense in a checkout of the source tree.
LEFT_OUT: dict[str, str] = {
    "notebooks/refresh.py": "re-records the notebooks' checked numbers in the source tree after a model change",
    "lessons/refresh.py": "re-records the lessons' quoted numbers in the source tree after a model change",
    "lessons/screen.py": "the maintainers' robustness screen of the lessons' claims (minutes of computing)",
    "lessons/claims.toml": "the input of lessons/screen.py",
    "lessons/claims-results.toml": "the output of lessons/screen.py",
    "lessons/README.md": "describes the tests and refresh scripts that check the lessons in the source tree",
}

# Never part of the course, wherever they appear: caches and editors' leftovers.
SKIPPED_NAMES = frozenset({"__pycache__", ".ipynb_checkpoints", ".DS_Store", "Thumbs.db"})
SKIPPED_SUFFIXES = (".pyc", ".pyo", ".swp", "~")


def _skipped(relative: Path) -> bool:
    return any(part in SKIPPED_NAMES or part.startswith(".") for part in relative.parts) or relative.name.endswith(
        SKIPPED_SUFFIXES
    )


def course_files(root: Path) -> list[str]:
    """The course's files under ``root`` (a source tree, or the wheel's copy), sorted.

    Args:
        root: the folder that holds ``notebooks/``, ``lessons/`` and ``sim/``.

    Returns:
        POSIX paths relative to ``root``, such as ``"notebooks/zh/00-welcome.ipynb"``.
    """
    found = []
    for folder in FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            relative = path.relative_to(root)
            if path.is_file() and not _skipped(relative) and relative.as_posix() not in LEFT_OUT:
                found.append(relative.as_posix())
    return sorted(found)
