"""The owner's statistics: plain query functions over a date range, a fixed number of queries."""

from models.reports.complaints import ComplaintFigures, complaint_figures
from models.reports.figures import Cube, Figures, cube
from models.reports.period import DateRange
from models.reports.table import HEADER, stats_table

__all__ = ["HEADER", "ComplaintFigures", "Cube", "DateRange", "Figures", "complaint_figures",
           "cube", "stats_table"]
