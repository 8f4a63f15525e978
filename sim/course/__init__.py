"""The course on the user's own machine: where its files are, copying them, serving them.

The course (notebooks, lessons, handouts, scenarios, example experiments; the list is in
``sim.course.catalogue``) lives in the source tree where the tests and scripts read it. The
wheel carries a copy under ``sim/course/content/``, put there at build time by
``setup.py``. ``materials_root`` finds whichever of the two this installation has:

* an installed wheel: ``sim/course/content/``;
* a checkout (``pip install -e .``): the source tree itself.

``sim.course.materials`` copies the course into a folder of the user's; ``sim.course.servers``
starts JupyterLab and the Voilà dashboard on it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..text import Part
from .catalogue import course_files

CONTENT = "content"  # the wheel's copy of the course, inside this package

__all__ = ["CourseNotFound", "course_files", "lesson_scenario", "materials_root"]


class CourseNotFound(RuntimeError):
    """Neither the wheel's copy of the course nor a source tree is there (a broken installation).

    Attributes:
        where: where the course was looked for, as a ``sim.text.Part`` (said in each language).
    """

    def __init__(self, packaged: Path, checkout: Path):
        """Name the two places looked in."""
        self.where = Part("course.error.where", packaged=packaged, checkout=checkout)
        super().__init__(self.where.text("en"))


def materials_root() -> Path:
    """The folder that holds the course's files, at the paths ``course_files`` lists.

    Raises:
        CourseNotFound: when this installation carries no course.
    """
    package = Path(str(resources.files(__name__)))
    packaged = package / CONTENT
    if packaged.is_dir():
        return packaged
    checkout = package.parents[1]
    if (
        (checkout / "notebooks").is_dir()
        and (checkout / "lessons").is_dir()
        and (checkout / "pyproject.toml").is_file()
    ):
        return checkout
    raise CourseNotFound(packaged, checkout)


def lesson_scenario(name: str):
    """A scenario the lessons use, read from its file in ``lessons/scenarios`` (e.g. ``"baseline-gridding"``).

    Notebooks load these files rather than rebuilding the scenarios in code, so a lesson and
    its notebook always compare the same thing.

    Raises:
        ScenarioError: when the course has no such scenario file.
    """
    from ..scenario import load_scenario

    return load_scenario(materials_root() / "lessons" / "scenarios" / f"{name}.toml")
