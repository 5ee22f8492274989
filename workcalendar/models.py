"""The official calendar: the dates on which it departs from Monday–Friday."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

# BooleanField choices: the two kinds of day the State Council's yearly notice lists.
DAY_TYPES = [(False, "放假"), (True, "上班")]


class CalendarDay(models.Model):
    """One date on which the official calendar departs from Monday–Friday: a public holiday
    (放假, named after its festival) or a weekend day that is a working day (调休上班).
    Dates not in the table follow Monday–Friday. Source: the yearly 国务院办公厅关于部分
    节假日安排的通知; kept by the county organization department (workcalendar)."""

    date = models.DateField("日期")
    is_workday = models.BooleanField("类型", choices=DAY_TYPES, default=False,
                                     help_text="放假：法定节假日及其调休休息日；上班：周六或周日调休上班。")
    name = models.CharField("名称", max_length=50, blank=True, help_text="节日名称，如 国庆节、春节。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        db_table = "core_calendarday"  # the table of its first home (core); moved without a table change
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date"], name="calendarday_date_unique",
                                    violation_error_message="该日期已在工作日历中，请修改原有记录。"),
            models.CheckConstraint(condition=Q(is_workday=True) | ~Q(name=""), name="calendarday_holiday_named",
                                   violation_error_message="放假日须填写名称（如 国庆节）。"),
            # A Monday–Friday working day is the default: listing one would change nothing.
            models.CheckConstraint(condition=Q(is_workday=False) | Q(date__iso_week_day__gte=6),
                                   name="calendarday_workday_on_weekend",
                                   violation_error_message="调休上班日只能是周六或周日（周一至周五本来就是工作日）。"),
        ]

    def __str__(self) -> str:
        kind = "上班" if self.is_workday else "放假"
        return f"{self.date.isoformat()} {kind}{' · ' + self.name if self.name else ''}"

    @property
    def weekday_label(self) -> str:
        return "周" + "一二三四五六日"[self.date.weekday()]
