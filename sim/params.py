"""The one parameter table of the model.

Every number the model reads is defined here once: its name, type, unit, allowed
range, default, source and a Chinese and an English label. The command line,
scenario files, notebooks and experiments all read this table, so a lever's path
starts here and ends at the metric it moves (see ``docs/ODD.md``).

Time is measured in working days (工作日); a year is 250 working days.
Staff time is measured in hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .errors import ScenarioError
from .inputs import as_integer, check_key, is_finite, quote, shown
from .text import Part, render

# Components of the 1234 method, plus the community, the issues and the model set-up.
GROUPS = {
    "community": ("社区", "Community"),
    "issues": ("诉求", "Issues"),
    "1": ("一个理念：一切为了居民", "1 — one philosophy: everything for residents"),
    "2": ("两颗心：初心与爱心", "2 — two hearts: aspiration and care"),
    "3": ("三化管理", "3 — three kinds of management"),
    "4": ("四融", "4 — four integrations"),
    "behaviour": ("行为假设", "Behavioural assumptions"),
    "model": ("模型设置", "Model set-up"),
}

SRC_HENAN = "Henan 2022 community guideline: 1,000–3,000 households per community"
SRC_TAIYUAN = "Taiyuan street office: 17,818 households in 49 grids (~364 per grid)"
SRC_12345 = (
    "one city's 12345 rules: urgent same day, help requests 3 working days, "
    "complaints 13 working days; call-back the day after closure"
)
SRC_MIX = "district case mix 2025: city management ~27–29%, property ~21–24%"
SRC_SHANGHAI = "Shanghai 2018: 11% of compounds produced 47% of property complaints"
SRC_HONGTONG = "Hongtong: 4,575 in-service party members in 14 communities (~327 each)"
SRC_SEED = "seed article (Jishan County community service centre, 2024)"
ASSUMPTION = "model assumption (documented in docs/ODD.md)"
SRC_RETURN_VISIT = (
    "Beijing regulation on 接诉即办 (2021): 响应率, 解决率 and 满意率 are the assessment criteria, "
    "read from residents' answers in return visits"
)
SRC_NYC311 = "NYC 311 2004–2016: days to close median 2.9, mean 9.0 (right-skewed)"
SRC_SETTING = "scenario setting: what a trainer or researcher assumes (a storm, staff away…)"


@dataclass(frozen=True)
class Param:
    """One parameter: what it is, what values it takes, where its default comes from.

    Attributes:
        name: dotted name used in scenario files and on the command line.
        kind: one of ``int``, ``float``, ``bool``, ``choice``.
        default: the value used when no scenario changes it.
        unit: unit of measure (empty for dimensionless).
        group: component of the method (``"1"``–``"4"``) or another group in GROUPS.
        zh: Chinese label.
        en: English label.
        lo: smallest allowed value (numbers).
        hi: largest allowed value (numbers).
        choices: allowed values (choice).
        source: where the default comes from.
        lever: True when the parameter switches a practice of the method on, off or up.
        mid_run: True when a shock may change it during a run (``sim.model.shocks``): the
            model re-reads it, or refreshes what it derives from it, at the start of a day.
    """

    name: str
    kind: str
    default: Any
    unit: str
    group: str
    zh: str
    en: str
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] = ()
    source: str = ASSUMPTION
    lever: bool = False
    mid_run: bool = False

    def allowed(self, lang: str = "en") -> str:
        """Describe the allowed values in words, for error messages."""
        return self.allowed_part().text(lang)

    def allowed_part(self) -> Part:
        """The allowed values as a part of a message in either language (``error.allowed.*``)."""
        if self.kind == "bool":
            return Part("error.allowed.bool")
        if self.kind == "choice":
            return Part("error.allowed.one_of", choices=", ".join(self.choices))
        return Part("error.allowed.int" if self.kind == "int" else "error.allowed.float", lo=self.lo, hi=self.hi)

    def check(self, value: Any, where: str = "") -> Any:
        """Return ``value`` converted to this parameter's type, or raise ScenarioError.

        Numbers are checked to be finite and in range before any conversion, so ``nan``,
        ``inf``, ``1e400`` and ``10**400`` get the same message as any other bad value.
        """

        def bad() -> ScenarioError:  # built only when raised: most values pass
            label = f"{where}{self.name}"
            return ScenarioError.keyed(
                "error.not_allowed", label=label, value=quote(value), expected=self.allowed_part()
            )

        if self.kind == "bool":
            if not isinstance(value, bool):
                raise bad()
            return value
        if self.kind == "choice":
            if not isinstance(value, str) or value not in self.choices:
                raise bad()
            return value
        if not is_finite(value) or not (self.lo <= value <= self.hi):
            raise bad()
        if self.kind == "int":
            whole = as_integer(value)
            if whole is None:
                raise bad()
            return whole
        return float(value)


@dataclass(frozen=True)
class Category:
    """Defaults of one issue category (诉求类别).

    Attributes:
        key: English identifier.
        zh: Chinese name.
        en: English name.
        share: share of all issues (before compound skew).
        report: probability that a resident reports it without being asked.
        hours: median hands-on handling time in hours (lognormal).
        sigma: lognormal shape of the handling time.
        limit: time limit for resolution in working days.
        urgent: share of cases that are urgent (limit one day).
        department: probability that a county department must act.
        partner: whether community partners can take the work.
        visible: whether patrols can see it from outside.
    """

    key: str
    zh: str
    en: str
    share: float
    report: float
    hours: float
    sigma: float
    limit: float
    urgent: float
    department: float
    partner: bool
    visible: bool


# One row per item reads best as a table: keep the formatter off these lines.
# fmt: off
CATEGORIES: tuple[Category, ...] = (
    Category("property", "物业维修", "Property & repairs", 0.22, 0.80, 1.5, 0.9, 3, 0.10, 0.05, True, False),
    Category("environment", "环境卫生", "Environment & sanitation", 0.28, 0.50, 1.0, 0.8, 3, 0.05, 0.10, False, True),
    Category("dispute", "邻里纠纷", "Neighbour disputes", 0.12, 0.60, 3.0, 0.9, 13, 0.0, 0.0, False, False),
    Category("hazard", "安全隐患", "Safety hazards", 0.10, 0.30, 1.5, 0.8, 3, 0.40, 0.20, False, True),
    Category("elderly", "养老与社会关爱", "Elderly & social care", 0.13, 0.35, 2.0, 0.7, 3, 0.10, 0.0, True, False),
    Category("department", "需县直部门办理", "Needs a county department", 0.15, 0.75, 0.5, 0.6, 13, 0.0, 1.0, False, False),
)
# fmt: on
CATEGORY_KEYS = tuple(c.key for c in CATEGORIES)


def _category_params() -> list[Param]:
    # fmt: off
    out = []
    for c in CATEGORIES:
        p = f"categories.{c.key}."
        n = (c.zh, c.en)
        out += [
            Param(p + "share", "float", c.share, "", "issues", f"{n[0]}：占比", f"{n[1]}: share", 0, 1, source=SRC_MIX if c.key in ("property", "environment") else ASSUMPTION),
            Param(p + "report", "float", c.report, "", "issues", f"{n[0]}：主动反映概率", f"{n[1]}: chance residents report it", 0, 1),
            Param(p + "hours", "float", c.hours, "h", "issues", f"{n[0]}：处理时长中位数（指数分布时为均值）", f"{n[1]}: median handling time (mean if exponential)", 0.05, 40),
            Param(p + "sigma", "float", c.sigma, "", "issues", f"{n[0]}：处理时长离散度", f"{n[1]}: handling-time spread (lognormal σ)", 0, 2.5),
            Param(p + "limit", "float", float(c.limit), "working days", "issues", f"{n[0]}：办理时限", f"{n[1]}: time limit", 0.5, 60, source=SRC_12345),
            Param(p + "urgent", "float", c.urgent, "", "issues", f"{n[0]}：紧急件占比", f"{n[1]}: share urgent (same-day limit)", 0, 1),
            Param(p + "department", "float", c.department, "", "issues", f"{n[0]}：需部门办理概率", f"{n[1]}: chance a department must act", 0, 1),
        ]
    # fmt: on
    return out


def _season_params() -> list[Param]:
    """A monthly arrival profile (季节性): month k's arrival rate relative to the year's mean."""
    return [
        Param(
            f"season.m{m:02d}",
            "float",
            1.0,
            "",
            "issues",
            f"第{m}月诉求量（相对全年平均）",
            f"Issues in month {m} (relative to the year's mean)",
            0,
            5,
        )
        for m in range(1, 13)
    ]


SEASON_KEYS = tuple(f"season.m{m:02d}" for m in range(1, 13))


def _arrival_scale_params() -> list[Param]:
    """A multiplier on each category's arrival rate (诉求量倍数), e.g. hazards × 3 in a storm."""
    return [
        Param(
            f"arrival_scale.{c.key}",
            "float",
            1.0,
            "",
            "issues",
            f"{c.zh}：诉求量倍数",
            f"{c.en}: arrival rate multiplier",
            0,
            20,
            source=SRC_SETTING,
            mid_run=True,
        )
        for c in CATEGORIES
    ]


