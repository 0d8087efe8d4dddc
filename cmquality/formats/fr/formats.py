"""French dates in the same shape as the English ones: "4 déc. 2026, 09:30" (see ``en``)."""

DATE_FORMAT = "j F Y"  # 4 décembre 2026
SHORT_DATE_FORMAT = "j N Y"  # 4 déc. 2026 (N: the French abbreviations, "juil.", "mars")
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
