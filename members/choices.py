"""Enumerations of the member roll."""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Category(models.TextChoices):
    FULL = "full", "正式党员"
    PROBATIONARY = "probationary", "预备党员"


class MemberStatus(models.TextChoices):
    IN_BRANCH = "in_branch", "在册"
    MIGRANT = "migrant", "流动党员"
    TRANSFERRED_OUT = "transferred_out", "已转出"
    DIED = "died", "去世"
    LEFT = "left", "出党"


# Statuses that keep a member on the roll: at most one such record per ID number.
ACTIVE_STATUSES = (MemberStatus.IN_BRANCH, MemberStatus.MIGRANT)


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", "研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY_VOCATIONAL = "secondary_vocational", "中专"
    HIGH_SCHOOL = "high_school", "高中"
    JUNIOR_HIGH = "junior_high", "初中"
    PRIMARY = "primary", "小学及以下"


# GB/T 3304-1991: the 56 ethnic groups, in code order.
_ETHNIC_NAMES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 "
    "黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 "
    "撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 "
    "京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
Ethnicity = models.TextChoices(  # type: ignore[misc]
    "Ethnicity", [(f"E{i:02d}", (f"{i:02d}", name)) for i, name in enumerate(_ETHNIC_NAMES, start=1)]
)
HAN = "01"


class AgeBand(models.TextChoices):
    UPTO_35 = "le35", "35岁及以下"
    B36_45 = "36_45", "36—45岁"
    B46_55 = "46_55", "46—55岁"
    B56_65 = "56_65", "56—65岁"
    OVER_65 = "gt65", "66岁及以上"


# (min age, max age) inclusive per band, for filters and reports.
AGE_BAND_LIMITS: dict[str, tuple[int, int | None]] = {
    AgeBand.UPTO_35: (0, 35), AgeBand.B36_45: (36, 45), AgeBand.B46_55: (46, 55),
    AgeBand.B56_65: (56, 65), AgeBand.OVER_65: (66, None),
}


class TransferKind(models.TextChoices):
    INTERNAL = "internal", "系统内转接"
    OUT_EXTERNAL = "out_external", "转出到系统外"
    IN_EXTERNAL = "in_external", "从系统外转入"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "待接收"
    CONFIRMED = "confirmed", "已接收"
    EXPIRED = "expired", "介绍信已过期"
    CANCELLED = "cancelled", "已撤回"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "已上传"
    CHECKING = "checking", "检查中"
    CHECKED = "checked", "已检查"
    IMPORTING = "importing", "导入中"
    DONE = "done", "已导入"
    FAILED = "failed", "失败"
    EXPIRED = "expired", "已过期"
