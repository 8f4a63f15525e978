"""The printed course (``community-1234 print``): every PDF is built from the lesson sources.

One build per language for the whole session (about half a second each). The checks read
the PDFs back with pypdf and compare them with the lesson Markdown itself (found with
regular expressions here, independently of the kit's parser), so a handout, card, term,
agenda row or exercise that goes missing from the paper fails here. Bad input is refused
with one line, exit status 2 and nothing written.
"""

from __future__ import annotations

import contextlib
import io
import re
import tomllib
from pathlib import Path

import pypdf
import pytest

from sim.cli import main
from sim.course import CourseNotFound
from sim.printables import Document, documents
from sim.printables.markdown import Markup, SourceError, parse, string
from sim.printables.typeset import TypesetError, write

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
LANGS = ("zh", "en")
EPISODES = sorted(p.stem for p in (LESSONS / "zh").glob("[0-9][0-9]-*.md"))
HANDOUTS = sorted(p.stem for p in (LESSONS / "zh" / "handouts").glob("[0-9][0-9]-*.md"))
OTHERS = ("case-cards", "glossary", "agenda", "answer-key")
CASE = {"zh": "案例卡", "en": "Case card"}
EXERCISE = {"zh": "练习", "en": "Exercise"}
SOLUTION = {"zh": "答案", "en": "Solution"}
AGENDA = {"zh": "课程安排", "en": "The agenda"}
PREDICT = {"zh": "先预测", "en": "Predict first"}
MARKS = ("↑", "↓", "—")
# What typst may embed: the bundled Chinese font for all text, its own DejaVu Sans Mono for code.
FONTS = {"NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold", "DejaVuSansMono", "DejaVuSansMono-Bold"}


@pytest.fixture(scope="session")
def printed(tmp_path_factory):
    """Both languages built once through the command line: {lang: (folder, stdout lines)}."""
    out = tmp_path_factory.mktemp("print")
    built = {}
    for lang in LANGS:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            status = main(["print", "--out", str(out), "--lang", lang])
        assert status == 0
        built[lang] = (out / lang, buffer.getvalue().splitlines())
    return built


def squeeze(text: str) -> str:
    """Text without white space or soft hyphens: lines of a PDF break anywhere, and Chinese has no spaces."""
    return re.sub(r"[\s\u00ad]+", "", text)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def source(rel: str) -> str:
    return (LESSONS / rel).read_text(encoding="utf-8")


def h1(text: str) -> str:
    return re.search(r"^# (.+)$", text, re.M).group(1).strip()


def section(text: str, heading: str) -> str:
    """The lines under the level-2 heading that starts with ``heading``, up to the next one."""
    match = re.search(rf"^## {re.escape(heading)}.*?\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


def table_column(text: str, column: int) -> list[str]:
    """The cells of ``column`` in the body rows of the Markdown tables in ``text``."""
    cells = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[\s|:-]+\|$", line):
            parts = [c.strip() for c in line.strip().strip("|").split("|")]
            cells.append(parts[column])
    return cells[1:] if cells else []  # the header row


def unmarked(cell: str) -> str:
    """A Markdown cell's text as printed: no ``**``, backticks, ``<kbd>`` tags or link targets."""
    cell = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell)
    cell = re.sub(r"</?kbd>", "", cell)
    return cell.replace("**", "").replace("`", "")


def fonts_of(reader: pypdf.PdfReader) -> list[tuple[str, bool]]:
    """(font name without subset tag, whether its file is embedded) for every font of every page."""
    found = []

    def visit(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            for part in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                    found.append((str(part["/BaseFont"]).lstrip("/").split("+", 1)[-1], embedded))
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


# ------------------------------------------------------------------------- the set --


@pytest.mark.parametrize("lang", LANGS)
def test_every_document_is_written_and_listed_with_its_pages(printed, lang):
    folder, lines = printed[lang]
    expected = [f"handout-{e}.pdf" for e in HANDOUTS] + [f"{name}.pdf" for name in OTHERS]
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected), "every document, no leftovers"
    for name in expected:
        path = folder / name
        pages = len(pypdf.PdfReader(path).pages)
        listed = [line for line in lines if line.split()[:1] == [name]]
        assert len(listed) == 1, f"{name} is listed once"
        assert listed[0].split()[1] == str(pages), f"{name}: the listed page count is the PDF's"
    assert str(folder) in lines[-1]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("episode", HANDOUTS)
