"""The comparisons the lessons quote, read from ``lessons/numbers.toml`` at run time.

Every number a lesson quotes is registered in ``lessons/numbers.toml`` with the comparison
that produces it (scenarios, replications, master seed). The dashboard offers each
distinct comparison as a "lesson step": choosing one and running it shows exactly the
comparison the lesson quotes. Nothing is copied here: the file is read from the course
(the source tree, or the wheel's copy under ``sim/course/content``), so a re-measured
lesson is offered as it now stands. ``FORMATS`` is the one definition of how the lessons
write a number; ``lessons/refresh.py`` and the lessons' tests use it too.

>>> steps = lesson_steps()                       # doctest: +SKIP
>>> steps[0].scenarios, steps[0].reps, steps[0].seed   # doctest: +SKIP
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import materials_root

NUMBERS = "lessons/numbers.toml"

# How each format of numbers.toml writes a value in the lessons (its header lists them).
FORMATS = {
    "percent1": lambda v: f"{100 * v:.1f}%",
    "pp1": lambda v: f"{100 * v:+.1f}",
    "decimal2": lambda v: f"{v:.2f}",
    "decimal1": lambda v: f"{v:.1f}",
    "int": lambda v: f"{v:,.0f}",
    "int_signed": lambda v: f"{v:+,.0f}",
    "decimal2_signed": lambda v: f"{v:+.2f}",
    "decimal1_signed": lambda v: f"{v:+.1f}",
}

# A section title of numbers.toml: a comment line between two lines of "=".
_SECTION = re.compile(r"^# =+\s*\n# (?P<title>[^\n]+)\n# =+\s*$", re.MULTILINE)
_TABLE = re.compile(r"^\[(?P<name>[^\]]+)\]\s*$", re.MULTILINE)
_TITLE = re.compile(r'^title:\s*"?(?P<title>[^"\n]+)"?\s*$', re.MULTILINE)


def lesson_format(value: float, fmt: str) -> str:
    """Write ``value`` as the lessons do in format ``fmt`` (a format of numbers.toml)."""
    return FORMATS[fmt](value)


@dataclass(frozen=True)
class Quote:
    """One number a lesson quotes: which statistic of which scenario, and how it is written.

    Attributes:
        name: the entry's name in numbers.toml.
        metric: the metric (a column of ``sim.compare``'s table).
        scenario: the scenario's name in the comparison table.
        stat: "mean", "ci_low", "ci_high", "diff", "diff_low" or "diff_high".
        value: the value recorded when the lesson was last measured.
        format: how the lessons write it (a key of ``FORMATS``).
        cited_in: the lesson files that quote it, relative to lessons/.
    """

    name: str
    metric: str
    scenario: str
    stat: str
    value: float
    format: str
    cited_in: tuple[str, ...]

    @property
    def text(self) -> str:
        """The recorded value as the lessons write it."""
        return lesson_format(self.value, self.format)


@dataclass(frozen=True)
class LessonStep:
    """One distinct comparison of numbers.toml: ``sim.compare(scenarios, reps=reps, seed=seed)``.

    Attributes:
        scenarios: shipped scenario names or paths relative to the course root; the first is the reference.
        reps: replications per scenario.
        seed: the master seed.
        section: the section title of numbers.toml it first appears under ("zh / en" halves).
        quotes: the numbers the lessons quote from it.
    """

    scenarios: tuple[str, ...]
    reps: int
    seed: int
    section: str = ""
    quotes: tuple[Quote, ...] = field(default=(), compare=False)

    @property
    def key(self) -> tuple[tuple[str, ...], int, int]:
        """What makes the comparison distinct: (scenarios, reps, seed)."""
        return self.scenarios, self.reps, self.seed

    @property
    def lessons(self) -> list[str]:
        """The lesson files (without language folder) that quote this comparison, sorted."""
        return sorted({Path(f).stem for q in self.quotes for f in q.cited_in})

    def title(self, lang: str) -> str:
        """The section title in ``lang`` (numbers.toml writes "English / 中文")."""
        halves = [h.strip() for h in self.section.split(" / ")]
        if len(halves) == 2:
            return halves[1] if lang == "zh" else halves[0]
        return self.section

    def quotes_in(self, lesson: str) -> list[Quote]:
        """The quotes of this comparison cited by ``lesson`` (a file stem such as "01-everything-for-residents")."""
        return [q for q in self.quotes if any(Path(f).stem == lesson for f in q.cited_in)]


def numbers_file(root: Path | None = None) -> Path:
    """The course's numbers file (``lessons/numbers.toml`` under ``root`` or the installed course)."""
    return (root or materials_root()) / NUMBERS


def scenario_path(name: str, root: Path | None = None) -> str | Path:
    """A shipped scenario name as is; a path of numbers.toml (``lessons/scenarios/…``) under the course root."""
    return (root or materials_root()) / name if name.endswith(".toml") else name


@cache
def _steps(path: Path, stamp: tuple[int, int]) -> tuple[LessonStep, ...]:
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    sections = [(m.start(), m.group("title").strip()) for m in _SECTION.finditer(text)]
    starts = {m.group("name").strip().strip('"'): m.start() for m in _TABLE.finditer(text)}
    found: dict[tuple, dict[str, Any]] = {}
    for name, entry in data.items():
        key = (tuple(entry["scenarios"]), int(entry["reps"]), int(entry["seed"]))
        at = starts.get(name, 0)
        section = next((title for start, title in reversed(sections) if start < at), "")
        step = found.setdefault(key, {"section": section, "quotes": []})
        step["quotes"].append(
            Quote(
                name=name,
                metric=entry["metric"],
                scenario=entry["scenario"],
                stat=entry["stat"],
                value=float(entry["value"]),
                format=entry["format"],
                cited_in=tuple(entry.get("cited_in", ())),
            )
        )
    return tuple(
        LessonStep(key[0], key[1], key[2], section=step["section"], quotes=tuple(step["quotes"]))
        for key, step in found.items()
    )


def lesson_steps(root: Path | None = None) -> list[LessonStep]:
    """Every distinct comparison of numbers.toml, in the order the file first names them.

    Args:
        root: the course root (default: this installation's, ``sim.course.materials_root``).

    """
    path = numbers_file(root)
    stat = path.stat()  # a changed file is read again
    return list(_steps(path, (stat.st_mtime_ns, stat.st_size)))


def lesson_title(lesson: str, lang: str, root: Path | None = None) -> str:
    """The title of a lesson file (its front matter) in ``lang``; the file stem when it has none."""
    path = (root or materials_root()) / "lessons" / lang / f"{lesson}.md"
    try:
        match = _TITLE.search(path.read_text(encoding="utf-8").split("\n---", 1)[0])
    except OSError:
        return lesson
    return match.group("title").strip() if match else lesson


def steps_by_lesson(steps: list[LessonStep]) -> list[tuple[str, LessonStep]]:
    """(lesson, step) for every lesson that quotes a step, lessons in file order (episodes, then guides)."""
    lessons = sorted({lesson for step in steps for lesson in step.lessons}, key=lambda s: (not s[:1].isdigit(), s))
    return [(lesson, step) for lesson in lessons for step in steps if lesson in step.lessons]
