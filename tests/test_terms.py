"""One word per thing: the course says what ``lessons/terms.toml`` says, everywhere.

``terms.toml`` lists every term of the course with the variants to avoid (楼栋长 for 单元长,
先电话回应 for 先行联系, 教员 for 培训师, …). These tests look for those variants in everything a
trainee or trainer reads — the lessons, the notebooks (markdown and code), the texts the kit shows
(``sim/text``, the parameter labels) and the docs — allowing only the exceptions ``terms.toml``
lists with a reason. They also check that every ``<kbd>label</kbd>`` a lesson or notebook quotes is
a label the dashboard and panels really show, in the file's language.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import nbformat
import pytest
from scripts import load_script

from sim.i18n import TABLE
from sim.params import CATEGORIES, GROUPS, PARAMS

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("zh", "en")
CJK = re.compile(r"[\u4e00-\u9fff]")


cards = load_script("lessons/cards.py", "lesson_cards_terms")
TERMS = cards.load_terms()
AVOID = sorted({(variant, f"{term['zh']} / {term['en']}") for term in TERMS.terms for variant in term["avoid"]})
ALLOWED = {(e["path"], e["text"]) for e in TERMS.exceptions}

# The words the course settled on; each must be a term of terms.toml.
CANONICAL = (
    "单元长",
    "巷道长",
    "巡访人",
    "巡访观察队",
    "先行联系",
    "跟踪督办",
    "培训师",
    "实验",
    "急难优先",
    "先办省事的",
    "带来事",
    "带来人",
)


def _pattern(variant: str) -> re.Pattern[str]:
    """Chinese variants match anywhere; English ones as whole words, any case, space or hyphen alike."""
    if CJK.search(variant):
        return re.compile(re.escape(variant))
    words = [re.escape(w) for w in re.split(r"[\s-]+", variant)]
    return re.compile(r"\b" + r"[\s-]+".join(words) + r"\b", re.IGNORECASE)


def avoided(text: str) -> list[str]:
    """The variants to avoid that ``text`` contains."""
    return [variant for variant, _ in AVOID if _pattern(variant).search(text)]


def _notebook_text(path: Path, kinds: tuple[str, ...] = ("markdown", "code")) -> str:
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    return "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type in kinds)


def _read(path: Path) -> str:
    """A file's text; a notebook's whole content, stored outputs and widget state included (people see them)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return "\n".join(_strings(json.loads(text)))
    return text


def _strings(node) -> list[str]:
    """Every string in a JSON document, depth first."""
    if isinstance(node, str):
        return [node]
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    return [s for item in items for s in _strings(item)]


LESSON_SCENARIOS = ROOT / "lessons" / "scenarios"


def _checked_files() -> list[Path]:
    """Everything people read: lessons (and their sources), notebooks, the kit's texts, the docs, the README, the scenarios."""
    files = sorted((ROOT / "lessons").rglob("*.md")) + [ROOT / "lessons" / "cases.toml"]
    files += sorted((ROOT / "notebooks").rglob("*.ipynb"))
    files += sorted((ROOT / "sim" / "text").glob("*.py")) + sorted((ROOT / "docs").glob("*.md"))
    files += sorted((ROOT / "sim" / "scenarios").rglob("*.toml")) + sorted((LESSON_SCENARIOS).glob("*.toml"))
    files += [ROOT / "README.md"]
    return [f for f in files if ".ipynb_checkpoints" not in f.parts]


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", _checked_files(), ids=_rel)
def test_no_avoided_variant(path):
    found = [v for v in avoided(_read(path)) if (_rel(path), v) not in ALLOWED]
    assert not found, f"{_rel(path)} says {found}; terms.toml: use {[t for v, t in AVOID if v in found]}"


def test_no_avoided_variant_in_the_parameter_labels():
    labels = [(p.name, getattr(p, lang)) for p in PARAMS.values() for lang in LANGS]
    labels += [(c.key, label) for c in CATEGORIES for label in (c.zh, c.en)]
    labels += [(key, label) for key, pair in GROUPS.items() for label in pair]
    found = [(name, label, avoided(label)) for name, label in labels if avoided(label)]
    assert not found, f"sim/params.py labels use variants terms.toml avoids: {found}"


def test_every_exception_is_still_needed():
    """An exception whose text is gone from its file would silently allow the variant later."""
    for exception in TERMS.exceptions:
        assert exception.get("reason"), f"exception {exception} gives no reason"
        path = ROOT / exception["path"]
        assert path.is_file(), f"exception for a missing file {exception['path']}"
        assert exception["text"] in avoided(_read(path)), f"{exception['path']} no longer says {exception['text']!r}"


def test_the_check_finds_variants_in_either_language():
    assert set(avoided("请楼栋长和巷长一起巡看")) == {"楼栋长", "巷长"}
    assert "follow up hard cases" in avoided("Switch on Follow-up hard cases first.")
    assert avoided("单元长、巷道长和巡访人一起先行联系") == []
    assert avoided("the patrolman") == [], "English variants match whole words only"


def test_terms_toml_keeps_its_own_rules():
    terms = {t["zh"] for t in TERMS.terms}
    assert set(CANONICAL) <= terms, f"missing terms: {set(CANONICAL) - terms}"
    for term in TERMS.terms:
        own = " ".join(term[k] for k in ("zh", "en", "zh_def", "en_def"))
        assert not avoided(own), f"terms.toml: {term['zh']} uses {avoided(own)}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_has_every_term(lang):
    rows = [line for line in (ROOT / "lessons" / lang / "glossary.md").read_text(encoding="utf-8").splitlines()]
    for term in TERMS.terms:
        assert any(line.startswith(f"| {term[lang]} | ") for line in rows), f"{lang} glossary: no row for {term[lang]}"


@cache
def _labels(lang: str) -> frozenset[str]:
    """Every string the dashboard, widgets and panels can show in ``lang``."""
    i = LANGS.index(lang)
    labels = {pair[i] for pair in TABLE.values()}
    labels |= {getattr(p, lang) for p in PARAMS.values()}
    return frozenset(labels)


def _kbd_files() -> list[Path]:
    return [f for lang in LANGS for f in cards.course_files() if cards.language(f) == lang]


@pytest.mark.parametrize("path", _kbd_files(), ids=_rel)
def test_every_kbd_label_is_shown_by_the_kit(path):
    text = _notebook_text(path, ("markdown",)) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
    known = _labels(cards.language(path))
    unknown = [label for label in re.findall(r"<kbd>(.*?)</kbd>", text) if label not in known]
    assert not unknown, f"{_rel(path)}: <kbd> labels the kit does not show: {unknown}"