ARRIVAL_SCALE_KEYS = tuple(f"arrival_scale.{k}" for k in CATEGORY_KEYS)

_P = Param
# fmt: off
_TABLE: list[Param] = [
    # --- community -------------------------------------------------------------------------
    _P("households", "int", 2000, "households", "community", "住户数", "Households", 50, 200000, source=SRC_HENAN),
    _P("compounds", "int", 8, "compounds", "community", "小区数", "Residential compounds", 1, 400),
    _P("new_households", "int", 0, "households", "community", "新小区入住户数（地图上加一个新小区）", "Households of a new compound that moved in (a new compound on the map)", 0, 200000, source=SRC_SETTING, mid_run=True),
    _P("staff", "int", 6, "people", "community", "网格员/社区工作者人数", "Grid workers (community staff)", 1, 2000, source=SRC_TAIYUAN),
    _P("staff_absent", "int", 0, "people", "community", "不在岗的工作人员数（网格化时为最忙网格的网格员）", "Staff away (with gridding: the workers of the busiest grids)", 0, 1999, source=SRC_SETTING, mid_run=True),
    _P("hours_per_day", "float", 6.0, "h/day", "community", "每人每日可用于居民事务的工时", "Staff hours per day for residents' affairs", 1, 12, mid_run=True),
    _P("households_per_building", "int", 20, "households", "community", "每栋楼户数", "Households per building", 1, 200, source="example community: 4,839 households, 237 building heads (~20 each)"),
    _P("workload_skew", "float", 1.3, "", "community", "物业诉求的小区集中度", "Workload skew of property issues across compounds", 0, 4, source=SRC_SHANGHAI),
    _P("workload_skew_other", "float", 0.3, "", "community", "其他诉求的小区集中度", "Workload skew of other issues", 0, 4),
    _P("hotline_share", "float", 0.3, "", "community", "经12345热线反映的比例", "Share of reports via the 12345 hotline", 0, 1, mid_run=True),
    _P("hotline_delay", "float", 0.5, "working days", "community", "热线转办时间", "Hotline forwarding delay", 0, 10),
    _P("report_delay", "float", 2.0, "working days", "community", "居民反映前的平均拖延", "Mean delay before a resident reports", 0, 60, mid_run=True),
    _P("department_servers", "int", 3, "case officers", "community", "县直部门对接人数", "County department case officers for this community", 1, 200),
    _P("department_hours", "float", 4.0, "h/day", "community", "部门每人每日用于本社区工时", "Department hours per officer per day for this community", 0.5, 12, mid_run=True),
    _P("department_case_hours", "float", 4.0, "h", "community", "部门办件时长中位数（指数分布时为均值）", "Median department handling time (mean if exponential)", 0.1, 80, mid_run=True),
    _P("handoff_delay", "float", 3.0, "working days", "community", "未联动时转办部门的平均时间", "Mean hand-off time to a department without linkage", 0, 30),
    _P("buck_passing", "float", 0.35, "", "community", "未联动时部门推诿概率", "Chance a department passes the case back (no linkage)", 0, 0.9, mid_run=True),
    _P("stall_chance", "float", 0.15, "", "community", "疑难件搁置概率", "Chance a hard case stalls", 0, 1),
    _P("stall_days", "float", 20.0, "working days", "community", "搁置的平均时长", "Mean length of a stall", 0, 250),
    _P("travel_office", "float", 0.4, "h", "community", "从办公室上门往返时间", "Round trip from the office", 0, 4),
    _P("contact_hours", "float", 0.3, "h", "community", "接待/首次联系时长", "Time for the first contact", 0, 4),
    _P("misdiagnosis", "float", 0.18, "", "community", "初次处理不对症概率", "Chance the first fix misses the real problem", 0, 0.9),
    _P("rereport_chance", "float", 0.6, "", "community", "未回访时居民再次反映概率", "Chance a resident reports a failed fix again", 0, 1),
    _P("rereport_delay", "float", 8.0, "working days", "community", "再次反映前的平均时间", "Mean time before a failed fix is reported again", 0, 60),
    _P("incident_days", "float", 40.0, "working days", "community", "隐患演变为事故的平均时间", "Mean time for a hidden hazard to become an incident", 1, 1000),
    # --- issues ----------------------------------------------------------------------------
    _P("issues_per_household", "float", 1.0, "issues/household/year", "issues", "每户每年诉求数", "Issues per household per year", 0, 20, mid_run=True),
    _P("response_limit", "float", 1.0, "working days", "issues", "响应时限", "Response time limit", 0.1, 30),
    *_category_params(),
    *_season_params(),
    *_arrival_scale_params(),
    # --- 1: everything for residents -------------------------------------------------------
    _P("priority_rule", "choice", "fifo", "", "1", "办理顺序", "Order of work", choices=("fifo", "convenience", "resident_first"), lever=True, source=SRC_SEED, mid_run=True),
    _P("survey_interval", "float", 0.0, "working days", "1", "问需调查间隔（0=不开展）", "Needs-survey interval (0 = none)", 0, 250, lever=True, source=SRC_SEED),
    _P("survey_detect", "float", 0.5, "", "1", "调查发现隐性需求概率", "Chance a survey uncovers a hidden need", 0, 1),
    _P("survey_hours", "float", 0.03, "h/household", "1", "调查每户耗时", "Survey time per household", 0, 2),
    # --- 2: two hearts ---------------------------------------------------------------------
    _P("listening_minutes", "float", 0.0, "min", "2", "用心倾听：每次接待多花的分钟", "Patient listening: extra minutes per contact", 0, 60, lever=True, source=SRC_SEED, mid_run=True),
    _P("listening_scale", "float", 10.0, "min", "2", "倾听使不对症率降为1/e所需分钟", "Listening minutes that cut misdiagnosis by a factor e", 1, 120),
    _P("visit_share", "float", 0.0, "", "2", "善于解难：走访占工时比例", "Frequent visits: share of staff time", 0, 0.6, lever=True, source=SRC_SEED, mid_run=True),
    _P("visit_hours", "float", 0.5, "h", "2", "每次入户走访耗时", "Time per household visit", 0.05, 4),
    _P("visit_detect", "float", 0.85, "", "2", "走访发现隐性需求概率", "Chance a visit uncovers a hidden need", 0, 1),
    _P("quick_contact", "bool", False, "", "2", "全力解决：先行联系", "Full response: quick contact", lever=True, source=SRC_SEED, mid_run=True),
    _P("quick_contact_hours", "float", 0.1, "h", "2", "先行联系耗时", "Time for the quick contact", 0, 2),
    _P("follow_up", "bool", False, "", "2", "全力解决：跟踪督办", "Full response: follow-up until done", lever=True, source=SRC_SEED, mid_run=True),
    _P("follow_up_days", "float", 3.0, "working days", "2", "跟踪间隔", "Follow-up interval", 0.5, 30),
    _P("follow_up_hours", "float", 0.25, "h", "2", "每次跟踪督办耗时", "Staff time per follow-up", 0, 4),
    _P("callback", "bool", False, "", "2", "办结次日回访", "Call back the day after closure", lever=True, source=SRC_12345, mid_run=True),
    _P("callback_hours", "float", 0.1, "h", "2", "每次回访耗时", "Staff time per call-back", 0, 2),
    _P("callback_detect", "float", 0.8, "", "2", "回访发现未解决的概率", "Chance a call-back finds a failed fix", 0, 1),
    # --- 3: three kinds of management ------------------------------------------------------
    _P("linkage", "float", 0.0, "", "3", "联动化：与县直部门联动程度", "Linkage with county departments", 0, 1, lever=True, source=SRC_SEED, mid_run=True),
    _P("linkage_delay_cut", "float", 0.8, "", "3", "完全联动时转办时间缩短比例", "Cut in hand-off time at full linkage", 0, 1),
    _P("gridding", "bool", False, "", "3", "网格化：一格一员、网格内办结", "Gridding: one worker per grid", lever=True, source=SRC_TAIYUAN),
    _P("travel_grid", "float", 0.1, "h", "3", "网格内上门往返时间", "Round trip inside a grid", 0, 4),
    _P("familiarity", "float", 0.2, "", "3", "熟悉网格带来的效率提升", "Efficiency gain from knowing the grid", 0, 0.8),
    _P("familiarity_rework", "float", 1.5, "", "3", "熟悉网格减少不对症的倍数", "Misdiagnosis cut per unit of familiarity", 0, 5),
    _P("process_compliance", "float", 0.0, "", "3", "精准化：纠纷与隐患按流程办理比例", "Precision: share of disputes and hazards by standard process", 0, 1, lever=True, source=SRC_SEED, mid_run=True),
    _P("process_time", "float", 0.3, "", "3", "按流程办理增加的时长比例", "Extra handling time of the standard process", 0, 3),
    _P("process_rework_cut", "float", 0.7, "", "3", "按流程办理减少的返工比例", "Share of failed fixes the standard process avoids", 0, 1),
    _P("inspection_interval", "float", 0.0, "working days", "3", "安全隐患排查间隔（0=不开展）", "Hazard inspection interval (0 = none)", 0, 250, lever=True, source=SRC_SEED),
    _P("inspection_hours", "float", 0.02, "h/household", "3", "排查每户耗时", "Inspection time per household", 0, 1),
    _P("inspection_detect", "float", 0.7, "", "3", "排查发现隐患概率", "Chance an inspection finds a hidden hazard", 0, 1),
    # --- 4: four integrations --------------------------------------------------------------
    _P("stations", "int", 0, "stations", "4", "组织融合：小区党群服务站数", "Party–mass service stations", 0, 400, lever=True, source=SRC_SEED),
    _P("station_hours", "float", 0.5, "h/day", "4", "每站每日值守工时", "Staff hours per station per day", 0, 8),
    _P("station_report_boost", "float", 0.5, "", "4", "服务站减少不反映的比例", "Share of unreported needs a station gets reported", 0, 1),
    _P("station_delay_factor", "float", 0.5, "", "4", "服务站使反映拖延缩短为", "Factor on the reporting delay next to a station", 0, 1),
    _P("station_channel_share", "float", 0.6, "", "4", "有站小区在站内反映的比例", "Share of a station compound's reports made at the station", 0, 1),
    _P("cadre_pairing", "bool", False, "", "4", "资源融汇：干部包联社区", "Resources: cadres paired with the community", lever=True, source=SRC_SEED),
    _P("pairing_extra", "float", 0.5, "", "4", "包联干部增加的部门对接力量比例", "Extra department officers from cadre pairing (share)", 0, 3),
    _P("party_members", "int", 0, "people", "4", "资源融汇：报到在职党员人数", "Resources: in-service party members reporting", 0, 100000, lever=True, source=SRC_HONGTONG),
    _P("party_hours", "float", 3.0, "h/quarter", "4", "每名党员每季度服务工时", "Hours per party member per quarter", 0, 100, source="one activity a quarter (Hongtong); 3 h per activity is a model assumption"),
    _P("whistle_days", "float", 0.0, "working days", "4", "社区吹哨：久拖件吹哨时限（0=不吹哨）", "Whistle: stuck-case threshold (0 = none)", 0, 60, lever=True, source=SRC_SEED),
    _P("partner_hours", "float", 0.0, "h/week", "4", "社区合伙人每周服务工时", "Community partners' hours per week", 0, 1000, lever=True, source=SRC_SEED),
    _P("mediation", "bool", False, "", "4", "治理融入：调委会与说事议事", "Governance: mediation committee and on-site team", lever=True, source=SRC_SEED),
    _P("mediation_hours", "float", 4.0, "h/day", "4", "调解团队每日工时", "Mediation team hours per day", 0.5, 400),
    _P("mediation_rework", "float", 0.5, "", "4", "调解使纠纷不对症率降为", "Factor on a mediated dispute's miss chance", 0, 1),
    _P("mediation_attend", "float", 0.5, "h", "4", "网格员每次参加调解耗时", "Staff hours at each mediation", 0, 4),
    _P("patrol", "bool", False, "", "4", "治理融入：巡访观察队", "Governance: visiting-and-watching team", lever=True, source=SRC_SEED, mid_run=True),
    _P("patrol_households", "float", 40.0, "households/week", "4", "每名巡访人每周巡看户数", "Households each visitor covers per week", 1, 1000),
    _P("patrol_detect", "float", 0.5, "", "4", "巡访发现可见问题概率", "Chance a visitor spots a visible problem", 0, 1),
    _P("patrol_every", "int", 5, "working days", "4", "巡访间隔", "Days between rounds of the visitors", 1, 60),
    _P("volunteers", "int", 10, "people", "4", "初始志愿者人数", "Volunteers at the start", 0, 10000),
    _P("volunteer_join", "float", 1.0, "people/month", "4", "每月新增志愿者", "New volunteers per month", 0, 1000),
    _P("volunteer_leave", "float", 0.08, "/month", "4", "志愿者每月流失率", "Volunteers leaving per month", 0, 1),
    _P("volunteer_points", "bool", False, "", "4", "服务融心：志愿积分", "Service: volunteer points", lever=True, source=SRC_SEED, mid_run=True),
    _P("points_retention", "float", 0.4, "", "4", "积分使志愿者流失率降为", "Factor on the leaving rate under points", 0, 1),
    _P("points_recruitment", "float", 1.5, "", "4", "积分使新增志愿者增为", "Factor on joining under points", 1, 5),
    _P("points_admin_hours", "float", 0.5, "h/volunteer/month", "4", "积分管理工时", "Staff time to run points", 0, 10),
    _P("young_old_share", "float", 0.0, "", "4", "服务融心：“60助80”志愿者比例", "Service: share of volunteers in '60 helps 80'", 0, 1, lever=True, source=SRC_SEED),
    _P("volunteer_hours", "float", 2.0, "h/week", "4", "每名志愿者每周服务工时", "Hours per volunteer per week", 0, 40),
    # --- behavioural assumptions: how people act where no source gives a number -------------
    _P("coordination_hours", "float", 0.25, "h", "behaviour", "转办部门的协调工时", "Staff hours to hand a case to a department", 0, 4),
    _P("bounce_hours", "float", 0.5, "h", "behaviour", "每次被推回的协调工时", "Staff hours each time a case is passed back", 0, 8),
    _P("max_bounces", "int", 5, "times", "behaviour", "一件最多被推回次数", "Most times a case is passed back", 0, 20),
    _P("incident_factor", "float", 3.0, "", "behaviour", "事故处理时长为隐患的倍数", "An incident's work as a multiple of the hazard's", 1, 20),
    _P("rework_factor", "float", 0.7, "", "behaviour", "返工时长占首次处理比例", "A second fix's time as a share of the first", 0.1, 2),
    _P("reopen_miss", "float", 0.5, "", "behaviour", "每次返工后再次不对症的概率倍数", "Factor on the miss chance after each reopening", 0, 1),
    _P("department_sigma", "float", 0.8, "", "behaviour", "部门办件时长离散度", "Spread of department handling times (lognormal σ)", 0, 2.5),
    _P("reserved_cap", "float", 0.9, "", "behaviour", "预留活动最多占一天的比例", "Most of a day reserved activities may take", 0.1, 1),
    _P("escalation_chance", "float", 0.3, "", "behaviour", "超期未办结时居民拨打12345催办的概率", "Chance a resident calls the 12345 hotline when the case passes its limit", 0, 1, mid_run=True),
    _P("unresolvable_share", "float", 0.03, "", "behaviour", "客观上无法解决的诉求比例", "Share of needs that cannot be resolved", 0, 0.5, source="assumption; Beijing 12345 resolution 96.5–97.3% (2024) bounds it from above"),
    _P("contact_first", "bool", True, "", "behaviour", "先联系、后处理（联系与处理为两项任务）", "Contact first, then the fix (two separate tasks)"),
    _P("grid_cover", "bool", True, "", "behaviour", "网格员A/B角互相顶岗", "Grid workers cover for their partner grid (A/B roles)"),
    _P("duty_contact", "bool", True, "", "behaviour", "网格员与A/B角都忙时由其他在岗同事先联系居民（社区值班）", "A free colleague makes the first contact when a grid worker and partner are both busy (duty rota)"),
    _P("triage_backlog", "float", 2.0, "working days", "behaviour", "积压超过几天时预留活动让路（0=从不）", "Backlog at which reserved activities yield (0 = never)", 0, 30),
    _P("overtime_hours", "float", 1.0, "h/day", "behaviour", "积压时每人每日最多加班", "Most overtime per person per day under a backlog", 0, 6),
    _P("satisfaction.base", "float", 2.1, "log-odds", "behaviour", "满意度：按期解决的基准", "Satisfaction: a case resolved on time, no trouble", -5, 8, source=SRC_RETURN_VISIT + "; level: assumption"),
    _P("satisfaction.late", "float", -1.8, "log-odds", "behaviour", "满意度：超期办结", "Satisfaction: closed after its time limit", -8, 2),
    _P("satisfaction.unresolved", "float", -4.2, "log-odds", "behaviour", "满意度：问题没有解决", "Satisfaction: the problem stays (not resolved)", -10, 0),
    _P("satisfaction.per_reopen", "float", -0.6, "log-odds", "behaviour", "满意度：每次返工", "Satisfaction: each failed fix", -5, 0),
    _P("satisfaction.per_repeat", "float", -0.5, "log-odds", "behaviour", "满意度：居民每次不得不再找一次", "Satisfaction: each time the resident had to come back", -5, 0),
    _P("satisfaction.per_bounce", "float", -0.2, "log-odds", "behaviour", "满意度：每次被部门推回", "Satisfaction: each time a department passed it back", -5, 0),
    _P("satisfaction.slow_response", "float", -0.5, "log-odds", "behaviour", "满意度：超时才首次响应", "Satisfaction: first answer after the response limit", -5, 0),
    _P("satisfaction.per_wait_day", "float", -0.03, "log-odds/day", "behaviour", "满意度：从需求产生起每等一天", "Satisfaction: each working day since the need arose", -1, 0),
    # --- model set-up ----------------------------------------------------------------------
    _P("days", "int", 250, "working days", "model", "模拟天数", "Days simulated", 1, 5000),
    _P("warmup_days", "int", 100, "working days", "model", "预热天数（不计入指标）", "Warm-up days (not counted in metrics)", 0, 1000),
    _P("handling", "choice", "lognormal", "", "model", "处理时长分布", "Handling-time distribution", choices=("lognormal", "exponential")),
]
# fmt: on

