"""The lessons: every quoted number still holds, and both languages are complete.

``lessons/numbers.toml`` lists every number the lessons quote from a simulation, with the
comparison that produces it. These tests rerun each distinct comparison once, check that every
value still rounds to the text the lessons print, and that the text is in the files that cite it
— so a change to the model that changes a lesson's story fails here. The structure tests check
that the Chinese and English lessons have the same files, the Carpentries sections as fenced
divs (``::: challenge`` with its ``::: solution``, callouts, instructor notes), prediction steps
whose results sit in solutions, that every dashboard label a lesson quotes as ``<kbd>`` is one the
dashboard shows, that every headline claim states how robust the screen found it, and that the
Chinese pages are written in Chinese.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from scripts import load_script

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
PAGES = ("index", "setup", "instructor-guide", "glossary", "07-debrief", "researcher-notes")
LANGS = ("zh", "en")

# How each format writes a value in the lessons: the one table of the re-recording script.
_refresh = load_script("lessons/refresh.py", "lessons_refresh_formats")
FORMATS = _refresh.FORMATS
STATS = ("mean", "ci_low", "ci_high", "diff", "diff_low", "diff_high")
FIELDS = {"scenarios", "reps", "seed", "metric", "scenario", "stat", "value", "format", "cited_in"}

# Published real-world figures the lessons quote for context (see docs/ODD.md, section 13); they are
# not model results, so they are not in numbers.toml.
CONTEXT_FIGURES = {"97.3%", "98.01%", "96.20%", "95.99%", "99.83%", "0.05%", "75.82%", "95.7%", "4.3%"}

# Section headings every episode has, by language: (questions, objectives, guided experiment,
# exercises, discussion, key points), and how the heading of an exercise, of a prediction step
# and of a solution begins.
SECTIONS = {
    "zh": ("问题", "目标", "引导实验", "练习", "讨论", "要点"),
    "en": ("Questions", "Objectives", "Guided experiment", "Exercises", "Discussion", "Key points"),
}
EXERCISE = {"zh": "练习", "en": "Exercise"}
PREDICTION = {"zh": "预测", "en": "Predict"}
SOLUTION = {"zh": ("答案", "结果"), "en": ("Solution", "Result")}
TRADE_OFF = {"zh": "取舍", "en": "trade-off"}
# The Carpentries fenced divs the lessons use (and sim.printables renders); nothing else.
DIV_NAMES = {"challenge", "solution", "callout", "instructor", "keypoints", "objectives", "questions"}
# The notes every component's episode carries: the model's simplifications and what it leaves out.
HONEST_NOTES = {
    "zh": ("模型里的简化", "模型没有包括的"),
    "en": ("Simplification in the model", "What the model leaves out"),
}
# How a lesson states a claim's robustness: "holds in <holds> of <points> assumption settings".
ROBUSTNESS = {
    "zh": re.compile(r"在 (\d+) 种假设组合中有 (\d+) 种成立"),
    "en": re.compile(r"holds in (\d+) of (\d+) assumption settings"),
}
CLAIMS = tomllib.loads((LESSONS / "claims.toml").read_text(encoding="utf-8"))["claims"]
SCREENED = tomllib.loads((LESSONS / "claims-results.toml").read_text(encoding="utf-8"))["claims"]

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
    "巡访观察队",
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


@dataclass
class Div:
    """One fenced div (``::: name`` … ``:::``): its name, first heading, text and the divs inside it."""

    name: str
    line: int
    heading: str = ""
    lines: list[str] = field(default_factory=list)
    children: list[Div] = field(default_factory=list)

    def own_text(self) -> str:
        """The div's text without the text of the divs inside it (a challenge without its solution)."""
        return "\n".join(self.lines)


_FENCE = re.compile(r"^(:{3,})\s*([\w-]*)\s*$")


def divs(text: str) -> list[Div]:
    """The top-level fenced divs of a page, with the divs nested in them.

    A fence with a name opens a div, a bare fence closes the innermost one (as in Pandoc);
    fences inside code blocks do not count.
    """
    top: list[Div] = []
    stack: list[Div] = []
    code = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            code = not code
        match = None if code else _FENCE.match(line)
        if match and match.group(2):
            div = Div(match.group(2), number)
            (stack[-1].children if stack else top).append(div)
            stack.append(div)
        elif match:
            assert stack, f"line {number}: a closing ::: without an open div"
            stack.pop()
        elif stack:
            stack[-1].lines.append(line)
            heading = re.match(r"^#{1,6}\s+(.+)$", line)
            if heading and not stack[-1].heading:
                stack[-1].heading = heading.group(1).strip()
    assert not stack, f"div opened at line {stack[-1].line if stack else 0} is never closed"
    return top


def walk(items: list[Div]) -> list[Div]:
    """Every div of ``items``, depth first."""
    return [d for div in items for d in (div, *walk(div.children))]


