"""The model's calendar: time is counted in working days (工作日)."""

DAYS_PER_YEAR = 250.0
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
DAYS_PER_QUARTER = DAYS_PER_YEAR / 4
DAYS_PER_WEEK = 5.0
