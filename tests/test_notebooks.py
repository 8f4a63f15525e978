"""Teaching notebooks: complete zh/en pairs, stored clean, each with its checked numbers.

Running them is nbval's job (``pytest --nbval-lax notebooks/``); these tests only read
the stored files, so they are fast.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from scripts import load_script

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LESSONS = (
    "00-welcome",
    "01-everything-for-residents",
    "02-two-hearts",
    "03-three-managements",
    "04-four-integrations",
    "05-scenario-lab",
    "06-compare-scenarios",
    "07-research-experiments",
    "08-street-research",
)
CJK = re.compile(r"[\u3400-\u9fff]")
# A quoted simulation number: one to three decimals, maybe signed (the text may write − for -).
DECIMAL = re.compile(r"(?<![\d.])([+\-−]?)(\d+\.\d{1,3})(?!\.?\d)")
SECTIONS = {
    "zh": ("它展示什么", "值得注意", "试一试"),
    "en": ("What it shows", "Things to notice", "Things to try"),
}


def _refresh():
    return load_script("notebooks/refresh.py")


def read(lang: str, name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / lang / f"{name}.ipynb", as_version=4)


def decimals(text: str) -> list[tuple[str, str]]:
    """The (sign, digits) of every number with one to three decimals in ``text``; − counts as -."""
    return [(sign.replace("−", "-"), digits) for sign, digits in DECIMAL.findall(text)]


def noticed(nb: nbformat.NotebookNode, lang: str) -> str:
    """The text of the notebook's "Things to notice" markdown cell(s).

    Args:
        nb: the notebook.
        lang: "zh" or "en", which names the heading.

    Returns:
        The cells' sources, one after the other.
    """
    heading = f"## {SECTIONS[lang][1]}"
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith(heading))


def unprinted(nb: nbformat.NotebookNode, lang: str) -> list[str]:
    """Numbers quoted under "Things to notice" that the checked output cells do not print.

    A signed number must be printed with its sign; an unsigned one ("0.218 lower") may be
    printed with either.

    Args:
        nb: the notebook.
        lang: "zh" or "en".

    Returns:
        The stray numbers as written (signs normalised to + and -), in text order.
    """
    checked = _refresh().is_checked
    printed = "\n".join(o.get("text", "") for c in nb.cells if checked(c) for o in c.outputs)
    signed = set(decimals(printed))
    bare = {digits for _, digits in signed}
    return [
        sign + digits
        for sign, digits in decimals(noticed(nb, lang))
        if ((sign, digits) not in signed if sign else digits not in bare)
    ]


def test_every_lesson_exists_in_both_languages():
    for lang in ("zh", "en"):
        found = sorted(p.stem for p in (NOTEBOOKS / lang).glob("*.ipynb"))
        assert found == sorted(LESSONS)


@pytest.mark.parametrize("name", LESSONS)
def test_pairs_have_the_same_structure(name):
    zh, en = read("zh", name), read("en", name)
    assert [c.cell_type for c in zh.cells] == [c.cell_type for c in en.cells]
    for a, b in zip(zh.cells, en.cells, strict=True):
        if a.cell_type == "code":
            assert a.source.replace('lang="zh"', 'lang="en"').splitlines()[0] == b.source.splitlines()[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", LESSONS)
def test_lesson_layout(lang, name):
    nb = read(lang, name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    markers = [c.source.splitlines()[0] for c in code]
    assert markers.count("# NBVAL_CHECK_OUTPUT") == 1, "one cell with the seeded key numbers"
    assert set(markers) <= {"# NBVAL_CHECK_OUTPUT", "# NBVAL_IGNORE_OUTPUT"}, "every code cell is marked"
    assert len(code) <= 3, "notebooks stay thin"
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in SECTIONS[lang]:
        assert heading in text
    assert f'lang="{lang}"' in "\n".join(c.source for c in code)
    if lang == "zh":
        assert len(CJK.findall(text)) > 300


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", LESSONS)
def test_noticed_numbers_are_the_checked_ones(lang, name):
    """Every number the text points out is one the seeded run prints, so a re-recorded run flags stale text."""
    nb = read(lang, name)
    assert decimals(noticed(nb, lang)), "the text quotes the page's numbers"
    assert unprinted(nb, lang) == []


def test_stray_numbers_are_caught():
    printed = "on time   0.785   0.865\n  Difference   +0.080 [+0.076, +0.154]\n"
    text = "## Things to notice\n\n- From 0.785 to 0.751 (+0.080), interval [−0.076, +0.154]; 25.6 issues.\n"
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(text),
            nbformat.v4.new_code_cell(
                "# NBVAL_CHECK_OUTPUT\nshow()",
                execution_count=1,
                outputs=[nbformat.v4.new_output("stream", name="stdout", text=printed)],
            ),
        ]
    )
    assert unprinted(nb, "en") == ["0.751", "-0.076", "25.6"]


@pytest.mark.parametrize("name", LESSONS)
def test_both_languages_notice_the_same_numbers(name):
    quoted = {lang: set(decimals(noticed(read(lang, name), lang))) for lang in ("zh", "en")}
    assert quoted["zh"] == quoted["en"]


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.rglob("*.ipynb")), ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_stored_without_noisy_outputs(path):
    assert _refresh().problems(nbformat.read(path, as_version=4)) == []


def test_dashboard_is_one_hidden_call():
    nb = nbformat.read(NOTEBOOKS / "dashboard.ipynb", as_version=4)
    assert [c.cell_type for c in nb.cells] == ["code"], "Voilà shows markdown: keep the dashboard to the panel"
    assert "dashboard(" in nb.cells[0].source


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", LESSONS)
def test_lesson_scenarios_are_loaded_not_rebuilt(lang, name):
    """A scenario a lesson uses comes from its file in lessons/scenarios, so the two cannot drift apart."""
    code = "\n".join(c.source for c in read(lang, name).cells if c.cell_type == "code")
    assert "with_values(" not in code and "with_params(" not in code
    for used in re.findall(r'lesson_scenario\("([^"]+)"\)', code):
        assert (NOTEBOOKS.parent / "lessons" / "scenarios" / f"{used}.toml").is_file(), used
