"""Teaching notebooks: complete zh/en pairs, stored clean, each with its checked numbers.

Running them is nbval's job (``pytest --nbval-lax notebooks/``); these tests only read
the stored files, so they are fast.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

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
)
CJK = re.compile(r"[\u3400-\u9fff]")
SECTIONS = {
    "zh": ("它展示什么", "值得注意", "试一试"),
    "en": ("What it shows", "Things to notice", "Things to try"),
}


def _refresh():
    spec = importlib.util.spec_from_file_location("refresh", NOTEBOOKS / "refresh.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read(lang: str, name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / lang / f"{name}.ipynb", as_version=4)


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


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.rglob("*.ipynb")), ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_stored_without_noisy_outputs(path):
    assert _refresh().problems(nbformat.read(path, as_version=4)) == []


def test_dashboard_is_one_hidden_call():
    nb = nbformat.read(NOTEBOOKS / "dashboard.ipynb", as_version=4)
    assert [c.cell_type for c in nb.cells] == ["code"], "Voilà shows markdown: keep the dashboard to the panel"
    assert "dashboard(" in nb.cells[0].source