def test_handout_is_one_or_two_pages_with_its_prediction_boxes(printed, lang, episode):
    path = printed[lang][0] / f"handout-{episode}.pdf"
    assert 1 <= len(pypdf.PdfReader(path).pages) <= 2
    text = pdf_text(path)
    for mark in MARKS:
        assert mark in text
    cells = section(source(f"{lang}/handouts/{episode}.md"), PREDICT[lang]).count("| ↑ ↓ — |")
    assert cells >= 4, f"{lang}/handouts/{episode}.md: a '{PREDICT[lang]}' table with ↑ ↓ — cells"
    assert text.count("↑") >= cells, "every prediction cell is printed"


@pytest.mark.parametrize("episode", HANDOUTS)
def test_chinese_handout_has_the_episode_title_and_key_terms(printed, episode):
    text = squeeze(pdf_text(printed["zh"][0] / f"handout-{episode}.pdf"))
    handout = source(f"zh/handouts/{episode}.md")
    assert squeeze(h1(source(f"zh/{episode}.md"))) in text, "the episode's title"
    terms = re.findall(r"\*\*(.+?)\*\*", handout)  # the words the handout sets in bold
    terms += [unmarked(c) for c in table_column(handout, 0)]  # switches, settings, steps
    terms += [unmarked(c) for c in table_column(section(handout, PREDICT["zh"]), 1)]  # what to predict
    assert len(terms) >= 8
    missing = [term for term in terms if term and squeeze(term) not in text]
    assert not missing, f"handout {episode}: {missing} not in the PDF"
    questions = re.findall(r"^\d\. (.+)$", section(handout, "想一想"), re.M)
    assert len(questions) == 3 and all(squeeze(q) in text for q in questions)


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_embedded_and_chinese_is_noto_sans_cjk(printed, lang):
    folder = printed[lang][0]
    for path in sorted(folder.glob("*.pdf")):
        fonts = fonts_of(pypdf.PdfReader(path))
        assert fonts, f"{path.name}: has fonts"
        assert all(embedded for _, embedded in fonts), f"{path.name}: a font not embedded: {fonts}"
        names = {name for name, _ in fonts}
        assert names <= FONTS, f"{path.name}: fonts other than the bundled ones: {names - FONTS}"
        assert "NotoSansCJKsc-Regular" in names, f"{path.name}: the text is set in Noto Sans CJK SC"


@pytest.mark.parametrize("lang", LANGS)
def test_one_case_card_per_card_of_cases_toml(printed, lang):
    cases = tomllib.loads(source("cases.toml"))["case"]
    assert len(cases) >= 4
    text = squeeze(pdf_text(printed[lang][0] / "case-cards.pdf"))
    separator = "：" if lang == "zh" else ":"
    assert text.count(squeeze(CASE[lang] + separator)) == len(cases), "one card per entry"
    for i, case in enumerate(cases, start=1):
        assert squeeze(case[lang]["title"]) in text
        assert f"{i}/{len(cases)}" in text, "cards are numbered"


def _exercises(lesson: str, lang: str) -> list[tuple[str, str]]:
    """(title, first line of the solution's text) of every exercise, fenced div or blockquote."""
    fenced = re.findall(r"^::: challenge\n\n## (.+)$", lesson, re.M)
    fenced_firsts = re.findall(r"^::: solution\n\n## .+\n\n(.+)$", lesson, re.M)
    quoted = re.findall(rf"^> ## ({re.escape(EXERCISE[lang])}.+)$", lesson, re.M)
    quoted_firsts = re.findall(rf"^> > ## {SOLUTION[lang]}\n> >\n> > (.+)$", lesson, re.M)
    assert len(fenced) == len(fenced_firsts) and len(quoted) == len(quoted_firsts)
    return list(zip(fenced, fenced_firsts, strict=True)) + list(zip(quoted, quoted_firsts, strict=True))


@pytest.mark.parametrize("lang", LANGS)
def test_answer_key_has_every_exercise_with_its_solution(printed, lang):
    text = squeeze(pdf_text(printed[lang][0] / "answer-key.pdf"))
    count = 0
    for episode in EPISODES:
        lesson = source(f"{lang}/{episode}.md")
        exercises = _exercises(lesson, lang)
        assert len(exercises) >= 3
        assert squeeze(h1(lesson)) in text
        for exercise, first in exercises:
            assert squeeze(exercise) in text
            # the first words, before any Markdown mark the printout leaves out (list bullets, bold, keys, table rules…)
            words = re.split(r"[*`\[<|]", re.sub(r"^(?:[-+*]|\d+\.|\|) ?", "", first))[0][:20]
            assert squeeze(words) in text, f"{exercise}: its solution"
        count += len(exercises)
    assert count >= 18


