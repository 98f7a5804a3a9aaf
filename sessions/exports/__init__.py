"""Files people take away from a session: action items as CSV, iCalendar and PDF, and the minutes as
Markdown and PDF.

Pure functions: data in, file content out. They only read (the objects they are given, and the
relations those objects point to); views and tasks decide who may have which file.
"""

from .action_items import action_items_csv, action_items_ics, action_items_pdf
from .attendance import attendance_csv
from .interim import interim_decisions_csv, interim_ideas_csv
from .minutes import minutes_markdown, minutes_pdf
from .text import csv_cell, markdown_escape, pdf_safe

__all__ = [
    "attendance_csv",
    "interim_decisions_csv",
    "interim_ideas_csv",
    "action_items_csv",
    "action_items_ics",
    "action_items_pdf",
    "csv_cell",
    "markdown_escape",
    "minutes_markdown",
    "minutes_pdf",
    "pdf_safe",
]
