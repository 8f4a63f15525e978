"""Messages about scenario files, parameter values and other inputs (``error.*``).

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t`` or ``sim.errors.ScenarioError.keyed``. Keys ending in a part of a
message (``error.allowed.*``, ``error.count.*``, ``error.file.kind.*``,
``error.param.hint.*``) fill a placeholder of another message as a ``sim.text.Part``.
A ``{where}`` or ``{label}`` is the file and field as the user wrote them, the same in
both languages. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # A value outside what is allowed; {expected} is one of the error.allowed.* parts.
    "error.not_allowed": (
        "{label} = {value} 不允许：应为{expected}",
        "{label} = {value} is not allowed: expected {expected}",
    ),
    "error.allowed.bool": ("true 或 false", "true or false"),
    "error.allowed.one_of": ("以下之一：{choices}", "one of {choices}"),
    "error.allowed.int": ("整数，{lo:g} 到 {hi:g}", "int from {lo:g} to {hi:g}"),
    "error.allowed.float": ("数值，{lo:g} 到 {hi:g}", "float from {lo:g} to {hi:g}"),
    # Seeds, counts and the cap on runs (sim.inputs).
    "error.seed": (
        "{label} = {value} 不允许：应为 0 到 2**63 - 1 的整数",
        "{label} = {value} is not allowed: expected an integer from 0 to 2**63 - 1",
    ),
    "error.count": (
        "{label} = {value} 不允许：应为{expected}",
        "{label} = {value} is not allowed: expected an integer {expected}",
    ),
    "error.count.between": ("{low} 到 {high:,} 的整数", "from {low} to {high:,}"),
    "error.count.at_least": ("不小于 {low} 的整数", "of at least {low}"),
    "error.count.huge": ("大于 10**24", "more than 10**24"),
    # what the run cap counts (error.runs's {label}); {reps}: the option or argument as written
    "error.runs.scenarios": ("{reps} × 情景数", "{reps} × scenarios"),
    "error.runs.communities": ("{reps} × 社区数", "{reps} × communities"),
    "error.runs": (
        "{label}：{count} 超过了 {cap:,} 次运行的上限；请减少，或用 --max-runs N（Python 中为 max_runs=）提高上限",
        "{label}: {count} is more than the limit of {cap:,} runs; "
        "reduce it, or raise the limit with --max-runs N (max_runs= in Python)",
    ),
    # Texts, names and keys.
    "error.text.not_string": ("{label} 必须是字符串", "{label} must be a string"),
    "error.text.too_long": (
        "{label} 太长：{length:,} 个字符（最多 {limit:,} 个）",
        "{label} is too long: {length:,} characters (at most {limit:,})",
    ),
    "error.text.control": (
        "{label} = {value} 不允许：不能含换行或控制字符",
        "{label} = {value} is not allowed: no line breaks or control characters",
    ),
    "error.name": (
        '{label} = {value} 不允许：名称不能为空、不能以点开头，也不能含 / \\ : * ? " < > |',
        '{label} = {value} is not allowed: a name may not be empty, start with a dot or contain / \\ : * ? " < > |',
    ),
    "error.key.too_long": (
        "{where}{key}：长达 {length:,} 个字符的键不是参数名（最多 {limit} 个）",
        "{where}{key}: a key of {length:,} characters is not a parameter name (at most {limit})",
    ),
    # TOML files and tables.
    "error.toml.invalid": ("{label}：不是有效的 TOML：{why}", "{label}: not valid TOML: {why}"),
    "error.toml.recursion": (
        "{label}：嵌套过深，无法读取（最多使用 {depth} 层）",
        "{label}: nested too deeply to read (at most {depth} levels are used)",
    ),
    "error.toml.empty_file": (
        "{label}：文件是空的，至少需要一个键",
        "{label}: the file is empty; it needs at least one key",
    ),
    "error.toml.too_deep": (
        "{where}{path}：表的嵌套超过 {depth} 层",
        "{where}{path}: tables nested more than {depth} levels deep",
    ),
    "error.toml.empty_table": (
        "{where}{name}：空表；请给出取值（name = value），或删除它",
        "{where}{name}: an empty table; give a value (name = value), or remove it",
    ),
    # A user's file (sim.scenario.read_user_file); {what} is one of error.file.kind.*.
    "error.file.kind.scenario": ("情景文件", "scenario file"),
    "error.file.kind.experiment": ("实验文件", "experiment file"),
    "error.file.kind.street": ("街道文件", "street file"),
    "error.file.not_found": ("{path}：找不到{what}", "{path}: {what} not found"),
    "error.file.too_large": (
        "{path}：{what}太大（{size:,} 字节；最多 {limit:,}）",
        "{path}: {what} too large ({size:,} bytes; at most {limit:,})",
    ),
    "error.file.unreadable": ("{path}：无法读取{what}（{reason}）", "{path}: cannot read {what} ({reason})"),
    # Scenarios (sim.scenario).
    "error.scenario.unknown": (
        "没有名为 {name} 的情景；内置情景有：{shipped}（也可以给出 .toml 文件的路径）",
        "scenario {name} does not exist; shipped scenarios are: {shipped} (or give the path of a .toml file)",
    ),
    "error.scenario.builtin_name": (
        "{where}name = {name} 是内置情景的名称，但取值与它不同；请另取一个名称（或去掉这些改动）",
        "{where}name = {name} is the name of a shipped scenario, but the values differ from it; "
        "choose another name (or remove the changes)",
    ),
    "error.scenario.unknown_key": (
        "{where}{key}：未知的键；顶层允许的键为 {keys}",
        "{where}{key}: unknown key; allowed top-level keys are {keys}",
    ),
    "error.scenario.empty_extends": (
        "{where}extends 为空：请给出内置情景名或 .toml 文件路径，或删除这一行",
        "{where}extends is empty: give a shipped scenario name or a .toml path, or remove the line",
    ),
    "error.scenario.params_not_table": (
        "{where}params 必须是一个表（[params]）",
        "{where}params must be a table ([params])",
    ),
    "error.scenario.circular": ("{where}extends：继承形成了循环 {chain}", "{where}extends: circular chain {chain}"),
    # Parameters (sim.params); {hint} is one of error.param.hint.*.
    "error.param.unknown": ("{where}{name}：没有这个参数{hint}", "{where}{name}: unknown parameter{hint}"),
    "error.param.hint.close": ("；是不是 {names}？", "; did you mean {names}?"),
    "error.param.hint.list": ("；完整列表见 `python -m sim params`", "; run `python -m sim params` for the list"),
    "error.consistency.share": (
        "categories.*.share：至少要有一个类别的占比大于 0",
        "categories.*.share: at least one category needs a share above 0",
    ),
    "error.consistency.stations": (
        "stations = {stations} 不允许：每个小区最多一个服务站（compounds = {compounds}）",
        "stations = {stations} is not allowed: at most one station per compound (compounds = {compounds})",
    ),
    "error.consistency.compounds": (
        "compounds = {compounds} 不允许：小区数不能多于楼栋数（households / households_per_building 得到 {buildings} 栋）",
        "compounds = {compounds} is not allowed: at most one compound per building "
        "(households / households_per_building gives {buildings} buildings)",
    ),
    "error.consistency.staff": ("staff：工作人员数不能多于住户数", "staff: must not exceed households"),
    "error.consistency.new_households": (
        "new_households = {new} 不允许：加上原有住户 households = {households}，总户数不能超过 {most}",
        "new_households = {new} is not allowed: with households = {households} the total must not exceed {most}",
    ),
    "error.shocks.moved_in": (
        "{label}：new_households 一旦入住就一直住下去：不写 end（到运行结束），且不低于情景的 {base}",
        "{label}: households that moved in stay: leave out end (to the end of the run) and give at least "
        "the scenario's {base} for new_households",
    ),
    "error.consistency.staff_absent": (
        "staff_absent = {absent} 不允许：应为 0 到 {most} 的整数（少于工作人员数 staff = {staff}，至少一人在岗）",
        "staff_absent = {absent} is not allowed: expected an integer from 0 to {most} "
        "(fewer than staff = {staff}: someone must be at work)",
    ),
    # Shocks: time-windowed changes of parameters (sim.model.shocks); {label} is "[[shocks]] #n",
    # the n-th [[shocks]] table of the scenario (a parent's first), with the file in front.
    "error.shocks.not_list": (
        "{where}shocks 必须是表的数组：每个冲击写成一个 [[shocks]] 表",
        "{where}shocks must be an array of tables: one [[shocks]] table per shock",
    ),
    "error.shocks.too_many": (
        "{where}shocks：冲击太多（{count:,} 个；最多 {limit} 个）",
        "{where}shocks: too many shocks ({count:,}; at most {limit})",
    ),
    "error.shocks.not_table": (
        "{label}{key} 必须是一个表（{form}）",
        "{label}{key} must be a table ({form})",
    ),
    "error.shocks.unknown_key": (
        "{label} {key}：未知的键；允许的键为 {keys}",
        "{label} {key}: unknown key; allowed keys are {keys}",
    ),
    "error.shocks.no_start": (
        "{label}：缺少 start（冲击开始的观察日，应为 0 到 {hi} 的整数）",
        "{label}: start is missing (the observed day the shock begins, an integer from 0 to {hi})",
    ),
    "error.shocks.empty": (
        "{label}：没有改变任何参数；请在 [shocks.scale] 或 [shocks.set] 中给出参数",
        "{label}: changes nothing; name parameters in [shocks.scale] or [shocks.set]",
    ),
    "error.shocks.not_mid_run": (
        "{label} {name}：这个参数不能在运行中改变；可以改变的参数有：{names}",
        "{label} {name}: cannot change during a run; parameters that can: {names}",
    ),
    "error.shocks.not_number": (
        "{label} scale.{name}：只有数值参数可以乘以倍数；请在 [shocks.set] 中给出它的取值",
        "{label} scale.{name}: only numbers can be scaled; give its value in [shocks.set]",
    ),
    "error.shocks.scaled": (
        "{label} scale.{name} = {factor} 不允许：{base} × {factor} = {value}，应为{expected}",
        "{label} scale.{name} = {factor} is not allowed: {base} × {factor} = {value}, expected {expected}",
    ),
    "error.shocks.twice": (
        "{label} {name}：同时出现在 scale 和 set 中；只能用其中一个",
        "{label} {name}: in both scale and set; use one of them",
    ),
    "error.shocks.overlap": (
        "{where}{first} 与 {second} 都改变 {name}，而时间重叠（第 {days_first} 天与第 {days_second} 天）；"
        "改变同一参数的冲击不能重叠",
        "{where}{first} and {second} both change {name} over overlapping days ({days_first} and {days_second}); "
        "shocks that change the same parameter must not overlap",
    ),
    "error.allowed.factor": ("0 到 {most} 的数值", "a number from 0 to {most}"),
    "error.practices.other_processes": (
        "{where}：本进程中注册的做法（{names}）不会进入其他工作进程，请在本进程中运行（jobs=1 或 --serial）",
        "{where}: practices registered in this process ({names}) do not reach other worker processes; "
        "run in this process (jobs=1, or --serial)",
    ),
    # How sim.i18n joins a label and its unit, and writes a difference in percentage points.
    "format.with_unit": ("{label}（{unit}）", "{label} ({unit})"),
    "format.points_diff": ("{points:+.1f}{unit}", "{points:+.1f} {unit}"),
}
