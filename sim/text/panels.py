"""The notebook panels (``sim.widgets``) and the short help of every lever (``LEVER_HELP``).

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # --- panels ----------------------------------------------------------------------------
    "lang": ("语言 / Language", "语言 / Language"),
    "lab.title": ("情景实验室", "Scenario lab"),
    "dashboard.title": ("社区“1234”工作法 · 工作坊看板", "The community 1234 method · Workshop dashboard"),
    "dashboard.subtitle": (
        "按工作坊的顺序排好：先逐个看四个部分，再在情景实验室里自由组合，然后做情景比较，最后全班玩一局。",
        "In the order of the workshop: the four components one by one, then free combinations in the scenario "
        "lab, then scenario comparisons, and at the end a game for the whole room.",
    ),
    "dashboard.tab.lab": ("情景实验室", "Scenario lab"),
    "dashboard.tab.compare": ("情景比较", "Compare scenarios"),
    "dashboard.tab.game": ("工作坊游戏", "Workshop game"),
    "dashboard.component.1": ("一 · 一切为了居民", "1 · Everything for residents"),
    "dashboard.component.2": ("二 · 两颗心", "2 · Two hearts"),
    "dashboard.component.3": ("三 · 三化管理", "3 · Three kinds of management"),
    "dashboard.component.4": ("四 · 四融", "4 · Four integrations"),
    "dashboard.about.1": (
        "一个理念：居民的小事就是社区的大事。先办谁的事、要不要上门问需，都从居民出发。",
        "One philosophy: residents' small worries are the community's big business. Whose case comes first, "
        "and whether to go and ask what people need, starts from the residents.",
    ),
    "dashboard.about.2": (
        "两颗心：初心与爱心。耐心倾听、常入户走访、先行联系、跟踪督办、办结回访——都更贴心，也都要花工时。",
        "Two hearts, aspiration and care: patient listening, frequent home visits, quick contact, follow-up until "
        "done, a call back after closing — all of them care, and all of them cost staff hours.",
    ),
    "dashboard.about.3": (
        "三化管理：联动化（和县直部门一起办）、网格化（小片区、专人负责）、精准化（按标准流程办纠纷、查隐患）。",
        "Three kinds of management: linkage (working with county departments), gridding (small areas, one person "
        "responsible) and precision (standard procedures for disputes and hazard checks).",
    ),
    "dashboard.about.4": (
        "四融：组织融合、资源融汇、治理融入、服务融心。伙伴有的带来事（发现更多诉求），有的带来人（分担工作）。",
        "Four integrations: organisation, resources, governance, service. Some partners bring issues (more needs "
        "found), some bring people (work shared).",
    ),
    "dashboard.game": (
        "<h3 class='kit-heading'>全班一起经营一个社区一年</h3>"
        "<p>游戏由单独的工作坊服务器运行，这个看板不会启动它。培训师在自己电脑的终端里输入：</p>"
        "<pre>community-1234 workshop --lan</pre>"
        "<p>（或 <code>make workshop LAN=1</code>）。终端会打印参与者地址、主持人地址和 4 个字符的房间码。"
        "主持人地址只在本机打开，投影切到主持人页面；各队用手机或办公电脑扫二维码，或输入房间码加入，什么都不用装。</p>"
        "<ol><li>主持人开始新一轮。</li>"
        "<li>各队先预测：和社区现状相比，响应率、解决率、满意率、按期结案率会上升、下降还是基本不变。</li>"
        "<li>在工时预算之内选人手和做法，每轮提交一次，马上拿到本队的结果卡。</li>"
        "<li>主持人截止并公布：排行榜、各队策略散点图（工作人员工时对结果，标出帕累托前沿）、全班预测与结果的对照。</li>"
        "<li>两轮之间可以加事件：暴雨、人员缺岗、部门办件变慢、新小区入住。</li></ol>"
        "<p>复盘时，可以用同一个种子并排回放两个队伍的一年。按 Ctrl-C 停止服务器；用同一个 <code>--session</code> "
        "文件重启，房间原样恢复。游戏结束后回到这个看板，用“情景比较”把讨论落到数字上。"
        "详细步骤见 <code>docs/workshop.zh.md</code> 和第 6 课。</p>",
        "<h3 class='kit-heading'>The whole room runs one community for a year</h3>"
        "<p>The game runs on a separate workshop server; this dashboard does not start it. In a terminal on the "
        "trainer's laptop, type:</p>"
        "<pre>community-1234 workshop --lan --lang en</pre>"
        "<p>(or <code>make workshop LAN=1</code>). The terminal prints the participants' address, the "
        "facilitator's address and a four-character room code. Open the facilitator's address on the laptop only "
        "and put that page on the projector; teams join from a phone or an office PC by scanning the QR code or "
        "typing the room code, with nothing to install.</p>"
        "<ol><li>The facilitator starts a round.</li>"
        "<li>Each team predicts: against the community as it is, will the response, resolution, satisfaction and "
        "on-time closure rates go up, down or stay about the same?</li>"
        "<li>Teams choose staff and practices within the hours budget and submit once a round; each gets its "
        "result card at once.</li>"
        "<li>The facilitator closes the round and publishes: the leaderboard, a scatter of the teams' strategies "
        "(staff hours against results, with the Pareto front) and the room's predictions against the results.</li>"
        "<li>Between rounds the facilitator can add events: a rainstorm, staff absent, slower departments, a new "
        "compound moving in.</li></ol>"
        "<p>In the debrief, two teams' years can be replayed side by side with the same seed. Stop the server "
        "with Ctrl-C; restart it with the same <code>--session</code> file and the room comes back as it was. "
        "After the game, come back to this dashboard and use “Compare scenarios” to ground the discussion in "
        "numbers. Step by step: <code>docs/workshop.md</code> and episode 6.</p>",
    ),
    "lab.reps_heading": (
        "{reps} 次重复的均值（主种子 {seed}，与课程所用的比较相同）",
        "Means of {reps} replications (master seed {seed}, the comparison the lessons use)",
    ),
    "lab.subtitle": (
        "拨动左边的做法开关，右边的图会和“{ref}”对照着更新。",
        "Move the practices on the left; the plots on the right update against “{ref}”.",
    ),
    "explorer.title": ("分部探索：{group}", "Explore a component: {group}"),
    "explorer.subtitle": (
        "从传统社区出发，逐个打开这一部分的做法，看看和传统社区相比有什么变化。",
        "Start from the traditional community, switch this component's practices on one by one, "
        "and see what changes against the traditional community.",
    ),
    "explorer.shipped": (
        "“只开这一部分”采用内置情景的取值：{description}",
        "“Only this component on” uses the values of the shipped scenario: {description}",
    ),
    "compare.title": ("情景比较：多次重复与置信区间", "Compare scenarios: replications and confidence intervals"),
    "compare.subtitle": (
        "每个情景用同一组随机种子重复运行（共同随机数），差值是配对差值。置信区间不含 0 时，表中标为“更好”或“更差”。",
        "Every scenario is run with the same replication seeds (common random numbers), so "
        "differences are paired. When a difference's confidence interval excludes 0 the table "
        "marks it better or worse.",
    ),
    # --- lesson steps (the comparisons the lessons quote) ------------------------------------
    "steps.heading": ("课程步骤：课文引用的比较", "Lesson steps: the comparisons the lessons quote"),
    "steps.own": ("自己选情景比较", "Or pick your own scenarios"),
    "steps.choice": ("选择一课里的比较", "A comparison of a lesson"),
    "steps.option": (
        "{lesson} · {title}（{n} 个情景 × {reps} 次，种子 {seed}）",
        "{lesson} · {title} ({n} scenarios × {reps} replications, seed {seed})",
    ),
    "steps.run": ("按这一课的设置运行比较", "Run this lesson's comparison"),
    "steps.help": (
        "选好后按按钮：情景、重复次数和随机种子都和课文一样，表里的数字就是课文引用的数字。",
        "Choose one and press the button: the scenarios, replications and seed are the lesson's, so the "
        "table shows the numbers the lesson quotes.",
    ),
    "steps.quotes": ("{lesson}引用的数字", "Numbers quoted in {lesson}"),
    "steps.quotes_note": (
        "本次运行测得的数值，按课文的写法书写（{n} 个情景 × {reps} 次重复，主种子 {seed}）。"
        "“与课文一致”一栏对照的是课程记录的数值（lessons/numbers.toml）。",
        "Values measured by this run, written as the lesson writes them ({n} scenarios × {reps} "
        "replications, master seed {seed}). “Same as the lesson” compares them with the values the course "
        "recorded (lessons/numbers.toml).",
    ),
    "steps.col.scenario": ("情景", "Scenario"),
    "steps.col.stat": ("统计量", "Statistic"),
    "steps.col.value": ("本次运行", "This run"),
    "steps.col.same": ("与课文一致", "Same as the lesson"),
    "steps.stat.mean": ("均值", "mean"),
    "steps.stat.ci_low": ("均值的95%置信区间下限", "lower end of the mean's 95% CI"),
    "steps.stat.ci_high": ("均值的95%置信区间上限", "upper end of the mean's 95% CI"),
    "steps.stat.diff": ("与基准之差", "difference from the reference"),
    "steps.stat.diff_low": ("差值的95%置信区间下限", "lower end of the difference's 95% CI"),
    "steps.stat.diff_high": ("差值的95%置信区间上限", "upper end of the difference's 95% CI"),
    # --- headings --------------------------------------------------------------------------
    "sec.levers": ("“1234”工作法的做法", "Practices of the 1234 method"),
    "sec.community": ("社区设置（对照情景同样改动）", "Community settings (applied to the reference too)"),
    "sec.run": ("运行", "Run"),
    # --- controls --------------------------------------------------------------------------
    "ctl.seed": ("随机种子", "Random seed"),
    "ctl.auto": ("改动后自动运行", "Run on every change"),
    "ctl.run": ("运行", "Run"),
    "ctl.reset": ("恢复起点设置", "Back to the start"),
    "ctl.lab_all_on": ("全部做法都打开", "All practices on"),
    "ctl.lab_all_off": ("全部做法都关闭", "All practices off"),
    "ctl.goto_choice": ("内置情景", "Shipped scenario"),
    "ctl.goto": ("回到这个情景", "Back to this scenario"),
    "ctl.reps_run": ("运行 {reps} 次重复，看均值", "Run {reps} replications (means)"),
    "ctl.preset_off": ("全部关闭（传统社区）", "All off (traditional community)"),
    "ctl.preset_on": ("只开这一部分", "Only this component on"),
    "ctl.preset_all": ("四个部分全开（完整工作法）", "All four components on (full method)"),
    "ctl.map_shows": ("地图显示", "Map shows"),
    "ctl.scenarios": ("参与比较的情景", "Scenarios to compare"),
    "ctl.scenarios_hint": (
        "按住 Ctrl（苹果电脑按 ⌘）或 Shift 可选多个。",
        "Hold Ctrl (⌘ on a Mac) or Shift to pick several.",
    ),
    "ctl.reference": ("比较基准", "Compare with"),
    "ctl.reps": ("重复次数", "Replications"),
    "ctl.compare": ("开始比较", "Compare"),
    # --- tabs ------------------------------------------------------------------------------
    "tab.rates": ("三率与按期结案率", "Three rates and on-time closure"),
    "tab.map": ("社区地图", "Community map"),
    "tab.distribution": ("解决时间分布", "Time to resolution"),
    "tab.backlog": ("积压变化", "Backlog over time"),
    "tab.hours": ("工时去向", "Where the hours go"),
    "tab.key_metrics": ("主要指标", "Key metrics"),
    "tab.table": ("比较表", "Table"),
    # --- titles of the runs ----------------------------------------------------------------
    "run.changed": ("你的设置", "Your settings"),
    "run.changed_from": ("你的设置（起点：{base}）", "Your settings (starting from: {base})"),
    # --- status ----------------------------------------------------------------------------
    "status.ready": ("就绪。", "Ready."),
    "status.running": ("正在运行……", "Running…"),
    "status.done": (
        "已更新，用时 {total:.2f} 秒（模型 {model:.2f} 秒，作图 {draw:.2f} 秒）。",
        "Updated in {total:.2f} s (model {model:.2f} s, plots {draw:.2f} s).",
    ),
    "status.cached": ("对照情景取自缓存。", "Reference run taken from the cache."),
    "status.error": ("出错了：{message}", "Something went wrong: {message}"),
    "status.progress": ("已完成 {done}/{total} 次运行", "{done} of {total} runs done"),
    "status.compare_done": (
        "比较完成：{n} 个情景 × {reps} 次重复，用时 {seconds:.1f} 秒。",
        "Done: {n} scenarios × {reps} replications in {seconds:.1f} s.",
    ),
    "status.need_two": (
        "请在“比较基准”之外至少再选一个情景。",
        "Pick at least one scenario besides the one you compare with.",
    ),
    "status.press_compare": (
        "选好情景和重复次数后，点“开始比较”。",
        "Pick the scenarios and the number of replications, then press Compare.",
    ),
    # --- tables ----------------------------------------------------------------------------
    "col.metric": ("指标", "Metric"),
    "col.reference": ("对照", "Reference"),
    "col.changed": ("你的设置", "Your settings"),
    "col.diff": ("差值", "Difference"),
    "col.diff_ci": ("与基准之差 [95%置信区间]", "Difference from the reference [95% CI]"),
    "table.note": (
        "单次运行（随机种子 {seed}，模拟 {days} 个工作日），差值里含有随机波动。"
        "想知道差别是否可靠，请用“情景比较”多次重复运行。",
        "One run each (seed {seed}, {days} working days): the differences include chance. "
        "To see whether a difference is reliable, repeat the runs in the scenario comparison.",
    ),
    "table.compare_note": (
        "每格：均值 [95%置信区间]；Δ 一行是与基准之差 [95%置信区间]，“更好”“更差”表示置信区间不含 0。"
        "每个情景重复 {reps} 次。",
        "Each cell: mean [95% CI]; the Δ line is the difference from the reference [95% CI], marked "
        "better or worse when the interval excludes 0. {reps} replications per scenario.",
    ),
    "table.ref_title": ("对照：{title}", "Reference: {title}"),
    # --- true and assessed rates, and runs that cannot keep up -------------------------------
    "panel.assessed_note": (
        "考核口径只算经12345热线转来的件、按回访时居民的回答来计，逾期仍未办结的件一律算作没解决、不满意；"
        "真实情况算的是社区知道的全部诉求。",
        "The assessed rates count only cases that came through the 12345 hotline, as residents answered at the "
        "return visit, with every case still open past its time limit counted as unsolved and unsatisfied; the "
        "true rates count every case the community knew of.",
    ),
    "panel.cannot_keep_up": (
        "注意：“{title}”办不过来——积压在持续增长，结果取决于模拟多长时间。",
        "Note: “{title}” cannot keep up — its backlog keeps growing, so the results depend on how long the run is.",
    ),
    "panel.cannot_keep_up_some": (
        "注意：“{title}”在 {reps} 次重复中有 {n} 次办不过来——积压在持续增长，结果取决于模拟多长时间。",
        "Note: “{title}” cannot keep up in {n} of {reps} replications — the backlog keeps growing, so the "
        "results depend on how long the run is.",
    ),
    "panel.keeps_up_row": ("办得过来的重复", "Replications that keep up"),
    "panel.others": ("其他指标", "Other metrics"),
    # --- printed key numbers ---------------------------------------------------------------
    "numbers.header": (
        "随机种子 {seed}，模拟 {days} 个工作日",
        "seed {seed}, {days} working days",
    ),
    "numbers.compare_header": (
        "主种子 {seed}，每个情景重复 {reps} 次，模拟 {days} 个工作日；均值 [95%置信区间]",
        "master seed {seed}, {reps} replications per scenario, {days} working days; mean [95% CI]",
    ),
    # --- choices of priority_rule ----------------------------------------------------------
    "choice.priority_rule.fifo": ("先来先办", "First come, first served"),
    "choice.priority_rule.convenience": ("先办省事的", "Easy ones first"),
    "choice.priority_rule.resident_first": (
        "急难优先（最早到期先办）",
        "Urgent and hard first (earliest deadline first)",
    ),
    "choice.handling.lognormal": ("对数正态分布", "lognormal"),
    "choice.handling.exponential": ("指数分布", "exponential"),
}

# One or two sentences per lever: what the practice is, what it costs (see docs/ODD.md, section 8).
LEVER_HELP: dict[str, tuple[str, str]] = {
    "priority_rule": (
        "决定工作人员先办哪一件。“急难优先”把离期限最近的事排在前面；代价是期限较长的纠纷和部门件要多等一阵。",
        "Decides which case the staff take next. “Urgent and hard first” takes the case closest to its deadline; "
        "disputes and department cases, which have longer limits, wait a little longer.",
    ),
    "survey_interval": (
        "每隔多少个工作日把全社区的住户问一遍需求，找出没人反映的事。间隔越短发现越多，但调查本身和新发现的事都要占工时。",
        "How often, in working days, every household is asked what it needs, which uncovers needs nobody "
        "reported. Shorter intervals find more, but the survey and the extra cases take staff time.",
    ),
    "listening_minutes": (
        "每次接待多花几分钟，把情况问清楚。第一次就办对的多了，居民不必为同一件事再跑一趟；满意度随之变化，"
        "但只因为办得更对，不是因为多聊了几分钟。代价是每件事多占时间。",
        "Extra minutes at every contact to understand the problem. More first fixes work and residents need "
        "not come back about the same thing; satisfaction moves only because the work went better, not for "
        "the minutes themselves. Each case takes longer.",
    ),
    "visit_share": (
        "工作人员拿出多大比例的工时入户走访。走访能发现独居老人这类不会主动开口的需求，但这些时间就不能用来办件。",
        "The share of staff time spent visiting households. Visits find needs people never report, such as "
        "an elderly resident living alone, but those hours are not spent on casework.",
    ),
    "quick_contact": (
        "先行联系：一知道有诉求，先给居民打个电话，让对方知道有人在管。这个电话排在所有事情前面，但也要等手头的活干完才能打，"
        "人手紧时也会迟。响应率通常上升，每件多花几分钟。",
        "Quick contact: call the resident as soon as an issue is known, so they know someone is on it. The call goes before "
        "everything else in the queue, but waits for the job in hand, so it can be late when staff are short. "
        "The response rate usually rises; each case costs a few more minutes.",
    ),
    "follow_up": (
        "跟踪督办：对卡在部门那里的疑难件定期跟踪，盯到办完，不让它搁置。最慢那批件的解决时间明显缩短，需要一些跟踪工时。",
        "Follow-up: chase hard cases stuck with a department at regular intervals, until they are done, instead of letting them stall. The "
        "slowest cases finish much sooner, at the cost of some follow-up time.",
    ),
    "callback": (
        "办结次日给居民回访，发现没解决的马上返工（模型假设回访能发现八成没办好的件）。“办了等于没办”的件少了，"
        "但统计到的返工率可能反而上升。",
        "Call the resident the day after closure and reopen a failed fix at once (the model assumes a call "
        "finds 80% of the fixes that did not work). Fewer cases are closed with a fix that failed, though "
        "the measured rework rate may rise.",
    ),
    "linkage": (
        "社区与县直部门联动的程度：转办更快，部门推诿更少。需要县直部门办理的事受益最大。",
        "How closely the community works with county departments: faster hand-offs and less passing the "
        "buck. Issues that need a county department gain most.",
    ),
    "gridding": (
        "把社区划成网格，一格一名网格员负责到底：路近、人熟、返工少；代价是各格分开排队。"
        "网格员有 A/B 角互相顶岗（最忙的格与最闲的格结对），忙的网格只能借到这一位同事。",
        "Split the community into grids with one responsible worker each: short trips, local knowledge, "
        "less rework; but each grid queues on its own. Workers cover for an A/B partner (the busiest grid "
        "paired with the quietest), the one colleague a busy grid can borrow.",
    ),
    "process_compliance": (
        "纠纷调解和隐患处置按标准流程办理的比例。走流程多花时间，但办得更准，返工更少。",
        "The share of disputes and safety hazards handled by the standard procedure. The procedure takes "
        "longer but gets it right more often.",
    ),
    "inspection_interval": (
        "每隔多少个工作日把全社区排查一遍安全隐患，比如楼道堆物。发现得早，酿成事故的就少；排查要占工时。",
        "How often, in working days, the whole community is checked for safety hazards such as clutter "
        "blocking a stairwell. Hazards found early do not become incidents; the checks take staff time.",
    ),
    "stations": (
        "在几个小区里设党群服务站（每个小区最多一个）。居民在家门口就能反映问题，藏着的需求变少；每个站每天要有人值守。",
        "Party–mass service stations inside compounds (at most one per compound). Residents report close to "
        "home, so fewer needs stay hidden; each station needs staff on duty every day.",
    ),
    "cadre_pairing": (
        "领导干部和机关单位包联社区，县直部门给本社区多派对接人手，需要部门办的事办得更快。",
        "Leading cadres and government units are paired with the community, so departments assign more case "
        "officers to it and department cases move faster.",
    ),
    "party_members": (
        "到社区报到的在职党员人数。和“社区吹哨”配合，由他们接手等得太久的件；不吹哨时他们不接件。",
        "In-service party members who report to the community. Together with the whistle they take over "
        "cases that have waited too long; without the whistle they take none.",
    ),
    "whistle_days": (
        "一件事等了多少个工作日就“吹哨”：报到党员接手，或者请部门优先办理。0 表示不吹哨。",
        "After how many working days a waiting case triggers the whistle: reporting party members take it, "
        "or the department moves it to the front. 0 means no whistle.",
    ),
    "partner_hours": (
        "社区合伙人（社会组织、企业）每周投入的工时，承接物业维修和养老服务，比如楼上漏水要物业来修这类事。",
        "Weekly hours of community partners (social organisations, firms) who take property repairs and "
        "elderly care, such as a leaking pipe the property company must fix.",
    ),
    "mediation": (
        "调委会和小区说事议事队伍承接邻里纠纷，比如楼上楼下的噪音矛盾：调解更快、更稳；工作人员每件陪同约半小时。",
        "The mediation committee and the compound's on-site team take neighbour disputes, such as a noise "
        "quarrel between floors: quicker, more lasting settlements; staff attend about half an hour per case.",
    ),
    "patrol": (
        "单元长、巷道长、退休干部和志愿者组成巡访观察队，定期巡看，发现环境卫生问题和安全隐患。",
        "Unit leaders, lane leaders, retired cadres and volunteers form a visiting-and-watching team that walks "
        "the area regularly and spots sanitation "
        "problems and safety hazards.",
    ),
    "volunteer_points": (
        "志愿服务可以积分，志愿者来得更多、走得更少；管理积分要占一些工作人员的工时。",
        "Volunteer service earns points, so more volunteers join and fewer leave; running the points scheme "
        "takes some staff time.",
    ),
    "young_old_share": (
        "志愿者中参加“60助80”（低龄老人帮高龄老人）的比例。他们承接养老关爱，比如照看独居老人；这些人不再参加巡访。",
        "The share of volunteers in “60 helps 80”, younger elderly helping the very old. They take "
        "elderly-care cases such as looking in on a resident living alone, and no longer walk with the visitors.",
    ),
}
