"""Reference data: Jinan's organisation units as they stand since the 2019 merger with Laiwu.

District and county codes are GB/T 2260 administrative division codes.
"""

from django.db import transaction

from .choices import UnitKind
from .models import Unit

CITY_BUREAU = ("jnipb", "济南市投资促进局", "Jinan Investment Promotion Bureau")
MEDIA_GROUP = ("jdng", "济南日报报业集团融媒体中心", "Jinan Daily Newspaper Group Convergence Media Center")

# (code, Chinese name, English name, GB/T 2260 code)
DISTRICTS = [
    ("lixia", "历下区", "Lixia District", "370102"),
    ("shizhong", "市中区", "Shizhong District", "370103"),
    ("huaiyin", "槐荫区", "Huaiyin District", "370104"),
    ("tianqiao", "天桥区", "Tianqiao District", "370105"),
    ("licheng", "历城区", "Licheng District", "370112"),
    ("changqing", "长清区", "Changqing District", "370113"),
    ("zhangqiu", "章丘区", "Zhangqiu District", "370114"),
    ("jiyang", "济阳区", "Jiyang District", "370115"),
    ("laiwu", "莱芜区", "Laiwu District", "370116"),
    ("gangcheng", "钢城区", "Gangcheng District", "370117"),
    ("pingyin", "平阴县", "Pingyin County", "370124"),
    ("shanghe", "商河县", "Shanghe County", "370126"),
]

# (code, Chinese name, English name, districts it overlaps)
ZONES = [
    ("hightech", "济南高新区", "Jinan High-Tech Zone", ["licheng", "zhangqiu", "lixia"]),
    ("pioneer", "济南新旧动能转换起步区", "Jinan Pioneer Zone", ["tianqiao", "jiyang"]),
    ("medical", "济南国际医学科学中心", "Jinan International Medical Science Center", ["huaiyin"]),
    ("ftz", "中国（山东）自由贸易试验区济南片区", "China (Shandong) Pilot Free Trade Zone, Jinan Area",
     ["lixia", "licheng"]),
    ("bonded", "济南综合保税区", "Jinan Comprehensive Bonded Zone", ["licheng"]),
    ("zhangjin", "章锦综合保税区", "Zhangjin Comprehensive Bonded Zone", ["zhangqiu"]),
    ("southern", "南部山区", "Southern Mountain Area", ["licheng", "shizhong", "changqing"]),
]


@transaction.atomic
def ensure_units() -> dict[str, Unit]:
    """Create (or leave as they are) the city bureau, media group, 12 districts and the zones."""
    units: dict[str, Unit] = {}

    def upsert(code: str, kind: UnitKind, name_zh: str, name_en: str, order: int, gb_code: str = "") -> Unit:
        unit, _ = Unit.objects.update_or_create(
            code=code, defaults={"kind": kind, "name_zh": name_zh, "name_en": name_en, "order": order,
                                 "gb_code": gb_code},
        )
        units[code] = unit
        return unit

    upsert(CITY_BUREAU[0], UnitKind.CITY, CITY_BUREAU[1], CITY_BUREAU[2], 0)
    upsert(MEDIA_GROUP[0], UnitKind.MEDIA, MEDIA_GROUP[1], MEDIA_GROUP[2], 0)
    for order, (code, zh, en, gb) in enumerate(DISTRICTS, start=1):
        upsert(code, UnitKind.DISTRICT, zh, en, order, gb)
    for order, (code, zh, en, overlaps) in enumerate(ZONES, start=1):
        zone = upsert(code, UnitKind.ZONE, zh, en, order)
        zone.districts.set([units[d] for d in overlaps])
    return units
