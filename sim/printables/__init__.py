"""The printed course: A4 PDFs built from the lesson files (``community-1234 print``).

For a training room with paper on the tables: one handout per episode with a
"Predict first" column to tick before each step, the case cards to cut out, the
glossary, the instructor's agenda and an answer key for the trainer. Everything is
taken from the lesson Markdown (``sim.printables.documents``), turned into typst
markup (``sim.printables.markdown``) and set by the typst engine with the bundled
Noto Sans CJK SC (``sim.printables.typeset``), so the paper says what the screen says.

>>> from pathlib import Path
>>> printed = build(Path("printouts"), "zh")  # doctest: +SKIP
>>> [p.path.name for p in printed][:1]  # doctest: +SKIP
['handout-01-everything-for-residents.pdf']
"""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path

from ..course import materials_root
from .documents import Document, documents
from .typeset import Printed, write

__all__ = ["Document", "Printed", "build", "documents", "lessons_root"]


def lessons_root() -> Path:
    """Return the folder of the lessons (``zh/``, ``en/``) of this installation's course.

    Raises:
        sim.course.CourseNotFound: when the installation carries no course.
    """
    return materials_root() / "lessons"


def build(out: Path, lang: str, lessons: Traversable | None = None) -> list[Printed]:
    """Build every printed document of ``lang`` into ``out/<lang>/``; return them in order.

    Args:
        out: the folder to write into (created if missing).
        lang: ``"zh"`` or ``"en"``.
        lessons: the lesson folder to read (default: the installed course's).

    Raises:
        sim.course.CourseNotFound: the installation carries no course.
        sim.printables.markdown.SourceError: a lesson file lacks a part of a document.
        sim.printables.typeset.FontsMissing: the bundled Chinese font is not installed.
        OSError: ``out`` cannot be written.
        ImportError: the ``typst`` package is not installed.
    """
    docs = documents(lessons_root() if lessons is None else lessons, lang)
    return write(docs, Path(out) / lang, lang)
