"""Progress across interviews: the history of graded interviews and drills (history.py, its
rows in record.py), what it says per stage, dimension and checklist item (report.py), and
which stage to drill next (drill.py)."""

from agent.progress.drill import drill_question, drill_stage
from agent.progress.history import History
from agent.progress.record import Record, record_of
from agent.progress.report import Progress, Trend, progress

__all__ = [
    "History",
    "Progress",
    "Record",
    "Trend",
    "drill_question",
    "drill_stage",
    "progress",
    "record_of",
]
