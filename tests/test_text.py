"""The one table of texts (sim.text): both languages, matching placeholders, no key twice,
no text pairs left in the code, and every key the code names defined."""

from __future__ import annotations

import ast
import re
import string
import types
from pathlib import Path

import pytest

import sim
import sim.text
from sim.errors import ScenarioError
from sim.i18n import TABLE, t
from sim.text import STRINGS, Part, _merge, render

SIM = Path(sim.__file__).resolve().parent
ROOT = SIM.parent
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Chinese texts that may hold no Chinese character although they have letters: codes,
# numbers and proper nouns said the same in both languages. Texts made of placeholders
# and punctuation only (e.g. "{label}（{unit}）") need no entry. Keep this list exact.
ZH_WITHOUT_CHINESE: dict[str, str] = {}

# English texts that hold Chinese on purpose. Keep this list exact.
EN_WITH_CHINESE = {
    "lang": "the language switch names each language in its own script",
}

# Files of sim/ that other work still has to convert from inline pairs to keys.
STILL_PAIRED: dict[str, str] = {}


def _fields(text: str) -> set[str]:
    """The placeholder names in ``text`` (``{n}``, ``{n:,}`` and ``{n!r}`` are all ``n``)."""
    return {re.split(r"[.\[]", name, maxsplit=1)[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def _literal(text: str) -> str:
    """``text`` without its placeholders."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(text))


# ------------------------------------------------------------ (a) both languages -------
def test_every_text_has_both_languages():
    assert len(STRINGS) > 150 and set(STRINGS) <= set(TABLE)
    bad = []
    for key, pair in TABLE.items():
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(s, str) for s in pair)):
            bad.append(f"{key}: not a (zh, en) pair of strings: {pair!r}")
            continue
        zh, en = pair
        if not zh.strip() or not en.strip():
            bad.append(f"{key}: an empty text {pair!r}")
    assert not bad, "\n".join(bad)


def test_chinese_texts_are_chinese():
    bad = []
    for key, (zh, _en) in TABLE.items():
        format_only = not any(ch.isalpha() for ch in _literal(zh))
        if not CJK.search(zh) and not format_only and key not in ZH_WITHOUT_CHINESE:
            bad.append(f"{key}: no Chinese in {zh!r}")
    assert not bad, "\n".join(bad)


def test_english_texts_are_english():
    bad = [
        f"{key}: Chinese in {en!r}" for key, (_zh, en) in TABLE.items() if CJK.search(en) and key not in EN_WITH_CHINESE
    ]
    assert not bad, "\n".join(bad)


def test_the_lists_of_exceptions_are_exact():
    for key in ZH_WITHOUT_CHINESE:
        assert key in TABLE and not CJK.search(TABLE[key][0]), key
    for key in EN_WITH_CHINESE:
        assert key in TABLE and CJK.search(TABLE[key][1]), key


# ------------------------------------------------------------ (b) placeholders ---------
def test_placeholders_match_between_languages():
    bad = []
    for key, (zh, en) in TABLE.items():
        try:
            if _fields(zh) != _fields(en):
                bad.append(f"{key}: {sorted(_fields(zh))} in Chinese, {sorted(_fields(en))} in English")
        except ValueError as exc:  # a lone brace
            bad.append(f"{key}: not a valid template ({exc})")
    assert not bad, "\n".join(bad)


def test_parts_are_rendered_in_the_language_of_their_text():
    expected = Part("error.allowed.one_of", choices="a, b")
    err = ScenarioError.keyed("error.not_allowed", label="x", value="'c'", expected=expected)
    assert str(err) == "x = 'c' is not allowed: expected one of a, b"
    assert err.text("zh") == "x = 'c' 不允许：应为以下之一：a, b"
    assert render("error.not_allowed", "zh", label="x", value="1", expected=expected) == err.text("zh").replace(
        "'c'", "1"
    )
    assert t("format.points_diff", "zh", points=-2.1, unit=Part("unit.percent_points")) == "-2.1个百分点"
    assert t("format.points_diff", "en", points=-2.1, unit=Part("unit.percent_points")) == "-2.1 pp"


def test_placeholder_names_are_free():
    # key and lang are positional only: a text may have placeholders of those names
    err = ScenarioError.keyed("error.key.too_long", where="f: ", key="'k'", length=200, limit=100)
    assert str(err).startswith("f: 'k': a key of 200 characters")
    assert err.prefixed("g: ").text("zh").startswith("g: f: 'k'：长达 200 个字符")


def test_t_renders_through_the_table_and_checks_the_language():
    assert t("metric.response_rate", "zh") == "响应率"  # built in sim.i18n, not in sim.text
    with pytest.raises(ScenarioError, match="zh, en"):
        t("error.consistency.staff", "fr")
    with pytest.raises(KeyError):
        t("no.such.key", "en")


# ------------------------------------------------------------ (c) no key twice ---------
def _module(name: str, strings: dict[str, tuple[str, str]]) -> types.ModuleType:
    module = types.ModuleType(f"sim.text.{name}")
    module.STRINGS = strings
    return module


def test_merge_joins_the_modules():
    a = _module("a", {"x.one": ("一", "one")})
    b = _module("b", {"x.two": ("二", "two")})
    assert dict(_merge((a, b))) == {"x.one": ("一", "one"), "x.two": ("二", "two")}
    assert dict(_merge()) == dict(STRINGS)


def test_merge_refuses_a_key_defined_twice():
    a = _module("a", {"x.one": ("一", "one")})
    b = _module("b", {"x.two": ("二", "two"), "x.one": ("一", "one, again")})
    with pytest.raises(RuntimeError, match=r"x\.one .*sim\.text\.b"):
        _merge((a, b))


def test_a_key_of_another_module_is_refused(monkeypatch):
    key = next(iter(sim.text.core.STRINGS))
    monkeypatch.setattr(sim.text.errors, "STRINGS", {**sim.text.errors.STRINGS, key: ("重复", "twice")})
    with pytest.raises(RuntimeError, match=re.escape(key)):
        _merge()


# ------------------------------------------------------------ (d) no pairs in the code -
SOURCES = sorted(path.relative_to(ROOT).as_posix() for path in SIM.rglob("*.py"))
LANG_CODES = {"zh", "en"}


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _asks_for_chinese(node: ast.AST) -> bool:
    """``… == "zh"`` (or ``!=``), whatever stands on the other side."""
    return (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], ast.Eq | ast.NotEq)
        and any(isinstance(side, ast.Constant) and side.value == "zh" for side in (node.left, *node.comparators))
    )


def text_pairs(source: str) -> list[str]:
    """Where ``source`` writes a text in both languages inline instead of naming a key.

    Finds a call with a ``zh=`` keyword (``ScenarioError("…", zh="…")``) and a choice
    ``"…" if lang == "zh" else "…"`` between two string literals (f-strings too; a
    choice between the language codes themselves is not a text).
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and any(kw.arg == "zh" for kw in node.keywords):
            found.append(f"line {node.lineno}: {ast.unparse(node.func)}(..., zh=...)")
        elif (
            isinstance(node, ast.IfExp)
            and _asks_for_chinese(node.test)
            and _is_text(node.body)
            and _is_text(node.orelse)
            and not {getattr(node.body, "value", None), getattr(node.orelse, "value", None)} <= LANG_CODES
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node)[:100]}")
    return found


def test_the_scan_finds_pairs():
    assert len(text_pairs('raise ScenarioError("bad", zh="坏")\nx = "是" if lang == "zh" else "yes"\n')) == 2
    assert text_pairs('y = f"{a}（{b}）" if check_lang(lang) == "zh" else f"{a} ({b})"\n')
    assert not text_pairs('x = "en" if lab.lang == "zh" else "zh"\ny = a.zh if lang == "zh" else str(a)\n')
    assert not text_pairs('raise ScenarioError.keyed("error.seed", label="seed", value="-1")\n')


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(path, marks=pytest.mark.xfail(strict=True, reason=STILL_PAIRED[path]))
        if path in STILL_PAIRED
        else path
        for path in SOURCES
    ],
)
def test_no_text_pairs_in_the_code(path):
    found = text_pairs((ROOT / path).read_text(encoding="utf-8"))
    assert not found, f"{path}: texts in both languages inline; give them keys in sim/text:\n" + "\n".join(found)