def shape(items: list[Div]) -> list:
    """The nesting of the divs by name only: the same in both languages of an episode."""
    return [(d.name, shape(d.children)) for d in items]


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
def step_panel(scenarios: tuple[str, ...], reps: int, seed: int):
    """The dashboard's comparison panel after running the lesson step of this comparison.

    The lessons' numbers are measured through the panel a trainer projects, so one run checks
    both that the lessons still hold and that the dashboard shows what they quote.
    """
    from sim.widgets.compare import ComparePanel

    panel = ComparePanel(lang="zh", lessons=True)
    index = next(i for i, (_, step) in enumerate(panel.steps) if step.key == (scenarios, reps, seed))
    panel.run_step(index)
    assert panel.error is None, panel.error
    return panel


def comparison(scenarios: tuple[str, ...], reps: int, seed: int):
    """The comparison table of one set of scenarios (computed once per session, on the dashboard)."""
    return step_panel(scenarios, reps, seed).comparison.table


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
def test_dashboard_lesson_step_shows_the_quoted_number(key):
    """A trainer who runs the lesson's step on the dashboard sees the number the lesson quotes, marked the same."""
    entry = NUMBERS[key]
    panel = step_panel(tuple(entry["scenarios"]), entry["reps"], entry["seed"])
    text = FORMATS[entry["format"]](entry["value"])
    lessons = {Path(rel).stem for rel in entry["cited_in"]}
    for _, step in panel.steps:
        if step.key != (tuple(entry["scenarios"]), entry["reps"], entry["seed"]):
            continue
        for lesson in lessons & set(step.lessons):
            panel.step = (lesson, step)
            panel._show_quotes()
            shown = dict((q.name, measured_text) for q, measured_text in panel.quoted())
            assert shown.get(key) == text, (
                f"{key}: the dashboard shows {shown.get(key)} for {lesson}, the lesson {text}"
            )
            assert text in re.sub(r"<[^>]+>", " ", panel._quotes.value), f"{key}: {text} not on the panel for {lesson}"


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
        assert f"notebooks/{lang}/" in text, f"{lang}/{episode}: names its notebook"
    assert minutes["zh"] == minutes["en"], f"{episode}: the same timings in both languages"


@pytest.mark.parametrize("episode", THREE_HOURS)
def test_episode_is_marked_up_with_fenced_divs(episode):
    """Carpentries divs, not blockquotes; every challenge has its solution; zh and en nest alike."""
    shapes = {}
    for lang in LANGS:
        text = read(f"{lang}/{episode}.md")
        where = f"{lang}/{episode}"
        # Case cards are filled in by lessons/cards.py between their markers, in its own form.
        own = re.sub(r"<!-- case: .*?<!-- /case -->", "", text, flags=re.S)
        assert not re.search(r"^> ?#", own, re.M), f"{where}: a blockquote callout left; use a fenced div"
        top = divs(text)
        shapes[lang] = shape(top)
        every = walk(top)
        assert {d.name for d in every} <= DIV_NAMES, (
            f"{where}: unknown divs {sorted({d.name for d in every} - DIV_NAMES)}"
        )
        for name in ("questions", "objectives", "keypoints"):
            assert [d.name for d in top].count(name) == 1, f"{where}: one '{name}' div"
        solutions = [s for d in every for s in d.children if s.name == "solution"]
        assert sum(d.name == "solution" for d in every) == len(solutions), f"{where}: a solution outside a challenge"
        challenges = [d for d in top if d.name == "challenge"]
        for challenge in challenges:
            inside = [c.name for c in challenge.children]
            assert inside == ["solution"], (
                f"{where} line {challenge.line}: a challenge holds one solution, not {inside}"
            )
            assert challenge.children[0].heading.startswith(SOLUTION[lang]), f"{where} line {challenge.line}"
        exercises = [c for c in challenges if c.heading.startswith(EXERCISE[lang])]
        assert len(exercises) >= 3, f"{where}: at least three exercises"
        if episode != "05-putting-it-together":  # episode 5 is all trade-offs; its exercise 4 says so
            assert any(TRADE_OFF[lang] in c.heading for c in exercises), f"{where}: an exercise on the trade-off"
        assert any(d.name == "instructor" for d in every), f"{where}: a note for the trainer"
    assert shapes["zh"] == shapes["en"], f"{episode}: the Chinese and English divs differ"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("episode", THREE_HOURS)
def test_guided_steps_ask_for_a_prediction_before_the_result(lang, episode):
    """Each prediction step offers ↑ / ↓ / — and keeps the result, with its numbers, in the solution."""
    text = read(f"{lang}/{episode}.md")
    steps = [d for d in divs(text) if d.name == "challenge" and d.heading.startswith(PREDICTION[lang])]
    assert len(steps) >= 2, f"{lang}/{episode}: at least two prediction steps"
    quoted = {FORMATS[e["format"]](e["value"]) for e in NUMBERS.values() if f"{lang}/{episode}.md" in e["cited_in"]}
    for step in steps:
        prompt = step.own_text()
        for mark in ("↑", "↓", "—"):
            assert mark in prompt, f"{lang}/{episode}: prediction step {step.heading!r} offers no {mark}"
        assert not re.search(r"\d\.\d+%", prompt), (
            f"{lang}/{episode}: {step.heading!r} gives a rate before the prediction"
        )
        result = step.children[0].own_text()
        assert any(quotes(result, n) for n in quoted), (
            f"{lang}/{episode}: {step.heading!r}: its result quotes no model number"
        )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("episode", THREE_HOURS)
