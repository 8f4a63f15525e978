"""The case cards are kept once, in ``lessons/cases.toml``, and every copy shows them unchanged.

``lessons/cards.py`` fills each ``<!-- case: ID -->`` … ``<!-- /case -->`` block of the lessons and
the course notebooks from ``cases.toml``; these tests check that the course has no copy that drifted,
that the check really catches an edited copy and an unknown id (in Markdown and in notebooks), and
that no card of ``cases.toml`` is left unused.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from scripts import load_script

from sim.printables.documents import MARKERS

ROOT = Path(__file__).resolve().parents[1]


cards = load_script("lessons/cards.py", "lesson_cards")
CASES = cards.load_cases()


def _write(folder: Path, lang: str, text: str) -> Path:
    path = folder / lang / "page.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_course_copies_match_cases_toml(capsys):
    """``cards.py --check`` passes on the course as committed."""
    status = cards.main(["--check"])
    assert status == 0, capsys.readouterr()


def test_an_edited_copy_is_named(tmp_path, capsys):
    page = _write(tmp_path, "zh", "# 第一课\n\n<!-- case: noise -->\n<!-- /case -->\n\n正文\n")
    assert cards.main([str(page)]) == 0
    filled = page.read_text(encoding="utf-8")
    assert "李师傅" in filled and "正文" in filled
    assert cards.main(["--check", str(page)]) == 0

    page.write_text(filled.replace("练琴", "跑步机"), encoding="utf-8")
    assert cards.main(["--check", str(page)]) == 1
    out = capsys.readouterr().out
    assert str(page) in out and "noise" in out
    assert "跑步机" in page.read_text(encoding="utf-8"), "--check writes nothing"


def test_an_unknown_id_or_an_open_block_fails(tmp_path, capsys):
    unknown = _write(tmp_path / "a", "en", "<!-- case: no-such-card -->\n<!-- /case -->\n")
    assert cards.main(["--check", str(unknown)]) == 1
    assert "no-such-card" in capsys.readouterr().err
    left_open = _write(tmp_path / "b", "en", "<!-- case: noise -->\ntext\n")
    before = left_open.read_text(encoding="utf-8")
    assert cards.main([str(left_open)]) == 1
    assert left_open.read_text(encoding="utf-8") == before, "a file in error is not written"


def test_forms_render_in_the_files_language(tmp_path):
    page = _write(
        tmp_path,
        "en",
        "<!-- case: noise brief -->\n<!-- /case -->\n\n<!-- case: noise stairwell-clutter table -->\n<!-- /case -->\n",
    )
    assert cards.main([str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert f"**{CASES['noise'].text['en']['title'].capitalize()}.** Mr Li" in text
    rows = [line for line in text.splitlines() if line.startswith("| **")]
    assert len(rows) == 2
    assert "Safety hazards" in rows[1], "the category label is the model's own"


def test_a_notebook_cell_is_filled_and_kept_as_nbformat_writes_it(tmp_path, capsys):
    source = ROOT / "notebooks" / "zh" / "00-welcome.ipynb"
    notebook = nbformat.read(source, as_version=nbformat.NO_CONVERT)
    cell = next(c for c in notebook.cells if c.cell_type == "markdown")
    cell.source += "\n\n<!-- case: elderly-alone brief -->\n<!-- /case -->"
    path = tmp_path / "zh" / source.name
    path.parent.mkdir()
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")

    assert cards.main([str(path)]) == 0
    raw = path.read_text(encoding="utf-8")
    assert "王奶奶" in raw
    assert raw == nbformat.writes(nbformat.reads(raw, as_version=nbformat.NO_CONVERT)) + "\n"
    assert cards.main(["--check", str(path)]) == 0

    path.write_text(raw.replace("王奶奶", "李大爷", 1), encoding="utf-8")
    assert cards.main(["--check", str(path)]) == 1
    assert "elderly-alone" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_card_heading_is_the_one_the_printouts_look_for(lang, tmp_path):
    page = _write(tmp_path, lang, "<!-- case: grid-worker -->\n<!-- /case -->\n")
    cards.main([str(page)])
    text = page.read_text(encoding="utf-8")
    assert f"::: callout\n\n## {MARKERS[lang]['case']}" in text


def test_every_card_is_shown_in_a_lesson_or_notebook():
    """A card of ``cases.toml`` that no episode or notebook shows is dead text (or a typo in an id)."""
    shown: set[str] = set()
    for path in cards.course_files():
        text = path.read_text(encoding="utf-8")
        for match in cards.BLOCK.finditer(text.replace('\\"', '"').replace("\\n", "\n")):
            shown.update(cards._parse_args(match["args"])[0])
    assert set(CASES) - shown == set(), "cards no lesson or notebook shows"