# ------------------------------------------------------------ (e) keys that exist ------
def used_keys(source: str) -> list[tuple[int, str, str]]:
    """Literal keys in ``t("…")``, ``….keyed("…")``, ``render("…")`` and ``Part("…")``: (line, call, key)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        first, func = node.args[0], node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if (
            name in ("t", "keyed", "render", "Part")
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
        ):
            out.append((node.lineno, name, first.value))
    return out


def test_the_key_scan_finds_keys():
    found = used_keys('t("a.b", lang)\nScenarioError.keyed("c.d", x=1)\nPart("e")\nf(t)\nt(name)\n')
    assert [(call, key) for _, call, key in found] == [("t", "a.b"), ("keyed", "c.d"), ("Part", "e")]


@pytest.mark.parametrize("path", SOURCES)
def test_every_key_the_code_names_exists(path):
    missing = []
    for line, call, key in used_keys((ROOT / path).read_text(encoding="utf-8")):
        # keyed and render read sim.text alone; t and a Part rendered by it also see the labels of sim.i18n
        table = STRINGS if call in ("keyed", "render") else TABLE
        if key not in table:
            missing.append(f"line {line}: {call}({key!r})")
    assert not missing, f"{path}: keys missing from sim/text:\n" + "\n".join(missing)


def test_a_prefixed_error_keeps_its_class_and_attributes():
    from sim.experiments.damaged import DamagedFile
    from sim.workshop.rules import fail

    refused = fail("name_taken", status=409, field="name")
    zh = refused.text("zh")
    again = refused.prefixed("room: ")
    assert again is not refused and refused.text("zh") == zh
    assert type(again) is type(refused) and (again.status, again.code, again.field) == (409, "name_taken", "name")
    assert str(again) == f"room: {refused}" and again.text("zh") == f"room: {refused.text('zh')}"
    damaged = DamagedFile("meta.json: empty", "meta.json：空文件").prefixed("out/")
    assert isinstance(damaged, DamagedFile) and str(damaged) == "out/meta.json: empty"
    assert damaged.text("zh") == "out/meta.json：空文件"
    english_only = ScenarioError("x").prefixed("f: ")
    assert (str(english_only), english_only.zh, english_only.text("zh")) == ("f: x", None, "f: x")
