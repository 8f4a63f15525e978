"""The printed materials (``cli.print.*``, ``print.*``).

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "cli.print.help": (
        "生成可打印的 A4 PDF：讲义、案例卡、术语表、议程和答案",
        "build printable A4 PDFs: handouts, case cards, glossary, agenda and answer key",
    ),
    "cli.print.out": (
        "存放 PDF 的文件夹；文件写在其中的 zh/ 或 en/ 子文件夹里，同名的旧文件会被替换",
        "folder for the PDFs; they go into its zh/ or en/ subfolder, replacing files of the same name",
    ),
    "cli.print.epilog": (
        "示例：\n"
        "  community-1234 print --out 打印材料              # 用系统语言\n"
        "  community-1234 print --out 打印材料 --lang en    # 英文版\n\n"
        "每课一份讲义（一到两页，含“先预测”勾选栏）、案例卡（沿虚线剪开）、术语表、\n"
        "课程安排（横版）和答案（培训师用，另成一份）。中文用套件自带的思源黑体（Noto Sans CJK），字体嵌入 PDF。",
        "examples:\n"
        "  community-1234 print --out printouts              # in the system language\n"
        "  community-1234 print --out printouts --lang en    # the English set\n\n"
        "One handout per episode (one or two pages, with a 'Predict first' column to tick), the case cards\n"
        "(cut along the dashed lines), the glossary, the agenda (landscape) and the answer key (for the\n"
        "trainer, a separate file). Chinese is set in the bundled Noto Sans CJK; fonts are embedded in the PDFs.",
    ),
    "print.file": ("  {name}  {pages} {pages_word}  {size}", "  {name}  {pages} {pages_word}  {size}"),
    "print.page": ("页", "page"),
    "print.case_head": ("{case}：", "{case}: "),
    "print.pages": ("页", "pages"),
    "print.done": (
        "已生成 {count} 个 PDF，在 {folder}，用时 {seconds} 秒",
        "{count} PDFs in {folder}, built in {seconds} s",
    ),
    "print.error.not_folder": (
        "--out {path} 是一个文件，不是文件夹",
        "--out {path} is a file, not a folder",
    ),
    "print.error.write": (
        "无法写入 {path}：{why}；请换一个有写入权限的文件夹",
        "cannot write to {path}: {why}; choose a folder you may write to",
    ),
    "print.error.missing": (
        '生成 PDF 需要 {package} 包：pip install "community-1234-kit[print]"',
        'building PDFs needs the {package} package: pip install "community-1234-kit[print]"',
    ),
    "print.error.fonts": (
        "找不到自带的中文字体 Noto Sans CJK SC（mpl-font 包）：pip install mpl-font",
        "the bundled Chinese font Noto Sans CJK SC (package mpl-font) is missing: pip install mpl-font",
    ),
    "print.why.permission": ("没有写入权限", "permission denied"),
    "print.why.not_folder": ("路径中有一部分是文件，不是文件夹", "part of the path is a file, not a folder"),
    "print.why.read_only": ("磁盘是只读的", "the disk is read-only"),
    "print.why.full": ("磁盘已满", "the disk is full"),
    # what is wrong with a lesson file (print.error.source's {why})
    "print.source.not_utf8": ("{file}：不是 UTF-8 文本", "{file}: not UTF-8 text"),
    "print.source.no_handouts": ("{lang}/handouts：没有讲义", "{lang}/handouts: no handouts"),
    "print.source.cases": ("cases.toml 读不出来：{problem}", "cases.toml: {problem}"),
    "print.source.card_text": (
        "cases.toml：{id}：缺少 {lang} 的标题或正文",
        "cases.toml: {id}: no {lang} title or text",
    ),
    "print.source.no_cards": ("cases.toml：没有案例卡", "cases.toml: no case cards"),
    "print.source.one_solution": (
        "{file}：“{title}”需要一个答案，且只能有一个",
        "{file}: '{title}' needs one solution",
    ),
    "print.source.no_exercises": ("{lang}：各课里没有练习", "{lang}: no exercises in the episodes"),
    "print.source.challenge": (
        "{file}：练习需要一个“## ”标题和一个答案（{name}）",
        "{file}: a challenge needs a '## ' title and one solution ({name})",
    ),
    "print.source.untitled": ("无标题", "untitled"),
    "print.source.unclosed_div": ("“::: {name}”没有结束的“:::”", "'::: {name}' has no closing ':::'"),
    "print.source.no_heading": ("没有一级标题", "no level-1 heading"),
    "print.source.no_section": ("没有“{prefix}…”一节", "no section '{prefix}…'"),
    "print.source.unsupported": ("打印不支持这种 Markdown：{kind}", "unsupported Markdown in print: {kind}"),
    "print.source.unknown_div": ("打印不认识这种块：::: {name}", "unknown fenced div in print: ::: {name}"),
    "print.error.source": (
        "课程文件不完整，无法排版：{why}",
        "a lesson file cannot be printed: {why}",
    ),
    "print.error.typeset": (
        "排版 {name} 失败：{why}",
        "typesetting {name} failed: {why}",
    ),
    # In the documents themselves.
    "print.doc.course": ("社区“1234”工作法培训", "Community 1234 training"),
    "print.doc.cards": ("案例卡", "Case cards"),
    "print.doc.cards_intro": (
        "沿虚线剪开，每组一张。先读卡片、猜一猜模型里会怎样，再打开面板。",
        "Cut along the dashed lines, one card per group. Read the card and guess what the model will show before you open the panel.",
    ),
    "print.doc.answers": ("练习答案（培训师用）", "Answer key (for the trainer)"),
    "print.doc.answers_notice": (
        "培训师用：请在学员做完练习之后再发。",
        "For the trainer: hand out only after the learners have done the exercises.",
    ),
    # The labels of the lessons' Carpentries boxes (fenced divs) on paper.
    "print.div.challenge": ("练习", "Exercise"),
    "print.div.solution": ("答案", "Solution"),
    "print.div.callout": ("说明", "Note"),
    "print.div.instructor": ("给培训师", "For the trainer"),
    "print.div.keypoints": ("要点", "Key points"),
    "print.div.objectives": ("目标", "Objectives"),
    "print.div.questions": ("问题", "Questions"),
}