_BY_NAME: dict[str, Param] = {p.name: p for p in _TABLE}
# A live read-only view: parameters of practices registered later appear in it too.
PARAMS: MappingProxyType = MappingProxyType(_BY_NAME)
LEVERS: tuple[str, ...] = tuple(p.name for p in _TABLE if p.lever)
# What shocks may change during a run (docs/ODD.md §7.15); registered practices' levers never.
MID_RUN: tuple[str, ...] = tuple(p.name for p in _TABLE if p.mid_run)
# The behavioural assumptions (行为假设): every number of how people and cases behave that no
# source gives, so a claim can be checked across their plausible range (docs/ODD.md §11).
# Left out: the community's settings (its size, staff, load, rules, arrival profile), which a
# scenario states, and the levers, which a lesson varies on purpose.
_SETTINGS = frozenset(
    {
        "households",
        "compounds",
        "staff",
        "hours_per_day",
        "households_per_building",
        "department_servers",
        "department_hours",
        "issues_per_household",
        "response_limit",
        "volunteers",
    }
)
BEHAVIOURAL: tuple[str, ...] = tuple(
    p.name
    for p in _TABLE
    if p.kind in ("int", "float")
    and not p.lever
    and p.group != "model"
    and p.name not in _SETTINGS
    and not p.name.startswith("season.")
    and not p.name.endswith((".share", ".limit"))
    and (p.source == ASSUMPTION or p.group == "behaviour")
)