@pytest.mark.parametrize("lang", LANGS)
def test_learner_handouts_carry_no_solution(printed, lang):
    answers = squeeze(pdf_text(printed[lang][0] / "answer-key.pdf"))
    for episode in EPISODES:
        firsts = [first for _, first in _exercises(source(f"{lang}/{episode}.md"), lang)]
        handout = printed[lang][0] / f"handout-{episode}.pdf"
        if handout.exists():
            text = squeeze(pdf_text(handout))
            for first in firsts:
                words = squeeze(re.split(r"[*`\[<]", first)[0][:24])
                if len(words) >= 12 and words in answers:
                    assert words not in text, f"{episode}: a solution on the learners' handout"


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_has_every_term(printed, lang):
    text = squeeze(pdf_text(printed[lang][0] / "glossary.pdf"))
    glossary = source(f"{lang}/glossary.md")
    terms = [unmarked(c) for c in table_column(glossary, 0) if c not in ("中文",)]
    assert len(terms) > 50
    missing = [t for t in terms if squeeze(t) not in text]
    assert not missing


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_is_landscape_with_every_row(printed, lang):
    reader = pypdf.PdfReader(printed[lang][0] / "agenda.pdf")
    box = reader.pages[0].mediabox
    assert box.width > box.height, "landscape"
    text = squeeze("\n".join(page.extract_text() for page in reader.pages))
    rows = table_column(section(source(f"{lang}/instructor-guide.md"), AGENDA[lang]), 0)
    assert len(rows) >= 10 and all(re.fullmatch(r"\d:\d\d", r) for r in rows)
    assert "2:45" in rows, "the agenda keeps its slack"
    assert all(row in text for row in rows)


# ------------------------------------------------------------------- the markup --


def test_markup_keeps_typst_special_characters_as_text(tmp_path):
    # Each of these means something in typst markup: heading, math, bold, emphasis, reference,
    # label, comment, content block, non-breaking space, escape, smart quote, list, enumeration.
    line = r'= Cost #1: $5 * 2 = 10_000 @home <b> a/b //c [x] ~ \ "q" - + 1.'
    body = Markup().blocks(parse("x " + line + "\n"))
    (pdf,) = write([Document("escape", "escape", body)], tmp_path / "out", "en")
    assert squeeze("x " + line) in squeeze(pdf_text(pdf.path))


def test_string_literal_escapes_backslash_and_quote():
    assert string('a\\b"c') == '"a\\\\b\\"c"'
    assert string("two\nlines") == '"two lines"'


def test_a_source_line_break_is_a_space_in_english_and_nothing_in_chinese():
    assert Markup().blocks(parse("居民\n社区\n")) == '#"居民社区"'
    assert Markup().blocks(parse("one\ntwo\n")) == '#"one two"'


def test_prediction_cells_become_tick_boxes():
    markup = Markup().blocks(parse("| step | watch | guess |\n| --- | --- | --- |\n| 1 | rate | ↑ ↓ — |\n"))
    assert 'predict(("↑", "↓", "—"))' in markup


def test_the_documents_come_from_the_lessons_given(tmp_path):
    # A lesson folder of one's own: its text, not the course's, is what gets printed.
    zh = tmp_path / "zh"
    (zh / "handouts").mkdir(parents=True)
    for rel in ("glossary.md", "instructor-guide.md"):
        (zh / rel).write_text(source(f"zh/{rel}"), encoding="utf-8")
    (zh / "handouts" / "01-x.md").write_text("# 讲义 甲\n\n自己的讲义\n", encoding="utf-8")
    (tmp_path / "cases.toml").write_text(
        '[[case]]\nid = "b"\n[case.zh]\ntitle = "乙"\ntext = "丙"\n[case.en]\ntitle = "B"\ntext = "C"\n',
        encoding="utf-8",
    )
    (zh / "01-x.md").write_text(
        "# 第 1 课 甲\n\n<!-- case: b -->\n\n::: challenge\n\n## 练习 1：丁\n\n戊\n\n::: solution\n\n## 答案\n\n己\n\n:::\n\n:::\n",
        encoding="utf-8",
    )
    names = [d.name for d in documents(tmp_path, "zh")]
    assert names == ["handout-01-x", "case-cards", "glossary", "agenda", "answer-key"]
    docs = {d.name: d for d in documents(tmp_path, "zh")}
    assert string("案例卡：乙") in docs["case-cards"].body and string("1 / 1") in docs["case-cards"].body
    assert string("第 1 课 甲") in docs["case-cards"].body, "a card names the episode that shows it"
    assert string("己") in docs["answer-key"].body and string("练习 1：丁") in docs["answer-key"].body


