"""Calibration from an issue log (``cli.calibrate.*``): help, output, notes and errors.

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # --- calibrate: help ----------------------------------------------------------------------
    "cli.calibrate.help": (
        "从社区自己的诉求台账（CSV）或 Excel 工作簿（.xlsx）估计参数并写出情景文件；--template 写出空白台账模板",
        "estimate parameters from a community's own issue log (CSV), or one kept in Excel (.xlsx), and write a "
        "scenario file; --template writes a blank log template",
    ),
    "cli.calibrate.arg.log": (
        "诉求台账（CSV 或 Excel 的 .xlsx；格式见 docs/calibration.zh.md）",
        "the issue log (CSV or Excel .xlsx; format in docs/calibration.md)",
    ),
    "cli.calibrate.arg.template": (
        "只写出一份空白的 Excel 台账模板（.xlsx，列名和说明用 --lang 的语言），不校准；不能同时给出 LOG 或 --out",
        "only write a blank Excel issue-log template (.xlsx, headers and notes in the --lang language), no "
        "calibration; not together with LOG or --out",
    ),
    "cli.calibrate.arg.out": (
        "要写出的情景文件（.toml，必需）；不能是任何输入文件",
        "scenario file to write (.toml; required); may not be any of the input files",
    ),
    "cli.calibrate.arg.households": (
        "社区住户数：{low:,} 到 {high:,} 的整数（默认：基础情景的住户数）",
        "households in the community: an integer from {low:,} to {high:,} (default: the base scenario's)",
    ),
    "cli.calibrate.arg.name": (
        '情景名称：一行，最多 {limit} 个字符，不含 / \\ : * ? " < > |（默认：--out 的文件名）',
        'scenario name: one line of at most {limit} characters without / \\ : * ? " < > | '
        "(default: the file name of --out)",
    ),
    "cli.calibrate.arg.base": (
        "结果所扩展的基础情景，即本社区的做法（内置名称或 .toml；默认 baseline）",
        "scenario the result extends, i.e. the community's practices (name or .toml; default baseline)",
    ),
    "cli.calibrate.arg.hours": (
        "由解决时间推算处置工时并写出（direct），或沿用基础情景的工时（keep，默认）",
        "write handling hours from resolution times (direct) or keep the base scenario's (default)",
    ),
    "cli.calibrate.arg.days": (
        "台账覆盖的工作日数：{low} 到 {high:,} 的整数，不短于台账本身（默认：从第一条到最后一条受理日）",
        "working days the log covers: an integer from {low} to {high:,}, not shorter than the log itself "
        "(default: first to last created day)",
    ),
    "cli.calibrate.arg.holidays": (
        "非工作日文件：每行一个 YYYY-MM-DD（{first}–{last} 年），可有空行和 # 注释",
        "file of non-working dates: one YYYY-MM-DD ({first}–{last}) a line; blank lines and # comments allowed",
    ),
    "cli.calibrate.arg.table": (
        "另外写出估计结果表（CSV）；不能与 --out 相同",
        "also write the estimates table (CSV); may not be the same file as --out",
    ),
    "cli.calibrate.arg.seed": (
        "模拟和自助法（bootstrap）的随机种子，0 到 2**63 - 1（默认 0）",
        "seed of the simulation and bootstrap, 0 to 2**63 - 1 (default 0)",
    ),
    "cli.calibrate.epilog": (
        "少于 {min_issues} 条诉求的台账不予估计；少于 {few_issues} 条、少于 {few_days} 个工作日或超过 "
        "{long_days:,} 个工作日（约 5 年）时给出警告并写入情景文件。出错时只显示一行原因，不写出任何文件，"
        "输入文件绝不会被覆盖。",
        "Logs with fewer than {min_issues} issues are refused; fewer than {few_issues} issues, fewer than "
        "{few_days} working days or more than {long_days:,} (about 5 years) give a warning, also written into "
        "the scenario file. On an error one line says why, nothing is written, and input files are never "
        "overwritten.",
    ),
    "cli.calibrate.example.help": (
        "写出合成的示例诉求台账：基线情景预热一年之后一年里社区得知的诉求（默认值即重现随附的文件）",
        "write the synthetic example issue log: the issues the community learnt of in a year of the baseline "
        "after a year of run-in (the defaults reproduce the shipped file)",
    ),
    "cli.calibrate.example.out": (
        "要写出的 CSV 文件（默认：随附的 sim/data/example-issue-log.csv）",
        "CSV file to write (default: the shipped sim/data/example-issue-log.csv)",
    ),
    "cli.calibrate.example.seed": (
        "模拟的随机种子，0 到 2**63 - 1（默认 {seed}）",
        "seed of the simulation, 0 to 2**63 - 1 (default {seed})",
    ),
    "cli.calibrate.example.scenario": (
        "要模拟的情景（内置名称或 .toml；默认 baseline）",
        "scenario to simulate (name or .toml; default baseline)",
    ),
    "cli.calibrate.example.households": (
        "住户数：{low:,} 到 {high:,} 的整数（默认 {default:,}）",
        "households: an integer from {low:,} to {high:,} (default {default:,})",
    ),
    # --- calibrate: output --------------------------------------------------------------------
    "cli.calibrate.header": (
        "{n} 条诉求，覆盖 {span:g} 个工作日 -> {path}",
        "{n} issues over {span:g} working days -> {path}",
    ),
    "cli.calibrate.table_written": ("估计结果表 -> {path}", "estimates table -> {path}"),
    "cli.calibrate.note": ("说明：", "note: "),
    "cli.calibrate.warning": ("警告：", "warning: "),
    "cli.calibrate.rough": ("（粗略）", "(rough)"),
    "cli.calibrate.example.done": ("{n} 条诉求 -> {path}", "{n} issues -> {path}"),
    "cli.calibrate.template.done": ("台账模板 -> {path}", "issue-log template -> {path}"),
    # --- calibrate: the written scenario file -------------------------------------------------
    "cli.calibrate.file.source": (
        "由 sim.calibrate 根据 {file} 校准：{n} 条诉求，覆盖 {span:g} 个工作日{when}。",
        "Calibrated by sim.calibrate from {file}: {n} issues over {span:g} working days{when}.",
    ),
    "cli.calibrate.file.when": ("，自 {origin}（第 0 个工作日）起", ", from {origin} (working day 0)"),
    "cli.calibrate.file.how": (
        "注释中给出估计值、95% 置信区间和样本量（估计方法见 docs/calibration.zh.md）；未列出的参数取自基础情景。",
        "Estimates, 95% confidence intervals and sample sizes in the comments (see docs/calibration.md for "
        "how); parameters not listed come from the base scenario.",
    ),
    "cli.calibrate.file.note": ("说明：", "Note: "),
    "cli.calibrate.file.warning": ("警告：", "Warning: "),
    "cli.calibrate.file.title": ("由诉求台账校准：{name}", "Calibrated from an issue log: {name}"),
    "cli.calibrate.file.description": (
        "根据{n}条诉求记录（{span:g}个工作日）估计的诉求数量、类别构成和热线比例；其余参数沿用{base}。",
        "Issue volume, category mix and hotline share estimated from {n} logged issues ({span:g} working "
        "days); everything else as in {base}.",
    ),
    "cli.calibrate.file.description.satisfaction": (
        "根据{n}条诉求记录（{span:g}个工作日）估计的诉求数量、类别构成、热线比例，以及由满意度评价拟合的满意度各项；"
        "其余参数沿用{base}。",
        "Issue volume, category mix, hotline share and, from the satisfaction answers, the satisfaction terms "
        "estimated from {n} logged issues ({span:g} working days); everything else as in {base}.",
    ),
    # --- calibrate: notes and warnings (printed, and written into the scenario file) ----------
    "cli.calibrate.notes.households": (
        "未给出住户数：使用基础情景的 {h} 户（诉求率按户计算）",
        "households not given: the base scenario's {h} is used (rates are per household)",
    ),
    "cli.calibrate.notes.never_known": (
        "{k}：基础情景下这类需求从不被社区得知，其数量只是粗略猜测",
        "{k}: the base scenario lets no such need become known; its rate is a rough guess",
    ),
    "cli.calibrate.notes.capped": (
        "issues_per_household 估计为 {total:.3g}，超过允许的最大值，已取上限 {cap:g}",
        "issues_per_household {total:.3g} is above the allowed maximum; capped at {cap:g}",
    ),
    "cli.calibrate.notes.incidents": (
        "{n} 条事故暴露的记录不参与处理工时拟合（事故的工作量是平常的三倍）",
        "{n} incident rows left out of the handling-time fit (incidents take 3× the work)",
    ),
    "cli.calibrate.notes.instant": (
        "{k}：{n} 条受理即办结的记录不参与拟合",
        "{k}: {n} case(s) resolved the moment they were created left out of the fit",
    ),
    "cli.calibrate.notes.few_resolved": (
        "{k}：办结的诉求少于 2 条，无法估计处理工时",
        "{k}: fewer than 2 resolved cases: no handling-time estimate",
    ),
    "cli.calibrate.notes.no_channel_rows": ("{n} 行没有填写渠道", "{n} rows without a channel"),
    "cli.calibrate.notes.no_channel": (
        "没有渠道列（或全部为空）：hotline_share 沿用基础情景",
        "no channel column (or all empty): hotline_share kept from the base scenario",
    ),
    # The satisfaction terms (sim.calibrate.satisfaction).
    "cli.calibrate.notes.sat.none": (
        "台账中没有已办结诉求的满意度评价：satisfaction.* 各项沿用基础情景",
        "no satisfaction answers on closed cases: the satisfaction.* terms are kept from the base scenario",
    ),
    "cli.calibrate.notes.sat.open": (
        "{n} 条尚未办结诉求的满意度评价不参与拟合（模型在结案时询问评价）",
        "{n} satisfaction answer(s) on cases still open left out of the fit (the model asks at closure)",
    ),
    "cli.calibrate.notes.sat.no_column": (
        "satisfaction.{term} 沿用基础情景：台账没有{columns}列",
        "satisfaction.{term} kept from the base scenario: the log has no {columns} column",
    ),
    "cli.calibrate.notes.sat.empty_rows": (
        "{n} 条有评价的办结诉求因截止时间（due）和是否超期（overdue）都为空、或是否解决（solved）为空，不参与满意度拟合",
        "{n} answered closed case(s) left out of the satisfaction fit: due and overdue, or solved, empty",
    ),
    "cli.calibrate.notes.sat.few": (
        "只有 {n} 条有满意度评价的办结诉求可用（至少需要 {min} 条），或评价全都相同：satisfaction.* 各项沿用基础情景",
        "only {n} answered closed cases to fit (at least {min} are needed), or all answers alike: "
        "the satisfaction.* terms are kept from the base scenario",
    ),
    "cli.calibrate.notes.sat.constant": (
        "satisfaction.{term} 沿用基础情景：所有有评价的办结诉求中 {feature} 都是 {value:g}，无法估计",
        "satisfaction.{term} kept from the base scenario: {feature} is {value:g} in every answered closed case, "
        "so it cannot be estimated",
    ),
    "cli.calibrate.notes.sat.unidentified": (
        "satisfaction.{term} 沿用基础情景：满意度评价无法确定它（有这一项的诉求评价全都一样，或它与其他项同步变化）",
        "satisfaction.{term} kept from the base scenario: the answers cannot pin it down (cases with it all "
        "answered alike, or it moves with another term)",
    ),
    "cli.calibrate.notes.sat.failed": (
        "满意度拟合未能收敛：satisfaction.* 各项沿用基础情景",
        "the satisfaction fit did not converge: the satisfaction.* terms are kept from the base scenario",
    ),
    "cli.calibrate.notes.sat.limit": (
        "首次响应是否超时，按基础情景的响应时限 {limit:g} 个工作日判断",
        "slow_response is judged against the base scenario's response limit of {limit:g} working days",
    ),
    "cli.calibrate.notes.sat.absorbed": (
        "台账缺少上述列时，拟合出的各项（尤其是 satisfaction.base）也吸收了台账未记录之事的部分影响"
        "（例如等得久往往也超期），而情景又按沿用的系数再计一次，模拟的满意度会偏低；补上这些列即可避免",
        "where the log lacks these columns, the fitted terms (satisfaction.base above all) also take up part of "
        "the effect of what it does not record (a long wait often goes with lateness, for one), which the "
        "scenario then counts again through the kept terms, so simulated satisfaction comes out low; add the "
        "columns to avoid this",
    ),
    # What a satisfaction term needs from the log (filled into cli.calibrate.notes.sat.no_column).
    "cli.calibrate.sat.need.late": ("截止时间（due）或是否超期（overdue）", "due or overdue"),
    "cli.calibrate.sat.need.unresolved": ("是否解决（solved）", "solved"),
    "cli.calibrate.sat.need.reopened": ("返工次数（reopened）", "reopened"),
    "cli.calibrate.sat.need.repeats": ("重复反映次数（repeats）", "repeats"),
    "cli.calibrate.sat.need.bounces": ("退回次数（bounces）", "bounces"),
    "cli.calibrate.sat.need.slow_response": ("首次响应时间（responded）", "responded"),
    "cli.calibrate.sat.need.wait_days": ("受理时间和办结时间（created、resolved）", "created and resolved"),
    "cli.calibrate.notes.ignored": ("未使用的列：{columns}", "columns not used: {columns}"),
    "cli.calibrate.warn.few_issues": (
        "台账只有 {n} 条诉求（不足 {min} 条）：估计值很粗略、置信区间很宽，结果表中已标为粗略",
        "the log has only {n} issues (fewer than {min}): the estimates are rough and their intervals wide; "
        "they are marked as rough in the table",
    ),
    "cli.calibrate.warn.few_days": (
        "台账只覆盖 {days:g} 个工作日（不足 {min} 个，约一个月）：周与周之间的起伏左右着估计值，慢的诉求大多尚未办结",
        "the log covers only {days:g} working days (fewer than {min}, about a month): week-to-week swings "
        "dominate the estimates and slow cases are mostly still open",
    ),
    "cli.calibrate.warn.long": (
        "台账跨越 {days:,g} 个工作日（超过 {max:,} 个，约 5 年）：期间人员和做法多半有变化，估计值是它们的平均；"
        "可考虑只用最近一两年的记录",
        "the log spans {days:,g} working days (more than {max:,}, about 5 years): staff and practices have "
        "likely changed in that time and the estimates average over them; consider the last year or two",
    ),
    # --- calibrate: errors ----------------------------------------------------------------------
    "cli.calibrate.err.same_output": (
        "{out} 和 {table} 不能是同一个文件（{path}）",
        "{out} and {table} cannot be the same file ({path})",
    ),
    "cli.calibrate.err.no_dir": (
        "{option} {path} 无法写入：目录 {dir} 不存在",
        "{option} {path} cannot be written: the directory {dir} does not exist",
    ),
    "cli.calibrate.err.template_suffix": (
        "{option} {path}：模板文件名必须以 .xlsx 结尾",
        "{option} {path}: a template file name must end in .xlsx",
    ),
    "cli.calibrate.err.template_alone": (
        "--template 只写出模板：不能同时给出 {given}",
        "--template only writes the template: do not give {given} with it",
    ),
    "cli.calibrate.err.suffix": (
        "{option} {path}：情景文件名必须以 .toml 结尾",
        "{option} {path}: a scenario file name must end in .toml",
    ),
    "cli.calibrate.err.name_from_out": (
        "情景名称（取自 --out 的文件名；可用 --name 另取）",
        "the scenario name (from the file name of --out; choose one with --name)",
    ),
    "cli.calibrate.err.not_utf8": (
        "{label} 不允许：含有无法以 UTF-8 写出的字符",
        "{label} is not allowed: it holds characters that cannot be written as UTF-8",
    ),
    "cli.calibrate.err.shipped_name": (
        "情景名称 {name} 是内置情景的名称；请用 --name 另取一个",
        "the scenario name {name} is the name of a shipped scenario; choose another with --name",
    ),
    "cli.calibrate.err.inline_base": (
        "基础情景必须是内置情景的名称或情景文件，才能在其上扩展",
        "the base scenario must be a shipped name or a file to be extended",
    ),
    "cli.calibrate.err.hours": (
        "hours = {value} 不允许：应为 keep 或 direct",
        "hours = {value} is not allowed: expected keep or direct",
    ),
    "cli.calibrate.err.too_few": (
        "{source}：台账只有 {n} 条诉求，至少需要 {min} 条才能估计（更少时连诉求总量的 95% 区间都相差约四倍，"
        "各类别的占比更无从区分）",
        "{source}: the issue log has {n} issue(s); at least {min} are needed to estimate anything (with fewer, "
        "even the 95% interval of the total spans a factor of about four, and category shares cannot be told apart)",
    ),
    "cli.calibrate.err.span_short": (
        "{option} {days:g} 不可用：比台账本身还短（从第一条到最后一条受理日共 {span:g} 个工作日）",
        "{option} {days:g} is not allowed: shorter than the log itself ({span:g} working days from the first "
        "to the last created day)",
    ),
    "cli.calibrate.err.span_long": (
        "{source}：台账跨越 {span:,g} 个工作日，超过可以校准的 {max:,} 个（约 19 年）；请只用最近几年的记录",
        "{source}: the log spans {span:,g} working days, more than the {max:,} (about 19 years) that can be "
        "calibrated; use the records of the last few years",
    ),
    "cli.calibrate.err.no_usable": ("{source}：诉求台账没有可用的数据行", "{source}: the issue log has no usable rows"),
    "cli.calibrate.err.no_times": ("没有可换算的时间", "no timestamps to convert"),
    # --- calibrate: the Excel template of an issue log (sim.calibrate.template) --------------------
    "cli.calibrate.template.sheet.log": ("诉求台账", "issue log"),
    "cli.calibrate.template.sheet.columns": ("填写说明", "columns"),
    "cli.calibrate.template.sheet.hotline": ("12345类别对照", "12345 categories"),
    "cli.calibrate.template.title": (
        "诉求台账模板：每行一条社区登记的诉求，第一行是列名，请勿改动",
        "Issue-log template: one row per issue the community registered; the first row holds the column names, "
        "keep it as it is",
    ),
    "cli.calibrate.template.privacy": (
        "不要填写居民的姓名、电话、身份证号或门牌地址：校准用不到这些信息，含有这些信息的台账会被拒绝。",
        "Do not enter residents' names, phone numbers, ID card numbers or addresses: calibration does not need "
        "them and refuses a log that holds them.",
    ),
    "cli.calibrate.template.how": (
        "前三列必填（办结时间在尚未办结时留空），其余各列可以整列删去。时间填成 2024-03-01 08:30 的样子。"
        "有下拉列表的列请从列表中选择。",
        "The first three columns are required (leave resolved empty while a case is open); any other column may "
        "be deleted. Enter times like 2024-03-01 08:30. Pick from the drop-down list where a column has one.",
    ),
    "cli.calibrate.template.hotline_note": (
        "诉求类别也可以填 12345 热线的类别（如 物业管理、城市管理）：按“12345类别对照”表计入本工具的类别。",
        "The category may also be a 12345 hotline category, written in Chinese as the hotline writes it (property "
        "management, city management…): it is counted as the kit's category given in the sheet '12345 categories'.",
    ),
    "cli.calibrate.template.run": (
        "填好后保存，然后运行：python -m sim calibrate 台账.xlsx --out 本社区.toml --households 住户数",
        "When filled in, save it and run: python -m sim calibrate log.xlsx --out my-community.toml --households N",
    ),
    "cli.calibrate.template.col.header": ("列名", "column"),
    "cli.calibrate.template.col.required": ("是否必填", "required"),
    "cli.calibrate.template.col.about": ("填写内容", "what it holds"),
    "cli.calibrate.template.col.values": ("可填的值", "values"),
    "cli.calibrate.template.col.aliases": ("也认可的列名", "other headers accepted"),
    "cli.calibrate.template.yes": ("必填", "required"),
    "cli.calibrate.template.no": ("可选", "optional"),
    "cli.calibrate.template.time_values": ("日期时间，如 2024-03-01 08:30", "a date-time such as 2024-03-01 08:30"),
    "cli.calibrate.template.count_values": (
        "0 到 {high:,} 的整数，留空即为 0",
        "a whole number from 0 to {high:,}; empty is 0",
    ),
    "cli.calibrate.template.text_values": ("任意文字或编号", "any text or number"),
    "cli.calibrate.template.hotline.name": ("12345 热线类别", "12345 hotline category"),
    "cli.calibrate.template.hotline.category": ("计为本工具的类别", "counted as the kit's category"),
    "cli.calibrate.template.hotline.basis": (
        "依据（来源见 sim/data/12345-categories.csv 开头）",
        "basis (sources at the top of sim/data/12345-categories.csv)",
    ),
    "cli.calibrate.template.list.prompt_title": ("请从列表中选择", "Pick from the list"),
    "cli.calibrate.template.list.error_title": ("不在列表中", "Not in the list"),
    "cli.calibrate.template.list.error": ("请从下拉列表中选择一个值。", "Please pick a value from the drop-down list."),
    "cli.calibrate.template.list.category_error": (
        "这不是本工具的类别。若是 12345 热线的类别，请看“12345类别对照”表是否收录；否则请从列表中选择。",
        "This is not one of the kit's categories. If it is a 12345 hotline category, check that the sheet "
        "'12345 categories' lists it; otherwise pick from the list.",
    ),
    "cli.calibrate.template.count_error": (
        "请填 0 到 {high:,} 的整数。",
        "Please enter a whole number from 0 to {high:,}.",
    ),
    # What each column holds (the template's sheet of notes, and a comment on each header).
    "cli.calibrate.template.about.created": (
        "社区登记这条诉求的时间（受理时间）",
        "when the community registered the issue",
    ),
    "cli.calibrate.template.about.category": (
        "诉求属于哪一类：从列表中选择，或填 12345 热线的类别",
        "what kind of issue it is: pick from the list, or give the 12345 hotline category",
    ),
    "cli.calibrate.template.about.resolved": (
        "办结（结案）的时间；尚未办结的留空",
        "when the case was closed; leave empty while it is open",
    ),
    "cli.calibrate.template.about.grid": (
        "所在网格的名称或编号（只保留，不参与估计）",
        "the grid's name or number (kept, not used in estimates)",
    ),
    "cli.calibrate.template.about.channel": ("社区是怎样得知这条诉求的", "how the community learnt of the issue"),
    "cli.calibrate.template.about.satisfaction": (
        "回访时居民是否满意",
        "whether the resident was satisfied when called back",
    ),
    "cli.calibrate.template.about.responded": (
        "工作人员第一次答复居民的时间（先行联系）；没有单独答复的留空",
        "when staff first answered the resident (quick contact); empty when the answer came with the closure",
    ),
    "cli.calibrate.template.about.due": ("办理时限：应当办结的时间", "the time limit: when the case was due to close"),
    "cli.calibrate.template.about.overdue": (
        "是否超过办理时限（没有截止时间列时使用）",
        "whether the case went past its time limit (used when there is no due column)",
    ),
    "cli.calibrate.template.about.solved": (
        "回访时居民说问题是否已解决",
        "whether the resident said the problem was solved",
    ),
    "cli.calibrate.template.about.reopened": (
        "处置不成、重新办理（返工）的次数",
        "how often the case had to be done again (rework)",
    ),
    "cli.calibrate.template.about.repeats": (
        "居民不得不再次反映或催办的次数",
        "how often the resident had to raise it again or chase it",
    ),
    "cli.calibrate.template.about.bounces": (
        "部门把诉求退回（退单）的次数",
        "how often a department sent the case back",
    ),
    # --- calibrate: reading the holidays file ---------------------------------------------------
    "cli.calibrate.holidays.missing": (
        "{path}：找不到节假日文件（--holidays）",
        "{path}: holidays file (--holidays) not found",
    ),
    "cli.calibrate.holidays.unreadable": (
        "{path}：无法读取节假日文件（{why}）",
        "{path}: cannot read the holidays file ({why})",
    ),
    "cli.calibrate.holidays.too_large": (
        "{path}：节假日文件太大（{size:,} 字节；最多 {limit:,}）",
        "{path}: the holidays file is too large ({size:,} bytes; at most {limit:,})",
    ),
    "cli.calibrate.holidays.bad": (
        "{path}：节假日文件有 {n} 行不是 {first}–{last} 年间的 YYYY-MM-DD 日期：{items}",
        "{path}: {n} line(s) of the holidays file are not YYYY-MM-DD dates from {first} to {last}: {items}",
    ),
    "cli.calibrate.why.not_utf8": ("不是 UTF-8 编码的文本", "not UTF-8"),
    "cli.calibrate.holidays.line": ("第 {line} 行 {value}", "line {line} {value}"),
    "cli.calibrate.holidays.more": ("另有 {n:,} 行", "and {n:,} more lines"),
    "cli.calibrate.holidays.more.one": ("另有 {n} 行", "and {n} more line"),
    # --- calibrate: reading the issue log --------------------------------------------------------
    "cli.calibrate.log.missing": ("{path}：找不到诉求台账文件", "{path}: issue log not found"),
    "cli.calibrate.log.not_file": (
        "{path}：不是文件（诉求台账应为 CSV 文件）",
        "{path}: not a file (the issue log is a CSV file)",
    ),
    "cli.calibrate.log.unreadable": ("{path}：无法读取诉求台账（{why}）", "{path}: cannot read the issue log ({why})"),
    "cli.calibrate.log.too_large": (
        "{path}：诉求台账太大（{size:,} 字节；最多 {limit:,}）",
        "{path}: the issue log is too large ({size:,} bytes; at most {limit:,})",
    ),
    "cli.calibrate.log.empty": ("{path}：诉求台账是空文件", "{path}: the issue log is empty"),
    "cli.calibrate.log.xls": (
        "{path}：这是旧版 Excel 97–2003 工作簿（.xls 或 WPS 的 .et），本工具不能读取；请在 Excel 或 WPS 中"
        "“另存为” Excel 工作簿（.xlsx）或 CSV 后再运行",
        "{path}: an old Excel 97–2003 workbook (.xls, or WPS .et) that the kit cannot read; in Excel or WPS "
        "use Save As to save it as an Excel workbook (.xlsx) or CSV, then run again",
    ),
    "cli.calibrate.log.not_xlsx": (
        "{path}：不是可读取的 Excel 工作簿（.xlsx）（{why}）；请在 Excel 或 WPS 中重新保存为 .xlsx 或 CSV",
        "{path}: not a readable Excel workbook (.xlsx) ({why}); save it again as .xlsx or CSV in Excel or WPS",
    ),
    # --- calibrate: residents' personal data in a log (sim.calibrate.privacy) ----------------------
    "cli.calibrate.privacy.refused": (
        "{source}：台账中有 {n} 列像是居民个人信息，校准用不到，也不予读取：{items}。请在 Excel 或 WPS 中删除这些列"
        "（或清空其中的个人信息）并保存后再运行，步骤见 docs/calibration.zh.md“先删除个人信息”；未写出任何文件",
        "{source}: {n} column(s) of the log look like residents' personal data, which calibration does not need "
        "and will not read: {items}. Delete these columns (or clear the personal data in them) in Excel or WPS, "
        "save, and run again; steps in docs/calibration.md, 'Remove personal data first'. Nothing was written",
    ),
    "cli.calibrate.privacy.by_header": ("{column}（列名像是{kind}）", "{column} (its header says {kind})"),
    "cli.calibrate.privacy.by_content": ("{column}（第 {row} 行有{kind}）", "{column} (row {row} holds {kind})"),
    "cli.calibrate.privacy.kind.name": ("姓名", "a name"),
    "cli.calibrate.privacy.kind.phone": ("电话号码", "a phone number"),
    "cli.calibrate.privacy.kind.id": ("身份证号", "an ID card number"),
    "cli.calibrate.privacy.kind.address": ("门牌地址", "an address down to the door"),
    "cli.calibrate.privacy.more": ("另有 {n:,} 列", "and {n:,} more columns"),
    "cli.calibrate.privacy.more.one": ("另有 {n} 列", "and {n} more column"),
    "cli.calibrate.log.encoding": (
        "{path}：无法识别文件编码（请另存为 UTF-8）",
        "{path}: cannot decode the file (save it as UTF-8)",
    ),
    "cli.calibrate.log.not_csv": ("{path}：不是可读取的 CSV 文件（{why}）", "{path}: not a readable CSV file ({why})"),
    "cli.calibrate.log.no_rows": ("{source}：诉求台账没有数据行", "{source}: the issue log has no rows"),
    "cli.calibrate.log.missing_columns": (
        "{source}：缺少必需的列 {missing}（现有列：{found}）；必需的列：{required}"
        "（也可用中文列名，如 受理时间、诉求类别、办结时间）",
        "{source}: missing required columns {missing} (found: {found}); required: {required}",
    ),
    "cli.calibrate.log.missing_column": (
        "{source}：缺少必需的列 {missing}（现有列：{found}）；必需的列：{required}"
        "（也可用中文列名，如 受理时间、诉求类别、办结时间）",
        "{source}: missing required column {missing} (found: {found}); required: {required}",
    ),
    "cli.calibrate.log.bad_dates": (
        "{what}：无法读取日期时间（{why}）；请使用 2024-03-01 08:30 这样的格式",
        "{what}: cannot read the date-times ({why}); use ISO dates like 2024-03-01 08:30",
    ),
    "cli.calibrate.log.time_zones": (
        "{what}：日期时间的时区不一致；请给出不带时区的当地时间",
        "{what}: date-times with different time zones; give local times without a zone",
    ),
    "cli.calibrate.log.problems": (
        "{source}：诉求台账 {rows:,} 行中有 {bad:,} 行无法使用：{items}",
        "{source}: {bad:,} of {rows:,} rows of the issue log cannot be used: {items}",
    ),
    "cli.calibrate.list.sep": ("；", "; "),  # between the rows or lines listed in one message
    "cli.calibrate.log.row": ("第 {row} 行：{what}", "row {row}: {what}"),
    "cli.calibrate.log.also": ("，且", " and "),
    "cli.calibrate.log.more_rows": ("另有 {n:,} 行", "and {n:,} more rows"),
    "cli.calibrate.log.more_rows.one": ("另有 {n} 行", "and {n} more row"),
    "cli.calibrate.col.created": ("受理时间（created）", "created"),
    "cli.calibrate.col.resolved": ("办结时间（resolved）", "resolved"),
    "cli.calibrate.col.responded": ("首次响应时间（responded）", "responded"),
    "cli.calibrate.col.due": ("截止时间（due）", "due"),
    "cli.calibrate.col.solved": ("是否解决（solved）", "solved"),
    "cli.calibrate.col.overdue": ("是否超期（overdue）", "overdue"),
    "cli.calibrate.col.reopened": ("返工次数（reopened）", "reopened"),
    "cli.calibrate.col.repeats": ("重复反映次数（repeats）", "repeats"),
    "cli.calibrate.col.bounces": ("退回次数（bounces）", "bounces"),
    "cli.calibrate.p.empty": ("{what}为空", "{what} is empty"),
    "cli.calibrate.p.not_number": (
        "{what} {value} 不是工作日序号（本台账的时间以数字给出）",
        "{what} {value} is not a working-day number (the log gives times as numbers)",
    ),
    "cli.calibrate.p.number_range": (
        "{what} {value} 不允许：工作日序号应为 0 到 {high:,} 的有限数值",
        "{what} {value} is not allowed: a working-day number is finite, from 0 to {high:,}",
    ),
    "cli.calibrate.p.not_datetime": (
        "{what} {value} 不是日期时间（应形如 2024-03-01 08:30）",
        "{what} {value} is not a date-time (expected e.g. 2024-03-01 08:30)",
    ),
    "cli.calibrate.p.date_range": (
        "{what} {value} 不在 {first}–{last} 年之间",
        "{what} {value} is outside the years {first}–{last}",
    ),
    "cli.calibrate.p.resolved_range": (
        "{what} {value} 不在 {first}–{last} 年之间（未办结的诉求请把办结时间留空）",
        "{what} {value} is outside the years {first}–{last} (leave resolved empty for a case still open)",
    ),
    # Shorter texts for the second and later rows with the same kind of problem.
    "cli.calibrate.p.not_number.short": ("{what} {value} 不是数字", "{what} {value} is not a number"),
    "cli.calibrate.p.number_range.short": ("{what} {value} 超出范围", "{what} {value} is out of range"),
    "cli.calibrate.p.not_datetime.short": ("{what} {value} 不是日期时间", "{what} {value} is not a date-time"),
    "cli.calibrate.p.resolved_range.short": (
        "{what} {value} 不在 {first}–{last} 年之间",
        "{what} {value} is outside {first}–{last}",
    ),
    "cli.calibrate.p.category.short": ("类别 {value} 无法识别", "category {value} is unknown"),
    "cli.calibrate.p.category.many.short": ("类别 {value} 无法识别", "category {value} is unknown"),
    "cli.calibrate.p.channel.short": ("渠道 {value} 无法识别", "channel {value} is unknown"),
    "cli.calibrate.p.satisfaction.short": ("满意度 {value} 无法识别", "satisfaction {value} is unknown"),
    "cli.calibrate.p.category_empty": ("类别（category）为空", "category is empty"),
    "cli.calibrate.p.category": (
        "类别（category）{value} 不在 {allowed} 之中（也可用中文名或 12345 热线类别）",
        "category {value} is not one of {allowed} (or Chinese or 12345 names)",
    ),
    # The same when a log holds more than one unknown category: all of them are named once.
    "cli.calibrate.p.category.many": (
        "类别（category）{value} 不在 {allowed} 之中（也可用中文名或 12345 热线类别）；本台账的未知类别：{unknown}",
        "category {value} is not one of {allowed} (or Chinese or 12345 names); unknown in this log: {unknown}",
    ),
    "cli.calibrate.p.channel": (
        "渠道（channel）{value} 不在 {allowed} 之中（也可用对应的中文名称）",
        "channel {value} is not one of {allowed} (or their Chinese names)",
    ),
    "cli.calibrate.p.satisfaction": (
        "满意度（satisfaction）{value} 应为 1/0、yes/no 或 满意/不满意",
        "satisfaction {value} is not 1/0, yes/no or true/false (or in Chinese)",
    ),
    "cli.calibrate.p.time_before": ("{what}早于受理时间（created）", "{what} before created"),
    "cli.calibrate.p.yes_no": (
        "{what} {value} 应为 1/0、是/否 或 yes/no",
        "{what} {value} is not 1/0, yes/no or true/false (or in Chinese)",
    ),
    "cli.calibrate.p.yes_no.short": ("{what} {value} 无法识别", "{what} {value} is unknown"),
    "cli.calibrate.p.count": (
        "{what} {value} 不是次数：应为 0 到 {high:,} 的整数（留空即为 0）",
        "{what} {value} is not a count: a whole number from 0 to {high:,} (empty means 0)",
    ),
    "cli.calibrate.p.count.short": ("{what} {value} 不是次数", "{what} {value} is not a count"),
    "cli.calibrate.p.before": ("办结时间（resolved）早于受理时间（created）", "resolved before created"),
}
