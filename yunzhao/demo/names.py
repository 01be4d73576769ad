"""Fictional names for the demo: companies with valid credit codes, people, phone numbers."""

import random
from dataclasses import dataclass, field

from yunzhao.core.choices import Industry
from yunzhao.core.validators import uscc_check_char
from yunzhao.crm.choices import InvestorKind
from yunzhao.crm.models import name_key

from . import data

# GB 11714 organisation code: 8 characters and a check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code(rng: random.Random) -> str:
    """A random 9-character organisation code with its GB 11714 check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, *, region: str, association: bool = False) -> str:
    """A valid unified social credit code: a company (91) or a social organisation (51) of ``region``."""
    first17 = ("51" if association else "91") + region + org_code(rng)
    return first17 + uscc_check_char(first17)


@dataclass
class Company:
    """A fictional company, as the generator proposes it (``region`` registers it in China)."""

    name_zh: str
    name_en: str
    kind: InvestorKind
    country: str
    industry: Industry
    headquarters: str
    region: str = ""
    credit_code: str = ""
    website: str = ""
    tags: list[str] = field(default_factory=list)
    short_zh: str = ""
    short_en: str = ""


class CompanyNamer:
    """Proposes fictional companies whose names never repeat (in Chinese or in English)."""

    def __init__(self, rng: random.Random, taken: set[str] | None = None):
        self.rng = rng
        self.taken = set(taken or ())
        self.codes: set[str] = set()

    def _free(self, zh: str, en: str) -> bool:
        keys = {name_key(zh), "en:" + en.lower()}
        if keys & self.taken:
            return False
        self.taken |= keys
        return True

    def _brand(self) -> tuple[str, str]:
        while True:
            (a, pa), (b, pb) = self.rng.sample(data.BRAND_SYLLABLES, 2)
            if a + b not in data.REAL_BRANDS:
                return a + b, (pa + pb).capitalize()

    def _foreign_brand(self, country: str) -> tuple[str, str]:
        if country == "JP":
            (en, zh), (wen, wzh) = self.rng.choice(data.JAPANESE_NAMES), self.rng.choice(data.JAPANESE_WORDS)
            return zh + wzh, f"{en} {wen}"
        (pen, pzh), (sen, szh) = self.rng.choice(data.FOREIGN_PREFIXES), self.rng.choice(data.FOREIGN_SUFFIXES)
        return pzh + szh, pen + sen

    def _code(self, region: str, association: bool = False) -> str:
        while True:
            code = credit_code(self.rng, region=region, association=association)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def company(self, kind: InvestorKind, industry: Industry, *, country: str | None = None) -> Company:
        """A new fictional company of ``kind`` in ``industry``."""
        for _attempt in range(200):
            made = self._propose(kind, industry, country)
            if self._free(made.name_zh, made.name_en):
                if made.region:
                    made.credit_code = self._code(made.region, kind == InvestorKind.ASSOCIATION)
                return made
        raise RuntimeError("ran out of fictional company names")

    def _propose(self, kind: InvestorKind, industry: Industry, country: str | None) -> Company:
        rng = self.rng
        ind_zh, ind_en = data.INDUSTRY_WORDS[industry]
        if kind == InvestorKind.MULTINATIONAL:
            country = country or rng.choices(
                [c for c, _w, _s in data.FOREIGN_COUNTRIES], [w for _c, w, _s in data.FOREIGN_COUNTRIES])[0]
            suffix = next((s for c, _w, s in data.FOREIGN_COUNTRIES if c == country), "Ltd.")
            zh, en = self._foreign_brand(country)
            return Company(f"{zh}{ind_zh}集团", f"{en} {ind_en} {suffix}", kind, country, industry,
                           headquarters="", website=f"https://www.{en.lower().replace(' ', '')}.example.com",
                           tags=["跨国公司"], short_zh=zh, short_en=en)
        if kind == InvestorKind.FOREIGN_FUNDED:
            if country in {c for c, *_ in data.HMT} or (country is None and rng.random() < 0.4):
                country, place_zh, place_en, suffix = next(
                    (h for h in data.HMT if h[0] == country), None) or rng.choice(data.HMT)
                zh, en = self._brand()
                return Company(f"{place_zh}{zh}{ind_zh}有限公司", f"{place_en} {en} {ind_en} {suffix}", kind,
                               country, industry, headquarters=place_zh, tags=["港澳台资"], short_zh=zh, short_en=en)
            country = country or rng.choice([c for c, *_ in data.FOREIGN_COUNTRIES])
            zh, en = self._foreign_brand(country)
            region = rng.choice(data.REGIONS)
            return Company(f"{zh}（中国）投资有限公司", f"{en} (China) Investment Co., Ltd.", kind, country,
                           industry, headquarters=region[3], region=region[2], tags=["外资企业"], short_zh=zh,
                           short_en=en)
        if kind == InvestorKind.SOE:
            prov = rng.choice(data.PROVINCES)
            zh, en = self._brand()
            return Company(f"{prov[0]}{zh}{ind_zh}投资集团有限公司", f"{prov[1]} {en} {ind_en} Investment Group Co., Ltd.",
                           kind, "CN", industry, headquarters=prov[3], region=prov[2], tags=["国有企业"], short_zh=zh,
                           short_en=en)
        if kind == InvestorKind.FINANCIAL:
            region = rng.choice(data.REGIONS)
            zh, en = self._brand()
            form_zh, form_en = rng.choice([("资本管理有限公司", "Capital Management Co., Ltd."),
                                           ("产业投资基金合伙企业（有限合伙）", "Industrial Investment Fund LP"),
                                           ("融资租赁有限公司", "Financial Leasing Co., Ltd."),
                                           ("创业投资有限公司", "Venture Capital Co., Ltd.")])
            return Company(f"{region[0]}{zh}{form_zh}", f"{region[1]} {en} {form_en}", kind, "CN", Industry.FINANCE,
                           headquarters=region[3], region=region[2], tags=["金融机构"], short_zh=zh, short_en=en)
        if kind == InvestorKind.ASSOCIATION:
            region = rng.choice(data.REGIONS)
            return Company(f"{region[0]}{ind_zh}产业促进会", f"{region[1]} {ind_en} Industry Association", kind, "CN",
                           industry, headquarters=region[3], region=region[2], tags=["商协会"], short_zh=region[0],
                           short_en=region[1])
        region = rng.choice(data.REGIONS)
        zh, en = self._brand()
        if kind == InvestorKind.DOMESTIC:
            return Company(f"{region[0]}{zh}{ind_zh}股份有限公司", f"{region[1]} {en} {ind_en} Co., Ltd.", kind, "CN",
                           industry, headquarters=region[3], region=region[2], tags=["上市公司"], short_zh=zh,
                           short_en=en)
        return Company(f"{region[0]}{zh}{ind_zh}有限公司", f"{region[1]} {en} {ind_en} Co., Ltd.", kind, "CN",
                       industry, headquarters=region[3], region=region[2], short_zh=zh, short_en=en)


def person(rng: random.Random, *, foreign: bool, country: str = "") -> tuple[str, str]:
    """A fictional person's display name and the local part of their e-mail address."""
    if foreign:
        firsts, lasts = data.FOREIGN_PEOPLE.get(country, (data.FOREIGN_FIRST, data.FOREIGN_LAST))
        first, last = rng.choice(firsts), rng.choice(lasts)
        return f"{first} {last}", f"{first}.{last}".lower()
    (sur, psur), (given, pgiven) = rng.choice(data.SURNAMES), rng.choice(data.GIVEN_NAMES)
    return sur + given, f"{pgiven}.{psur}".lower()


def phone(rng: random.Random, country: str) -> str:
    """A phone number from a block that is not handed out to real people (or looks that way)."""
    if country == "US":
        return f"+1 202-555-01{rng.randrange(100):02d}"  # 555-0100…0199 is set aside for fiction
    if country == "GB":
        return f"+44 20 7946 0{rng.randrange(1000):03d}"  # Ofcom's range for drama
    return f"1700000{rng.randrange(10000):04d}"
