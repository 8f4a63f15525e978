"""The lessons: every quoted number still holds, and both languages are complete.

``lessons/numbers.toml`` lists every number the lessons quote from a simulation, with the
comparison that produces it. These tests rerun each distinct comparison once, check that every
value still rounds to the text the lessons print, and that the text is in the files that cite it
— so a change to the model that changes a lesson's story fails here. The structure tests check
that the Chinese and English lessons have the same files, the Carpentries sections, exercises
with solutions, and that the Chinese pages are written in Chinese.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest

import sim
from sim.model.metrics import METRICS

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
NUMBERS = tomllib.loads((LESSONS / "numbers.toml").read_text(encoding="utf-8"))

EPISODES = (
    "01-everything-for-residents",
    "02-two-hearts",
    "03-three-managements",
    "04-four-integrations",
    "05-putting-it-together",
    "06-workshop-game",
)
# The three-hour workshop; episode 6, the workshop game, adds a fourth hour.
THREE_HOURS = EPISODES[:5]
PAGES = ("index", "setup", "instructor-guide", "glossary")
LANGS = ("zh", "en")

# How each format writes a value in the lessons: the one table of the re-recording script.
_spec = importlib.util.spec_from_file_location("lessons_refresh_formats", LESSONS / "refresh.py")
_refresh = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _refresh  # its dataclasses look their module up while it loads
_spec.loader.exec_module(_refresh)
FORMATS = _refresh.FORMATS
STATS = ("mean", "ci_low", "ci_high", "diff", "diff_low", "diff_high")
FIELDS = {"scenarios", "reps", "seed", "metric", "scenario", "stat", "value", "format", "cited_in"}

# Published real-world figures the lessons quote for context (see docs/ODD.md, section 13); they are
# not model results, so they are not in numbers.toml.
CONTEXT_FIGURES = {"97.3%", "98.01%", "96.20%", "95.99%", "99.83%", "0.05%", "75.82%", "95.7%", "4.3%"}

# Section headings every episode has, by language: (questions, objectives, guided experiment,
# exercises, discussion, key points), and the headings of one exercise and of its solution.
SECTIONS = {
    "zh": ("问题", "目标", "引导实验", "练习", "讨论", "要点"),
    "en": ("Questions", "Objectives", "Guided experiment", "Exercises", "Discussion", "Key points"),
}
EXERCISE = {"zh": re.compile(r"^> ## 练习"), "en": re.compile(r"^> ## Exercise")}
SOLUTION = {"zh": re.compile(r"^> > ## 答案"), "en": re.compile(r"^> > ## Solution")}
TRADE_OFF = {"zh": "取舍", "en": "trade-off"}

GLOSSARY_TERMS = (
    "诉求",
    "网格员",
    "网格化",
    "联动化",
    "精准化",
    "三率",
    "响应率",
    "解决率",
    "满意率",
    "按期结案率",
    "返工率",
    "隐性需求",
    "主动发现",
    "党群服务站",
    "双报到",
    "社区吹哨、党员报到",
    "社区合伙人",
    "调委会",
    "说事议事",
    "巡访观察",
    "志愿积分",
    "60助80",
    "包联",
    "12345热线",
    "接诉即办",
    "工作日",
    "置信区间",
    "重复运行",
    "随机种子",
)


# --------------------------------------------------------------------------- helpers --


def read(rel: str) -> str:
    return (LESSONS / rel).read_text(encoding="utf-8")


def lesson_files(lang: str) -> list[Path]:
    return sorted((LESSONS / lang).rglob("*.md"))


def front_matter(text: str) -> dict[str, str]:
    """The ``key: value`` lines of a page's front matter."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "the page starts with a front matter block (--- ... ---)"
    return dict(line.split(":", 1) for line in match.group(1).splitlines() if ":" in line)


def headings(text: str) -> list[str]:
    """Heading texts, including headings inside blockquotes (exercises and solutions)."""
    return [m.group(1).strip() for m in re.finditer(r"^(?:> ?)*#{1,6}\s+(.+)$", text, re.M)]


