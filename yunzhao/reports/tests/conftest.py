"""Key projects with known scheduling updates, and private files in a temporary directory.

The report's period is the week of Monday 2024-05-06. Projects (total investment in brackets):

- K1 历下 (Lixia), leader 张三 (12亿): updated this week, asks for the city's help.
- K2 历下, leader 李四 (3亿): updated the week before and the week after, not this week: missing.
- K3 槐荫 (Huaiyin), leader 张三 (8亿): updated this week, no help needed.
- K4 天桥 (Tianqiao), no leader (2亿): never updated: missing.
- Lost: 历下, a key project that was lost: not in the report.
- Plain: 历下, not a key project: not in the report.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from yunzhao.projects import actions as project_actions
from yunzhao.projects.choices import Stage
from yunzhao.testing.factories import make_project

PERIOD = dt.date(2024, 5, 6)
YI = Decimal(100_000_000)


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@dataclass
class KeyLedger:
    k1: object
    k2: object
    k3: object
    k4: object
    lost: object
    plain: object


def _key(actor, units, district, name_zh, name_en, leader, yi, **fields):
    return make_project(
        actor,
        district=units[district],
        name_zh=name_zh,
        name_en=name_en,
        leader=leader,
        is_key=True,
        total_investment=yi * YI,
        **fields,
    )


@pytest.fixture
def key_ledger(city_staff, units) -> KeyLedger:
    k1 = _key(city_staff, units, "lixia", "历下新能源电池基地", "Lixia battery base", "张三", 12)
    k2 = _key(city_staff, units, "lixia", "历下数字经济产业园", "Lixia digital park", "李四", 3)
    k3 = _key(city_staff, units, "huaiyin", "槐荫智能制造项目", "Huaiyin smart factory", "张三", 8)
    k4 = _key(city_staff, units, "tianqiao", "天桥物流枢纽", "Tianqiao logistics hub", "", 2)
    lost = _key(
        city_staff,
        units,
        "lixia",
        "历下已流失项目",
        "Lixia lost project",
        "张三",
        5,
        stage=Stage.LOST,
        stage_reason="投资方撤回",
    )
    plain = make_project(city_staff, district=units["lixia"], name_zh="历下普通项目", leader="张三")
    submit = project_actions.submit_scheduling_update
    submit(
        k1,
        actor=city_staff,
        period_start=PERIOD,
        progress="主体厂房封顶，设备安装完成60%。",
        problems="电力增容审批慢。",
        help_needed="请市发改委协调110千伏变电站建设。",
        next_steps="6月底试生产。",
    )
    submit(k2, actor=city_staff, period_start=PERIOD - dt.timedelta(days=7), progress="完成可研报告。")
    submit(k2, actor=city_staff, period_start=PERIOD + dt.timedelta(days=7), progress="下周的进展。")
    submit(k3, actor=city_staff, period_start=PERIOD, progress="完成施工许可证办理。", next_steps="7月开工。")
    return KeyLedger(k1=k1, k2=k2, k3=k3, k4=k4, lost=lost, plain=plain)
