"""Believable Chinese names and valid ID numbers for demo data and the benchmark."""

from __future__ import annotations

import datetime
import random

from .idcard import make_id

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_MALE = "伟强军磊洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆建国志文海东林峰斌兵庆华春生德福"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英华玲燕红梅琳雪婷慧莉萍颖倩洁琴云凤兰琼桂珍佳欣悦"
MOBILE_PREFIXES = ("138", "139", "135", "137", "150", "158", "186", "188", "166", "199", "177", "189")
REGIONS = ("330102", "330106", "330110", "110105", "440305", "510104", "420102", "370102", "320106", "430102")


def person(rng: random.Random, n: int, *, today: datetime.date | None = None) -> dict:
    """One member's personal data; `n` makes the ID number unique (date + sequence)."""
    today = today or datetime.date(2025, 1, 1)
    sex = "male" if rng.random() < 0.72 else "female"  # men are about 70% of members
    given = GIVEN_MALE if sex == "male" else GIVEN_FEMALE
    name = rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2))))
    born = datetime.date(1940, 1, 1) + datetime.timedelta(days=(n // 450) % 23000)
    born = min(born, today - datetime.timedelta(days=365 * 22))
    id_number = make_id(rng.choice(REGIONS), born, (n % 450) * 2, sex)
    joined = born + datetime.timedelta(days=365 * rng.randint(19, 45) + rng.randint(0, 300))
    joined = min(joined, today - datetime.timedelta(days=400))
    return {"name": name, "sex": sex, "birth_date": born, "id_number": id_number, "join_date": joined,
            "full_member_date": joined + datetime.timedelta(days=365), "phone": f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99999999):08d}"}
