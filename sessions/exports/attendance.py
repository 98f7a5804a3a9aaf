"""The attendance register as CSV (for counsel): every join and leave, with time, role and company."""

import csv
import io

from django.utils import timezone

from .text import csv_cell

HEADER = ["Time", "Name", "Company", "Role", "Event", "Reason"]


def attendance_csv(rows, *, session) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows:
        when = timezone.localtime(row.at, session.zone).strftime("%Y-%m-%d %H:%M:%S")
        writer.writerow(
            [
                csv_cell(v)
                for v in (when, row.user.name, row.company, row.role, row.get_kind_display(), row.reason)
            ]
        )
    return buffer.getvalue()
