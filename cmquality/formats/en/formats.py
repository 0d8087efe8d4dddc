"""English dates that no reader can take for another day: the month in words, a 24-hour clock.

Django's English formats are American ("12/04/2026" is 4 December to a reader in Paris and
12 April to one in Boston) and its clock writes "9:30 a.m.", whose full stop doubles at the end
of a sentence. Every date of the app goes through these names (``|date:"SHORT_DATE_FORMAT"``,
``date_format``), so this module is the one place that says how a date reads.
"""

DATE_FORMAT = "j F Y"  # 4 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 4 Dec 2026
DATETIME_FORMAT = "j F Y, H:i"  # 4 December 2026, 09:30
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 4 Dec 2026, 09:30
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