def test_episode_labels_its_simplifications(lang, episode):
    text = read(f"{lang}/{episode}.md")
    for note in HONEST_NOTES[lang]:
        assert any(h.startswith(note) for h in headings(text)), f"{lang}/{episode}: no '{note}' note"


def test_episode_one_cites_the_article_and_says_the_model_is_illustrative():
    zh, en = read("zh/01-everything-for-residents.md"), read("en/01-everything-for-residents.md")
    for text, words in (
        (zh, ("运城日报", "2024-10-30", "段杨慧", "没有按任何一个社区校准")),
        (en, ("Yuncheng Daily", "2024-10-30", "Duan Yanghui", "not calibrated to any")),
    ):
        for word in words:
            assert word in text, f"episode 1 does not say {word!r}"


def _dashboard_labels(lang: str) -> set[str]:
    """Every string the dashboard and the notebook panels can show, in ``lang``."""
    from sim.params import PARAMS
    from sim.text import core, panels, reports

    i = LANGS.index(lang)
    labels = {pair[i] for module in (core, panels, reports) for pair in module.STRINGS.values()}
    labels |= {text[i] for text in core.METRIC_TEXT.values()}
    labels |= {getattr(p, lang) for p in PARAMS.values()}
    return labels


@pytest.mark.parametrize("lang", LANGS)
def test_every_kbd_label_is_on_the_dashboard(lang):
    known = _dashboard_labels(lang)
    found = 0
    for path in lesson_files(lang):
        for label in re.findall(r"<kbd>(.*?)</kbd>", path.read_text(encoding="utf-8")):
            found += 1
            assert label in known, f"{path.relative_to(LESSONS)}: <kbd>{label}</kbd> is not a label the dashboard shows"
    assert found, f"{lang}: the lessons quote the dashboard's labels as <kbd>"


@pytest.mark.parametrize("claim", [c for c in CLAIMS if c["cited_in"]], ids=lambda c: c["id"])
def test_cited_claim_states_its_robustness(claim):
    """Every lesson that makes a screened claim says in how many assumption settings it held."""
    result = SCREENED[claim["id"]]
    for rel in claim["cited_in"]:
        lang = rel.split("/")[0]
        pairs = {(int(a), int(b)) for a, b in ROBUSTNESS[lang].findall(read(rel))}
        pairs = {(p, h) for h, p in pairs} if lang == "en" else pairs
        assert (result["points"], result["holds"]) in pairs, (
            f"{rel}: does not say that {claim['id']} holds in {result['holds']} of {result['points']} settings"
        )


@pytest.mark.parametrize("lang", LANGS)
def test_every_robustness_figure_belongs_to_a_claim_of_its_page(lang):
    for path in lesson_files(lang):
        rel = path.relative_to(LESSONS).as_posix()
        mine = {(SCREENED[c["id"]]["points"], SCREENED[c["id"]]["holds"]) for c in CLAIMS if rel in c["cited_in"]}
        for a, b in ROBUSTNESS[lang].findall(path.read_text(encoding="utf-8")):
            pair = (int(a), int(b)) if lang == "zh" else (int(b), int(a))
            assert pair in mine, f"{rel}: 'holds in {pair[1]} of {pair[0]}' is no screened claim of this page"


def test_episodes_fit_the_three_hour_workshop():
    def minutes(episode: str) -> int:
        return sum(int(front_matter(read(f"zh/{episode}.md"))[k]) for k in ("teaching", "exercises"))

    assert sum(map(minutes, THREE_HOURS)) <= 150, "episodes leave 30 minutes for welcome, break and wrap-up"
    assert sum(map(minutes, EPISODES)) <= 200, (
        "with the game: 40 minutes for welcome, two breaks and wrap-up in four hours"
    )
    for lang in LANGS:
        guide = read(f"{lang}/instructor-guide.md")
        # The three-hour agenda: a discussion slot after each episode, the closing episode and 15 minutes of slack.
        morning = ("0:00", "0:10", "0:30", "0:35", "1:00", "1:05", "1:15")
        for time in (*morning, "1:35", "1:40", "2:05", "2:10", "2:30", "2:45", "3:00"):
            assert f"| {time} |" in guide, f"{lang} instructor guide: agenda row at {time}"


@pytest.mark.parametrize("lang", LANGS)
def test_instructor_guide_covers_questions_recovery_and_honesty(lang):
    guide = read(f"{lang}/instructor-guide.md")
    needed = {
        "zh": (
            "中位数变长",
            "真实的数字",
            "响应率是 100%",
            "先行联系",
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