def defaults() -> dict[str, Any]:
    """Return a fresh dict of every parameter at its default value."""
    return {name: p.default for name, p in PARAMS.items()}


def validate(values: dict[str, Any], where: str = "") -> dict[str, Any]:
    """Check a flat ``{name: value}`` mapping against the table.

    Args:
        values: parameter values by dotted name.
        where: prefix for error messages (e.g. a file name).

    Returns:
        The values converted to their declared types.

    Raises:
        ScenarioError: on an unknown name or a value outside what is allowed.
    """
    out = {}
    for name, value in values.items():
        check_key(name, where)
        if name not in PARAMS:
            raise unknown_key_error(name, where)
        out[name] = PARAMS[name].check(value, where)
    return out


def unknown_key_message(name: str, where: str = "", lang: str = "en") -> str:
    """Explain an unknown parameter name and suggest the closest known ones."""
    return render("error.param.unknown", lang, **_unknown_key_values(name, where))


def unknown_key_error(name: str, where: str = "") -> ScenarioError:
    """The error for an unknown parameter name, in both languages (see ``unknown_key_message``)."""
    return ScenarioError.keyed("error.param.unknown", **_unknown_key_values(name, where))


def _unknown_key_values(name: str, where: str) -> dict[str, Any]:
    import difflib

    close = difflib.get_close_matches(name, PARAMS.keys(), n=3)
    hint = Part("error.param.hint.close", names=", ".join(close)) if close else Part("error.param.hint.list")
    # shown(): no control characters or screenfuls reach the terminal
    return {"where": where, "name": shown(name), "hint": hint}