def prose(text: str) -> str:
    """The text a reader reads: without code blocks, inline code and link targets."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"`[^`]*`", "", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def quotes(text: str, number: str) -> bool:
    """Whether ``number`` is written in ``text`` as a number of its own (not inside a longer one)."""
    text = text.replace("\u2212", "-")  # a typographic minus in the lessons counts as "-"
    tail = r"(?!\d)" if number.endswith("%") else r"(?!\d|[.,]\d)"
    return re.search(r"(?<![\d.,])" + re.escape(number) + tail, text) is not None


def scenario_ref(name: str) -> str | Path:
    """A shipped scenario name, or a path relative to the repository root."""
    return ROOT / name if name.endswith(".toml") else name


@cache
def comparison(scenarios: tuple[str, ...], reps: int, seed: int):
    """The comparison table of one set of scenarios (computed once per session)."""
    return sim.compare([scenario_ref(s) for s in scenarios], reps=reps, seed=seed).table


def measured(entry: dict) -> float:
    table = comparison(tuple(entry["scenarios"]), entry["reps"], entry["seed"])
    row = table[(table.metric == entry["metric"]) & (table.scenario == entry["scenario"])]
    assert len(row) == 1, f"no row for metric {entry['metric']!r} and scenario {entry['scenario']!r}"
    return float(row[entry["stat"]].iloc[0])


# ----------------------------------------------------------------------- numbers.toml --


def test_numbers_file_is_well_formed():
    assert NUMBERS, "lessons/numbers.toml lists at least one number"
    for key, entry in NUMBERS.items():
        assert set(entry) == FIELDS, f"{key}: fields are {sorted(FIELDS)}"
        assert entry["format"] in FORMATS, f"{key}: unknown format {entry['format']!r}"
        assert entry["stat"] in STATS, f"{key}: unknown stat {entry['stat']!r}"
        assert entry["metric"] in METRICS, f"{key}: unknown metric {entry['metric']!r}"
        assert 2 <= entry["reps"] <= 10, f"{key}: keep reps at 10 or fewer so the test stays fast"
        first = sim.load_scenario(scenario_ref(entry["scenarios"][0])).name
        if entry["stat"].startswith("diff"):
            assert entry["scenario"] != first, f"{key}: a difference from the first scenario needs another scenario"
        for rel in entry["cited_in"]:
            lang, _, page = rel.partition("/")
            assert lang in LANGS and (LESSONS / rel).is_file(), f"{key}: {rel} is not a lesson file"
            other = "en" if lang == "zh" else "zh"
            assert f"{other}/{page}" in entry["cited_in"], f"{key}: cited in {rel} but not in its {other} twin"
        for name in entry["scenarios"]:
            if name.endswith(".toml"):
                assert (ROOT / name).is_file(), f"{key}: scenario file {name} not found"
    distinct = {(tuple(e["scenarios"]), e["reps"], e["seed"]) for e in NUMBERS.values()}
    assert len(distinct) <= 4, "at most four distinct comparisons, so the test stays under a minute"


@pytest.mark.parametrize("key", sorted(NUMBERS))
def test_quoted_number_still_holds(key):
    entry = NUMBERS[key]
    fmt = FORMATS[entry["format"]]
    now = measured(entry)
    assert fmt(now) == fmt(entry["value"]), (
        f"{key}: the lessons say {fmt(entry['value'])} but the model now gives {fmt(now)} ({now!r}); "
        f"check the story in {', '.join(entry['cited_in'])} before updating lessons/numbers.toml"
    )


@pytest.mark.parametrize("key", sorted(NUMBERS))
def test_quoted_number_is_in_the_lessons_that_cite_it(key):
    entry = NUMBERS[key]
    text = FORMATS[entry["format"]](entry["value"])
    for rel in entry["cited_in"]:
        assert quotes(read(rel), text), f"{key}: {text} is not in {rel}"


def test_every_decimal_percentage_in_the_lessons_is_registered():
    """A percentage with decimals in a lesson is a model result (registered) or a published figure."""
    for lang in LANGS:
        for path in lesson_files(lang):
            rel = path.relative_to(LESSONS).as_posix()
            allowed = {
                FORMATS[e["format"]](e["value"]) for e in NUMBERS.values() if rel in e["cited_in"]
            } | CONTEXT_FIGURES
            found = set(re.findall(r"(?<![\d.])\d+\.\d+%", path.read_text(encoding="utf-8")))
            assert found <= allowed, f"{rel}: {sorted(found - allowed)} not in lessons/numbers.toml"


def test_lesson_scenario_files_load_and_are_used():
    files = sorted((LESSONS / "scenarios").glob("*.toml"))
    assert files
    used = {name for e in NUMBERS.values() for name in e["scenarios"]}
    for path in files:
        scenario = sim.load_scenario(path)
        assert scenario.name == path.stem
        assert scenario.title["zh"] != scenario.name and scenario.title["en"] != scenario.name
        assert path.relative_to(ROOT).as_posix() in used, f"{path.name} is not used by lessons/numbers.toml"


# ------------------------------------------------------------------------- structure --


def test_zh_and_en_have_the_same_files():
    zh = {p.relative_to(LESSONS / "zh") for p in lesson_files("zh")}
    en = {p.relative_to(LESSONS / "en") for p in lesson_files("en")}
    assert zh == en
    expected = {Path(f"{name}.md") for name in EPISODES + PAGES} | {Path("handouts", f"{e}.md") for e in EPISODES}
    assert expected <= zh


@pytest.mark.parametrize("episode", EPISODES)
def test_episode_has_the_carpentries_sections_in_both_languages(episode):
    minutes = {}
    for lang in LANGS:
        text = read(f"{lang}/{episode}.md")
        meta = front_matter(text)
        minutes[lang] = (int(meta["teaching"]), int(meta["exercises"]))
        heads = headings(text)
        for section in SECTIONS[lang]:
            assert any(h.startswith(section) for h in heads), f"{lang}/{episode}: no '{section}' section"
        lines = text.splitlines()
        exercises = [line for line in lines if EXERCISE[lang].match(line)]
        solutions = [line for line in lines if SOLUTION[lang].match(line)]
        assert len(exercises) >= 3, f"{lang}/{episode}: at least three exercises"
        assert len(solutions) == len(exercises), f"{lang}/{episode}: every exercise has a solution"
        if episode != "05-putting-it-together":  # episode 5 is all trade-offs; its exercise 4 says so
            assert any(TRADE_OFF[lang] in line for line in exercises), f"{lang}/{episode}: an exercise on the trade-off"
        assert f"notebooks/{lang}/" in text, f"{lang}/{episode}: names its notebook"
    assert minutes["zh"] == minutes["en"], f"{episode}: the same timings in both languages"


def test_episodes_fit_the_three_hour_workshop():
    def minutes(episode: str) -> int:
        return sum(int(front_matter(read(f"zh/{episode}.md"))[k]) for k in ("teaching", "exercises"))

    assert sum(map(minutes, THREE_HOURS)) <= 150, "episodes leave 30 minutes for welcome, break and wrap-up"
    assert sum(map(minutes, EPISODES)) <= 200, (
        "with the game: 40 minutes for welcome, two breaks and wrap-up in four hours"
    )
    for lang in LANGS:
        guide = read(f"{lang}/instructor-guide.md")
        for time in ("0:00", "0:10", "0:35", "1:10", "1:20", "1:50", "2:25", "2:50", "3:00", "3:50"):
            assert f"| {time} |" in guide, f"{lang} instructor guide: agenda row at {time}"


@pytest.mark.parametrize("lang", LANGS)
def test_instructor_guide_covers_questions_recovery_and_honesty(lang):
    guide = read(f"{lang}/instructor-guide.md")
    needed = {
        "zh": (
            "中位数变长",
            "真实的数字",
            "响应率是 100%",
            "先电话回应",
            "分诊",
            "A、B 角",
            "内核",
            "方框",
            "没有 Python",
            "make dashboard",
            "诚实",
            "ODD",
        ),
        "en": (
            "median time",
            "real numbers",
            "response rate 100%",
            "call the resident at once",
            "triage",
            "A/B",
            "kernel",
            "boxes",
            "no Python",
            "make dashboard",
            "honesty",
            "ODD",
        ),
    }[lang]
    for phrase in needed:
        assert phrase in guide, f"{lang} instructor guide: mentions {phrase!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_setup_gives_the_commands(lang):
    setup = read(f"{lang}/setup.md")
    for command in ("make demo", "make test", "make lab", "make dashboard"):
        assert command in setup


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("episode", EPISODES)
def test_handout_fits_one_page(lang, episode):
    text = read(f"{lang}/handouts/{episode}.md")
    assert len(text.splitlines()) <= 60, "a handout fits on one printed page"
    last = {"zh": "想一想", "en": "Think about it"}[lang]
    heads = headings(text)
    assert heads[-1] == last
    questions = text.split(f"## {last}")[1]
    assert re.findall(r"^(\d)\. ", questions, re.M) == ["1", "2", "3"], "three questions"


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_has_the_terms(lang):
    glossary = read(f"{lang}/glossary.md")
    rows = [line for line in glossary.splitlines() if line.startswith("|")]
    for term in GLOSSARY_TERMS:
        assert any(f"| {term} |" in row or f"| {term}（" in row for row in rows), f"{lang} glossary: no row for {term}"


@pytest.mark.parametrize("path", lesson_files("zh"), ids=lambda p: p.relative_to(LESSONS).as_posix())
def test_chinese_pages_are_mostly_chinese(path):
    text = prose(path.read_text(encoding="utf-8"))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    # The glossary has an English column; every other page is Chinese with a few English names.
    floor = 0.5 if path.name == "glossary.md" else 0.7
    assert cjk / (cjk + latin) >= floor, f"{path.name}: {cjk} Chinese characters against {latin} Latin letters"


@pytest.mark.parametrize("lang", LANGS)
def test_relative_links_resolve(lang):
    for path in lesson_files(lang):
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            assert (path.parent / target).resolve().is_file(), f"{path.relative_to(LESSONS)}: broken link {target}"
