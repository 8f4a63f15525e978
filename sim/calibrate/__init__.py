"""Calibrate a scenario from a community's own issue log (诉求台账).

A log is a CSV file or an Excel workbook (``.xlsx``) with one row per issue the community
registered (format in ``docs/calibration.md``; ``write_template`` writes a blank one). A log
that holds residents' personal data (names, phone or ID card numbers, addresses down to
the door) is refused; 12345 hotline categories are read as the kit's. From it this
package estimates

* per-category arrival rates, turned into ``issues_per_household`` and
  ``categories.*.share`` after correcting for needs that never reach the log (the share
  of needs that become known is taken from the base scenario by simulation);
* the distribution of time to resolution per category (a lognormal, censored by cases
  still open when the log ends) and, as an option, the hands-on handling hours
  ``categories.*.hours`` / ``sigma`` that this implies when cases hardly wait;
* the share of resident reports that come through the 12345 hotline (``hotline_share``),
  the channel mix and the satisfaction rate (for reference);
* when the log carries satisfaction answers, the ``satisfaction.*`` terms: a logistic
  regression of the answer on what the log says each resident lived through (late,
  not solved, reopenings, repeats, hand-backs, a slow first answer, the wait);

and writes a scenario file that extends a base scenario. ::

    >>> from sim.calibrate import calibrate
    >>> cal = calibrate("sim/data/example-issue-log.csv", out="mine.toml", households=1000)  # doctest: +SKIP
    >>> cal.table                                                                           # doctest: +SKIP

Every input is checked before anything is estimated or written: the options, the
output paths (which may never be one of the input files), the holidays and each row of
the log. A problem raises one ``ScenarioError`` whose message is a single line in English
and in Chinese; nothing is written then.

Modules, each importing only those listed before it:

* ``messages``: notes in both languages, one-line errors, listings cut to fit a line;
* ``calendar``: working-day numbers from timestamps and back, holidays;
* ``columns``: the one definition of a log's columns and of the values its cells may hold;
* ``hotline``: 12345 hotline categories and the kit's category each one is
  (``sim/data/12345-categories.csv``);
* ``privacy``: columns that look like residents' personal data, found and refused;
* ``sheets``: the first sheet of an ``.xlsx`` workbook as a table of strings;
* ``log``: reading and checking an issue log (``read_issue_log``, ``IssueLog``);
* ``satisfaction``: the features of the resident's verdict from a log's columns
  (``case_features``) and the logistic fit of the satisfaction terms (``fit_satisfaction``);
* ``fit``: the lognormal fit, the known fraction, ``estimate`` and the ``Calibration``
  record, and how much log is enough;
* ``write``: the scenario file's text, checked output paths, ``calibrate``;
* ``template``: the Excel template of a log (``write_template``);
* ``example``: a model run exported as an issue log, and the shipped example log;
* ``cli``: the commands' options and actions (``calibrate`` of ``python -m sim``, and
  ``example``);

and, not imported here because it stands on ``sim.cli`` (which imports this package):

* ``program``: the program ``python -m sim.calibrate [example]`` (``calibrate_cli``,
  ``example_cli``, ``main``).

Command line (also ``python -m sim.calibrate``)::

    python -m sim calibrate LOG.csv --out scenario.toml [--households N] [--name NAME]
    python -m sim calibrate LOG.xlsx --out scenario.toml
    python -m sim calibrate --template 台账模板.xlsx
    python -m sim.calibrate example --out sim/data/example-issue-log.csv
"""

from __future__ import annotations

from ..i18n import Note
from .calendar import (
    FIRST_DATE,
    FIRST_YEAR,
    LAST_DATE,
    LAST_YEAR,
    MAX_DAY_NUMBER,
    check_holidays,
    from_working_days,
    read_holidays,
    working_days,
)
from .cli import add_arguments, cmd_calibrate, cmd_example, example_arguments
from .columns import CATEGORY_NAMES, CHANNEL_NAMES, COLUMN_SPECS, COLUMNS, REQUIRED, SATISFACTION, Column, choices
from .example import EXAMPLE, EXAMPLE_PATH, export_issue_log, make_example
from .fit import (
    DAYS_PER_YEAR,
    FEW_DAYS,
    FEW_ISSUES,
    HOURS,
    KNOWN_ISSUES_TARGET,
    LONG_DAYS,
    MAX_SPAN_DAYS,
    MIN_ISSUES,
    ROUGH,
    WARMUP_DAYS,
    Calibration,
    estimate,
    fit_lognormal,
    known_fraction,
)
from .hotline import HOTLINE_TABLE, category_key
from .log import IssueLog, Problem, read_issue_log
from .messages import LINE_CHARS, MAX_PROBLEMS
from .privacy import check_personal_data
from .satisfaction import MIN_ANSWERS, SatisfactionFit, case_features, fit_logit, fit_satisfaction
from .template import write_template
from .write import calibrate, scenario_text, write_scenario

__all__ = [
    "CATEGORY_NAMES",
    "CHANNEL_NAMES",
    "COLUMNS",
    "COLUMN_SPECS",
    "DAYS_PER_YEAR",
    "EXAMPLE",
    "EXAMPLE_PATH",
    "FEW_DAYS",
    "FEW_ISSUES",
    "FIRST_DATE",
    "FIRST_YEAR",
    "HOTLINE_TABLE",
    "HOURS",
    "KNOWN_ISSUES_TARGET",
    "LAST_DATE",
    "LAST_YEAR",
    "LINE_CHARS",
    "LONG_DAYS",
    "MAX_DAY_NUMBER",
    "MAX_PROBLEMS",
    "MAX_SPAN_DAYS",
    "MIN_ANSWERS",
    "MIN_ISSUES",
    "REQUIRED",
    "ROUGH",
    "SATISFACTION",
    "WARMUP_DAYS",
    "Calibration",
    "Column",
    "IssueLog",
    "Note",
    "Problem",
    "SatisfactionFit",
    "add_arguments",
    "calibrate",
    "case_features",
    "category_key",
    "check_personal_data",
    "check_holidays",
    "choices",
    "cmd_calibrate",
    "cmd_example",
    "estimate",
    "example_arguments",
    "export_issue_log",
    "fit_logit",
    "fit_lognormal",
    "fit_satisfaction",
    "from_working_days",
    "known_fraction",
    "make_example",
    "read_holidays",
    "read_issue_log",
    "scenario_text",
    "working_days",
    "write_scenario",
    "write_template",
]