def check_consistency(values: dict[str, Any]) -> None:
    """Check rules that tie several parameters together.

    Raises:
        ScenarioError: when the combination cannot describe a community.
    """
    total = sum(values[f"categories.{k}.share"] for k in CATEGORY_KEYS)
    if total <= 0:
        raise ScenarioError.keyed("error.consistency.share")
    if values["stations"] > values["compounds"]:
        raise ScenarioError.keyed(
            "error.consistency.stations", stations=values["stations"], compounds=values["compounds"]
        )
    buildings = -(-values["households"] // values["households_per_building"])
    if values["compounds"] > buildings:
        raise ScenarioError.keyed("error.consistency.compounds", compounds=values["compounds"], buildings=buildings)
    most = int(PARAMS["households"].hi)  # the map and the tables are sized for at most this many homes
    if values["households"] + values["new_households"] > most:
        raise ScenarioError.keyed(
            "error.consistency.new_households",
            new=values["new_households"],
            households=values["households"],
            most=most,
        )
    if values["staff"] > values["households"]:
        raise ScenarioError.keyed("error.consistency.staff")
    if values["staff_absent"] >= values["staff"]:  # at least one person at work
        raise ScenarioError.keyed(
            "error.consistency.staff_absent",
            absent=values["staff_absent"],
            most=values["staff"] - 1,
            staff=values["staff"],
        )


def add_params(rows: list[Param]) -> None:
    """Add the parameters of a newly registered practice to the table.

    Raises:
        ValueError: when a name is already in the table.
    """
    for row in rows:
        if row.name in _BY_NAME:
            raise ValueError(f"parameter {row.name} is already in the table")
    for row in rows:
        _BY_NAME[row.name] = row


def remove_params(names: list[str]) -> None:
    """Take parameters added with ``add_params`` out of the table again (shipped ones stay)."""
    shipped = {p.name for p in _TABLE}
    for name in names:
        if name not in shipped:
            _BY_NAME.pop(name, None)