# ------------------------------------------------------------------- bad input --


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_unknown_language_is_one_line_naming_the_allowed_ones(tmp_path, capsys):
    out = tmp_path / "out"
    status, stdout, stderr = run(capsys, "print", "--out", str(out), "--lang", "xx")
    assert status == 2 and stdout == ""
    assert len(stderr.strip().splitlines()) == 1
    assert "zh" in stderr and "en" in stderr and "xx" in stderr
    assert not out.exists(), "nothing written"


@pytest.mark.parametrize("lang", LANGS)
def test_out_that_is_a_file_is_refused_and_left_alone(tmp_path, capsys, lang):
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    status, stdout, stderr = run(capsys, "print", "--out", str(target), "--lang", lang)
    assert status == 2 and stdout == "" and len(stderr.strip().splitlines()) == 1
    assert str(target) in stderr and ("文件夹" in stderr if lang == "zh" else "folder" in stderr)
    assert target.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_deep_folder_with_chinese_names_is_named_whole(tmp_path, capsys):
    deep = (
        tmp_path
        / "社区工作者培训资料"
        / "二〇二六年第四季度新入职人员"
        / "网格员与社区合伙人专题"
        / "打印材料（不要删除）"
    )
    deep.mkdir(parents=True)
    target = deep / "已经存在的同名文件.txt"
    target.write_text("mine", encoding="utf-8")
    assert len(str(target)) > 100
    status, _, stderr = run(capsys, "print", "--out", str(target), "--lang", "zh")
    assert status == 2 and len(stderr.strip().splitlines()) == 1
    assert str(target) in stderr  # the whole path, to find the file again
    assert target.read_text(encoding="utf-8") == "mine"


def test_out_below_a_file_is_one_line_and_writes_nothing(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    status, stdout, stderr = run(capsys, "print", "--out", str(blocker / "sub"), "--lang", "en")
    assert status == 2 and stdout == "" and len(stderr.strip().splitlines()) == 1
    assert "cannot write" in stderr and "part of the path is a file" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_failing_document_leaves_the_folder_as_it_was(tmp_path):
    good = Document("good", "good", '#"fine"')
    bad = Document("bad", "bad", "#no-such-function()")
    # A new folder: removed again, with the parents this call created.
    with pytest.raises(TypesetError, match="bad"):
        write([good, bad], tmp_path / "new" / "zh", "zh")
    assert list(tmp_path.iterdir()) == []
    # An existing folder: the earlier PDF stays as it was, no temporary folder is left.
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "good.pdf").write_bytes(b"earlier")
    with pytest.raises(TypesetError):
        write([good, bad], folder, "zh")
    assert [p.name for p in folder.iterdir()] == ["good.pdf"]
    assert (folder / "good.pdf").read_bytes() == b"earlier"


def test_fenced_divs_are_boxes_and_a_learners_page_leaves_out_the_trainers_ones():
    page = parse(
        "::: challenge\n\n## Exercise 1\n\nAsk.\n\n::: solution\n\n## Solution\n\nAnswer.\n\n:::\n\n:::\n\n"
        "::: instructor\n\nPause here.\n\n:::\n\n::: keypoints\n\n- Point.\n\n:::\n"
    )
    assert [t["attrs"]["name"] for t in page if t["type"] == "div"] == ["challenge", "instructor", "keypoints"]
    trainer = Markup(labels={"solution": "SOLUTION-BOX"}).blocks(page)
    assert trainer.count("#div-box(") == 4 and string("Answer.") in trainer and string("SOLUTION-BOX") in trainer
    learner = Markup(learner=True).blocks(page)
    assert string("Ask.") in learner and string("Point.") in learner
    assert string("Answer.") not in learner and string("Pause here.") not in learner


