"""Build step that puts the course into the wheel (the rest of the configuration is pyproject.toml).

The course (notebooks, lessons, scenarios, example experiments) stays where it is in the
source tree; ``build_py`` copies the files ``sim/course/catalogue.py`` lists to
``sim/course/content/`` in the build, so a wheel carries them and ``sim.course.materials_root``
finds them after ``pip install``. An editable install (``pip install -e .``) copies nothing:
there ``materials_root`` reads the source tree itself.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _catalogue():
    # Loaded by path: importing the package ``sim`` would need its dependencies, absent at build time.
    spec = importlib.util.spec_from_file_location("_course_catalogue", ROOT / "sim" / "course" / "catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithCourse(build_py):
    """``build_py`` that also copies the course into ``sim/course/content/`` of the build."""

    def run(self) -> None:
        """Build the package, then copy the course (fresh: no file of an earlier build stays)."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "sim" / "course" / "content"
        shutil.rmtree(target, ignore_errors=True)
        for relative in _catalogue().course_files(ROOT):
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / relative, destination)


setup(cmdclass={"build_py": BuildPyWithCourse})
