"""The ledger file format: one declared list of columns, used by both the export and the import.

Each ``Column`` names a project field (``key``), its Chinese and English header, how a cell is read
(``parse``) and how it is written (``format``). The export writes ``COLUMNS`` in order; the import
finds them by header in either language (or an alias), in any order. Because both sides use the
same list, an exported file imports back unchanged.

The headers are part of the file format, not of the user interface: both spellings are fixed here
and recognised whatever the reader's language, so they are not translated.

Conventions of the format:

- 总投资(万元) / Total investment counts ten-thousands (万) of the row's own currency: 万元 for a
  CNY row, 万美元 (tens of thousands of US dollars) for a USD row, as 币种 / Currency says. Text
  with a unit is read as written: ``1.5亿`` and ``15000万`` are the same amount.
- 币种 / Currency is ``CNY`` or ``USD`` (人民币 / 美元 are understood); empty means CNY.
- 汇率 / Exchange rate is yuan per unit of the currency; 1 for CNY; empty for a USD row keeps the
  project's rate, or takes the month's recorded rate for a new project.
- 折合人民币(万元) / Total in yuan is written for reading only and ignored on import.
- 投资方 / Investors lists investor names separated by ``；`` or ``;``.
- 区县, 园区 take a name in Chinese or English; 区县 also a GB/T 2260 code (370102).
- Choice columns (行业, 项目类型, 资金来源, 阶段) take the label in either language or the stored value.
- Texts that a spreadsheet would run as a formula are written with a leading apostrophe and read
  back without it (see ``parsing.escape_text``).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Choices
from django.utils import translation
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from yunzhao.core.choices import Currency, Industry
from yunzhao.core.money import WAN
from yunzhao.orgs.choices import UnitKind
from yunzhao.orgs.models import Unit
from yunzhao.projects.choices import CapitalSource, ProjectKind, Stage

from . import parsing
from .parsing import CellError

INVESTOR_SEPARATORS = ("；", ";")


def header_key(text: object) -> str:
    """How headers are compared: plain width, no spaces or required-marks, lower case."""
    return parsing.normalize_text(str(text or "")).replace(" ", "").replace("*", "").lower()


def word_key(text: str) -> str:
    """How names and labels in cells are compared."""
    return parsing.normalize_text(text).replace(" ", "").lower()


# Words that ledgers commonly use for choice values, besides the labels in both languages.
CHOICE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "stage": {
        Stage.LEAD: ("线索", "项目线索", "储备"),
        Stage.NEGOTIATING: ("在谈", "洽谈", "在谈项目", "洽谈中"),
        Stage.EXPECTED: ("拟签约", "待签约", "即将签约"),
        Stage.SIGNED: ("签约", "已签约"),
        Stage.REGISTERED: ("注册", "已注册", "已落地", "落地"),
        Stage.STARTED: ("开工", "已开工", "在建"),
        Stage.PRODUCTION: ("投产", "已投产", "竣工投产"),
        Stage.PAUSED: ("暂停", "暂缓", "停滞"),
        Stage.LOST: ("流失", "终止", "已终止"),
    },
    "kind": {
        ProjectKind.NEW: ("新建", "新项目", "新设"),
        ProjectKind.EXPANSION: ("扩建", "扩产", "改扩建"),
        ProjectKind.CAPITAL_INCREASE: ("增资", "增资扩股"),
    },
    "source": {
        CapitalSource.FOREIGN: ("外资", "境外", "利用外资"),
        CapitalSource.DOMESTIC: ("内资", "境内", "市外内资", "国内"),
    },
    "currency": {
        Currency.CNY: ("人民币", "元", "RMB", "¥", "￥"),
        Currency.USD: ("美元", "US$", "$"),
    },
    "industry": {
        Industry.NEW_ENERGY: ("新能源", "储能", "新能源与储能"),
        Industry.HYDROGEN: ("氢能",),
        Industry.SMART_MANUFACTURING: ("智能制造", "高端装备", "高端装备与智能制造", "装备制造"),
        Industry.AUTOMOTIVE: ("汽车", "新能源汽车", "汽车及新能源汽车"),
        Industry.DIGITAL_ECONOMY: ("数字经济", "软件", "软件和信息服务", "数字经济与软件"),
        Industry.SEMICONDUCTORS: ("集成电路", "电子信息", "集成电路与电子信息"),
        Industry.BIOMEDICINE: ("生物医药", "医药", "大健康", "生物医药与大健康"),
        Industry.NEW_MATERIALS: ("新材料", "化工", "新材料与化工"),
        Industry.FINANCE: ("金融",),
        Industry.LOGISTICS: ("物流", "现代物流"),
        Industry.EXHIBITION: ("会展",),
        Industry.CULTURE_TOURISM: ("文旅", "文化旅游", "文化和旅游"),
        Industry.MODERN_AGRICULTURE: ("农业", "现代农业", "食品", "现代农业与食品"),
        Industry.REAL_ESTATE: ("房地产", "城市开发", "城市更新"),
        Industry.COMMERCE: ("商贸", "现代服务业", "商贸服务"),
        Industry.OTHER: ("其他", "其它"),
    },
}
CHOICE_CLASSES: dict[str, type[Choices]] = {
    "stage": Stage, "kind": ProjectKind, "source": CapitalSource, "currency": Currency, "industry": Industry,
}


class _Words:
    """Words that mean something: looked up as written first, then in their normalised form."""

    def __init__(self) -> None:
        self.exact: dict[str, Any] = {}
        self.normal: dict[str, Any] = {}

    def add(self, word: str, meaning: Any, *, first: bool = False) -> None:
        """Teach ``word``; with ``first``, a meaning given earlier for the same word is kept."""
        if not word:
            return
        if first:
            self.exact.setdefault(word, meaning)
            self.normal.setdefault(word_key(word), meaning)
        else:
            self.exact[word] = meaning
            self.normal[word_key(word)] = meaning

    def get(self, text: str) -> Any:
        found = self.exact.get(text)
        return found if found is not None else self.normal.get(word_key(text))


class Vocabulary:
    """What the words in a ledger mean: unit names and choice labels in both languages, loaded once."""

    def __init__(self) -> None:
        units = list(
            Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE])
            .order_by("kind", "order", "pk")
            .values("pk", "kind", "code", "name_zh", "name_en", "gb_code")
        )
        self.unit_names = {u["pk"]: (u["name_zh"], u["name_en"] or u["name_zh"]) for u in units}
        self.units = {UnitKind.DISTRICT: _Words(), UnitKind.ZONE: _Words()}
        for unit in units:
            words = self.units[unit["kind"]]
            for name in (unit["name_zh"], unit["name_en"], unit["gb_code"], unit["code"]):
                words.add(name, unit["pk"])
        # Short forms people write: 历下 for 历下区, 高新区 for 济南高新区, Lixia for Lixia District.
        for unit in units:
            zh, en = unit["name_zh"], unit["name_en"] or ""
            for name in (zh.removeprefix("济南市").removeprefix("济南"),
                         zh[:-1] if zh.endswith(("区", "县")) and len(zh) > 2 else "",
                         en.removeprefix("Jinan ").removesuffix(" District").removesuffix(" County")):
                self.units[unit["kind"]].add(name, unit["pk"], first=True)
        self.choices: dict[str, _Words] = {}
        self.labels: dict[tuple[str, str], dict[str, str]] = {}
        for key, choices in CHOICE_CLASSES.items():
            words = _Words()
            for value in choices.values:
                words.add(value, value)
                for alias in CHOICE_ALIASES.get(key, {}).get(value, ()):
                    words.add(alias, value, first=True)
            for lang in ("zh-hans", "en"):
                with translation.override(lang):
                    labels = {value: str(label) for value, label in choices.choices}
                self.labels[key, lang] = labels
                for value, label in labels.items():
                    words.add(label, value, first=True)
            self.choices[key] = words

    def unit(self, kind: str, text: str) -> int | None:
        return self.units[kind].get(text)

    def choice(self, key: str, text: str) -> str | None:
        return self.choices[key].get(text)

    def unit_name(self, pk: int | None, lang: str) -> str:
        if pk is None:
            return ""
        zh, en = self.unit_names.get(pk, ("", ""))
        return en if lang == "en" else zh

    def label(self, key: str, value: str, lang: str) -> str:
        return self.labels[key, lang].get(value, value)


# --- Parsers: (cell, vocabulary) → value ---------------------------------------------------------


def _as_text(value: object) -> str:
    if value.__class__ is str:  # the common case, kept short
        text = value.strip()  # type: ignore[attr-defined]
        return parsing.unescape_text(text) if text[:1] == parsing.TEXT_MARK else text
    return parsing.parse_text(value)


def _text(max_length: int) -> Callable[[object, Vocabulary], str]:
    def parse(value: object, vocabulary: Vocabulary) -> str:
        text = _as_text(value)
        if len(text) > max_length:
            raise CellError(translation.gettext("Too long: at most %(n)d characters.") % {"n": max_length})
        return text

    return parse


def _long_text(value: object, vocabulary: Vocabulary) -> str:
    # Line breaks are kept (as \n); only the ends are trimmed.
    return parsing.parse_text(value).replace("\r\n", "\n").replace("\r", "\n")


def _unit(kind: str) -> Callable[[object, Vocabulary], int]:
    def parse(value: object, vocabulary: Vocabulary) -> int:
        pk = vocabulary.unit(kind, _as_text(value))
        if pk is None:
            if kind == UnitKind.DISTRICT:
                raise CellError(translation.gettext("Unknown district or county."))
            raise CellError(translation.gettext("Unknown zone."))
        return pk

    return parse


def _choice(key: str) -> Callable[[object, Vocabulary], str]:
    def parse(value: object, vocabulary: Vocabulary) -> str:
        found = vocabulary.choice(key, _as_text(value))
        if found is None:
            lang = "en" if (translation.get_language() or "").startswith("en") else "zh-hans"
            labels = "、".join(vocabulary.labels[key, lang].values())
            raise CellError(translation.gettext("Unknown value; use one of: %(labels)s.") % {"labels": labels})
        return found

    return parse


def _investors(value: object, vocabulary: Vocabulary) -> list[str]:
    text = _as_text(value)
    for separator in INVESTOR_SEPARATORS[1:]:
        text = text.replace(separator, INVESTOR_SEPARATORS[0])
    names = [" ".join(name.split()) for name in text.split(INVESTOR_SEPARATORS[0])]
    if any(not name for name in names):
        raise CellError(translation.gettext("An investor name is missing between the separators."))
    if any(len(name) > 200 for name in names):
        raise CellError(translation.gettext("An investor name is longer than 200 characters."))
    return list(dict.fromkeys(names))


def _amount(value: object, vocabulary: Vocabulary) -> Decimal:
    return parsing.parse_yuan_or_dollars(value)


def _rate(value: object, vocabulary: Vocabulary) -> Decimal:
    return parsing.parse_decimal(value, places=6, positive=True)


def _land(value: object, vocabulary: Vocabulary) -> Decimal:
    return parsing.parse_decimal(value, places=2, suffix="亩")


def _date(value: object, vocabulary: Vocabulary) -> dt.date:
    return parsing.parse_date(value)


def _yes_no(value: object, vocabulary: Vocabulary) -> bool:
    return parsing.parse_yes_no(value)


# --- Formatters: (project row, vocabulary, language) → cell --------------------------------------


def _clean(text: str) -> str:
    """Text as a cell: characters that XML cannot hold removed, formula starts neutralised."""
    return parsing.escape_text(ILLEGAL_CHARACTERS_RE.sub("", text or ""))


def _show_text(name: str) -> Callable[[dict, Vocabulary, str], str]:
    return lambda row, vocabulary, lang: _clean(row[name])


def _show_unit(name: str) -> Callable[[dict, Vocabulary, str], str]:
    return lambda row, vocabulary, lang: vocabulary.unit_name(row[name], lang)


def _show_choice(key: str) -> Callable[[dict, Vocabulary, str], str]:
    return lambda row, vocabulary, lang: vocabulary.label(key, row[key], lang)


def _show_investors(row: dict, vocabulary: Vocabulary, lang: str) -> str:
    separator = "; " if lang == "en" else INVESTOR_SEPARATORS[0]
    return _clean(separator.join(row["investors"]))


def _wan(amount: Decimal | None) -> float | None:
    # A spreadsheet number is a double; 15 significant digits hold any amount to the yuan cent.
    return None if amount is None else float(amount / WAN)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _show_key(row: dict, vocabulary: Vocabulary, lang: str) -> str:
    if lang == "en":
        return "Yes" if row["is_key"] else "No"
    return "是" if row["is_key"] else "否"


@dataclass(frozen=True)
class Column:
    """One ledger column: the field it holds, its headers, and how its cells are read and written."""

    key: str
    header_zh: str
    header_en: str
    format: Callable[[dict, Vocabulary, str], Any]
    parse: Callable[[object, Vocabulary], Any] | None = None
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 14
    number_format: str | None = None
    headers: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = {header_key(h) for h in (self.header_zh, self.header_en, *self.aliases)}
        object.__setattr__(self, "headers", frozenset(keys))

    def header(self, lang: str) -> str:
        return self.header_en if lang == "en" else self.header_zh

    @property
    def importable(self) -> bool:
        return self.parse is not None


AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"

COLUMNS: list[Column] = [
    Column("code", "项目编号", "Code", _show_text("code"), _text(32), aliases=("编号", "项目代码", "Ledger number"),
           width=16),
    Column("name_zh", "项目名称", "Name (zh)", _show_text("name_zh"), _text(200), required=True,
           aliases=("项目名称(中文)", "Name", "Project name"), width=36),
    Column("name_en", "英文名称", "Name (en)", _show_text("name_en"), _text(300),
           aliases=("项目英文名称", "English name"), width=30),
    Column("investors", "投资方", "Investors", _show_investors, _investors, required=True,
           aliases=("投资主体", "投资企业", "签约企业", "Investor"), width=36),
    Column("district", "区县", "District", _show_unit("district_id"), _unit(UnitKind.DISTRICT), required=True,
           aliases=("所属区县", "区县(市)", "District / county"), width=12),
    Column("zone", "园区", "Zone", _show_unit("zone_id"), _unit(UnitKind.ZONE),
           aliases=("所属园区", "功能区"), width=20),
    Column("industry", "行业", "Industry", _show_choice("industry"), _choice("industry"),
           aliases=("产业", "所属行业", "所属产业"), width=18),
    Column("kind", "项目类型", "Kind", _show_choice("kind"), _choice("kind"), aliases=("类型",), width=10),
    Column("source", "资金来源", "Source", _show_choice("source"), _choice("source"),
           aliases=("内外资", "Capital source"), width=10),
    Column("total_investment", "总投资(万元)", "Total investment (10k yuan)",
           lambda row, v, lang: _wan(row["total_investment"]), _amount, required=True,
           aliases=("总投资", "计划总投资(万元)", "投资额(万元)", "总投资额(万元)", "Total investment"),
           width=14, number_format=AMOUNT_FORMAT),
    Column("currency", "币种", "Currency", lambda row, v, lang: row["currency"], _choice("currency"), width=8),
    Column("exchange_rate", "汇率", "Exchange rate", lambda row, v, lang: _number(row["exchange_rate"]), _rate,
           width=10, number_format="0.0000"),
    Column("total_investment_cny", "折合人民币(万元)", "Total in yuan (10k yuan)",
           lambda row, v, lang: _wan(row["total_investment_cny"]), width=14, number_format=AMOUNT_FORMAT),
    Column("land_area_mu", "用地(亩)", "Land (mu)", lambda row, v, lang: _number(row["land_area_mu"]), _land,
           aliases=("用地面积(亩)", "占地(亩)", "用地", "Land area (mu)"), width=10, number_format=AMOUNT_FORMAT),
    Column("stage", "阶段", "Stage", _show_choice("stage"), _choice("stage"), required=True,
           aliases=("项目阶段", "进展阶段", "项目状态"), width=12),
    Column("stage_reason", "暂停/流失原因", "Reason (paused or lost)", _show_text("stage_reason"), _text(300),
           aliases=("原因",), width=20),
    Column("signed_on", "签约日期", "Signed on", lambda row, v, lang: row["signed_on"], _date,
           aliases=("签约时间",), width=12, number_format=DATE_FORMAT),
    Column("started_on", "开工日期", "Started on", lambda row, v, lang: row["started_on"], _date,
           aliases=("开工时间",), width=12, number_format=DATE_FORMAT),
    Column("production_on", "投产日期", "In production on", lambda row, v, lang: row["production_on"], _date,
           aliases=("投产时间", "竣工投产日期"), width=12, number_format=DATE_FORMAT),
    Column("leader", "包挂领导", "Leader", _show_text("leader"), _text(100),
           aliases=("包抓领导", "包挂市领导", "Assigned leader"), width=10),
    Column("is_key", "重点项目", "Key", _show_key, _yes_no, aliases=("是否重点项目", "Key project"), width=8),
    Column("description", "备注", "Description", _show_text("description"), _long_text,
           aliases=("项目简介", "说明", "Notes"), width=40),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
IMPORT_COLUMNS = [column for column in COLUMNS if column.importable]
REQUIRED_KEYS = frozenset(column.key for column in COLUMNS if column.required)
# The project fields each importable column sets (the unit columns hold ids).
FIELD_OF = {"district": "district_id", "zone": "zone_id"}