def test_an_unclosed_or_unknown_div_is_refused():
    with pytest.raises(SourceError, match="challenge"):
        parse("::: challenge\n\ntext\n")
    with pytest.raises(SourceError, match="sidebar"):
        Markup().blocks(parse("::: sidebar\n\ntext\n\n:::\n"))


def test_kbd_is_a_key_and_a_comment_prints_nothing():
    markup = Markup().blocks(parse("<!-- case: noise -->\n\nPress <kbd>Run all</kbd> now.\n"))
    assert markup == '#"Press "#kbd("Run all")#" now."'


def test_an_html_block_is_refused_with_its_name():
    with pytest.raises(SourceError, match="block_html"):
        Markup().blocks(parse("<div>\nraw\n</div>\n"))


def test_a_missing_engine_is_one_line_saying_what_to_install(tmp_path, capsys, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "typst" else real(name, *a))
    status, stdout, stderr = run(capsys, "print", "--out", str(tmp_path / "out"), "--lang", "zh")
    assert status == 2 and stdout == "" and len(stderr.strip().splitlines()) == 1
    assert "typst" in stderr and "community-1234-kit[print]" in stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "problem, zh, en",
    [
        (
            lambda: SourceError("print.source.unclosed_div", name="challenge"),
            "课程文件不完整，无法排版：“::: challenge”没有结束的“:::”",
            "a lesson file cannot be printed: '::: challenge' has no closing ':::'",
        ),
        (
            lambda: CourseNotFound(Path("/kit/content"), Path("/kit")),
            "/kit/content 里没有课程文件，/kit 也不是源码目录",
            "no course files in /kit/content nor in a source tree at /kit",
        ),
    ],
    ids=["lesson file", "no course"],
)
def test_a_course_that_cannot_be_printed_is_said_in_the_users_language(tmp_path, capsys, monkeypatch, problem, zh, en):
    import sim.printables

    def build(out, lang):
        raise problem()

    monkeypatch.setattr(sim.printables, "build", build)
    for lang, said in (("zh", zh), ("en", en)):
        status, stdout, stderr = run(capsys, "print", "--out", str(tmp_path / "out"), "--lang", lang)
        assert status == 2 and stdout == "" and len(stderr.strip().splitlines()) == 1
        assert said in stderr, stderr
    assert not (tmp_path / "out").exists()


def test_the_wheel_prints_from_its_own_copy_of_the_course(kit_wheel, tmp_path):
    # The wheel's files alone (templates, lessons under sim/course/content) make the set.
    import subprocess
    import sys
    import zipfile

    unpacked = tmp_path / "wheel"
    with zipfile.ZipFile(kit_wheel) as wheel:
        names = wheel.namelist()
        assert "sim/printables/templates/kit.typ" in names
        wheel.extractall(unpacked)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import sim; "
        "assert sim.__file__.startswith(sys.argv[1]), sim.__file__; "
        "from sim.cli import main; sys.exit(main(['print', '--out', sys.argv[2], '--lang', 'zh']))"
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", script, str(unpacked), str(out)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (out / "zh").iterdir()) == sorted(
        [f"handout-{e}.pdf" for e in HANDOUTS] + [f"{name}.pdf" for name in OTHERS]
    )


def test_a_folder_without_write_permission_is_one_line_in_the_users_language(tmp_path, capsys, monkeypatch):
    # Root may write anywhere, so the refusal a user meets is made here.
    import errno

    import sim.printables.typeset as typeset

    def refuse(folder):
        raise PermissionError(errno.EACCES, "Permission denied", str(folder))

    monkeypatch.setattr(typeset, "_make_folder", refuse)
    status, stdout, stderr = run(capsys, "print", "--out", str(tmp_path / "locked"), "--lang", "zh")
    assert status == 2 and stdout == "" and len(stderr.strip().splitlines()) == 1
    # names the folder (a long path is cut after its first 79 characters, as every value in a message)
    assert "没有写入权限" in stderr and str(tmp_path / "locked")[:60] in stderr
    assert list(tmp_path.iterdir()) == []


def test_the_same_lessons_give_the_same_bytes(tmp_path):
    (glossary,) = [d for d in documents(LESSONS, "en") if d.name == "glossary"]
    first = write([glossary], tmp_path / "a", "en")[0].path.read_bytes()
    second = write([glossary], tmp_path / "b", "en")[0].path.read_bytes()
    assert first == second
    # no clock in the file: the same bytes tomorrow as well
    assert "/CreationDate" not in (pypdf.PdfReader(io.BytesIO(first)).metadata or {})
