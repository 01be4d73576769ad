"""What the demo city is made of: the projects reported in the press, and the vocabulary of the generator.

Facts taken from press reports are marked with their source in each project's description; every other
detail (amounts not reported, days of the month, districts, people, phone numbers) is invented for the
demo and says so. Generated companies and people are fictional.
"""

import datetime as dt
from decimal import Decimal

from yunzhao.core.choices import Industry
from yunzhao.crm.choices import InvestorKind
from yunzhao.projects.choices import CapitalSource, ProjectKind, Stage

YI = Decimal(100_000_000)
USD_MILLION = Decimal(1_000_000)

DEMO_NOTE = "演示数据。"
FICTIONAL_NOTE = "演示数据：虚构企业，与任何真实企业无关。"

# Sources quoted in descriptions.
SRC_PILOT_ZONE = "据 2018 年济南新旧动能转换先行区报道"
SRC_CLOUD_2020 = "据 2020 年 4 月济南市云招商推介会报道"
SRC_CLOUD_2021 = "据 2021 年 3 月「济南新机遇」云招商推介活动报道"
SRC_JINING = "据 2024 年 2 月济宁市招商引资报道；实际项目位于济宁市，此处作为产业链招商示例放入演示台账"

# Promotion events that investors attended (interaction kind "event attendance").
EVENTS = [
    (dt.date(2020, 4, 17), "出席「选择济南 共赢未来」济南市云招商推介会（线上，首场市级综合推介）"),
    (dt.date(2021, 3, 18), "出席山东省重点外资项目签约活动（线上线下结合）"),
    (dt.date(2021, 3, 23), "出席山东与港澳台深化合作交流活动"),
    (dt.date(2021, 3, 30), "出席「济南新机遇」云招商推介活动启动仪式（融媒体演播室）"),
]

# Investors named in the press. Credit codes are left blank: they are not given in the reports.
# (key, name_zh, name_en, kind, country, industry, headquarters, website, tags)
PRESS_INVESTORS = [
    ("catl", "宁德时代新能源科技股份有限公司", "Contemporary Amperex Technology Co., Limited (CATL)",
     InvestorKind.DOMESTIC, "CN", Industry.NEW_ENERGY, "福建省宁德市", "https://www.catl.com", ["链主", "上市公司"]),
    ("greenland", "绿地控股集团股份有限公司", "Greenland Holdings Corporation Limited",
     InvestorKind.DOMESTIC, "CN", Industry.REAL_ESTATE, "上海市", "", ["上市公司"]),
    ("cainiao", "菜鸟网络科技有限公司", "Cainiao Network Technology Co., Ltd.",
     InvestorKind.PRIVATE, "CN", Industry.LOGISTICS, "浙江省杭州市", "https://www.cainiao.com", ["平台企业"]),
    ("raycom", "融科智地房地产股份有限公司", "Raycom Real Estate Development Co., Ltd.",
     InvestorKind.DOMESTIC, "CN", Industry.DIGITAL_ECONOMY, "北京市", "", []),
    ("liandong", "北京联东投资（集团）有限公司", "Beijing Liandong Investment (Group) Co., Ltd.",
     InvestorKind.PRIVATE, "CN", Industry.REAL_ESTATE, "北京市", "", ["产业园区运营"]),
    ("cr", "华润（集团）有限公司", "China Resources (Holdings) Company Limited",
     InvestorKind.SOE, "HK", Industry.BIOMEDICINE, "香港", "", ["央企"]),
    ("edf", "法国电力", "Électricité de France (EDF)",
     InvestorKind.MULTINATIONAL, "FR", Industry.NEW_ENERGY, "法国巴黎", "https://www.edf.fr", ["世界500强", "云签约"]),
    ("suez", "苏伊士环境", "SUEZ",
     InvestorKind.MULTINATIONAL, "FR", Industry.OTHER, "法国巴黎", "https://www.suez.com", ["云签约"]),
    ("hengkuan", "香港衡宽国际", "Hong Kong Hengkuan International",
     InvestorKind.PRIVATE, "HK", Industry.COMMERCE, "香港", "", ["云签约", "港资"]),
    ("citicnet", "中信网络", "CITIC Networks",
     InvestorKind.SOE, "CN", Industry.DIGITAL_ECONOMY, "北京市", "", ["云签约", "央企"]),
    ("yingtong", "北京应通科技", "Beijing Yingtong Technology",
     InvestorKind.PRIVATE, "CN", Industry.DIGITAL_ECONOMY, "北京市", "", ["云签约", "总部经济"]),
    ("komatsu", "小松制作所", "Komatsu Ltd.",
     InvestorKind.MULTINATIONAL, "JP", Industry.SMART_MANUFACTURING, "日本东京", "https://www.komatsu.jp",
     ["链主", "世界500强"]),
    ("gwm", "长城汽车股份有限公司", "Great Wall Motor Company Limited",
     InvestorKind.PRIVATE, "CN", Industry.AUTOMOTIVE, "河北省保定市", "https://www.gwm.com.cn", ["上市公司"]),
    ("hengxin", "恒信集团", "HengXin Group",
     InvestorKind.PRIVATE, "CN", Industry.NEW_MATERIALS, "山东省", "", ["链主"]),
]

# Projects named in the press. Keys of the dicts are those of ``yunzhao.demo.plan.ProjectSeed``.
PRESS_PROJECTS: list[dict] = [
    {
        "code": "DEMO-0001", "name_zh": "绿地国际博览城", "name_en": "Greenland International Expo City",
        "investors": ["greenland"], "district": "jiyang", "zone": "pioneer", "industry": Industry.EXHIBITION,
        "amount": 1000 * YI, "land_area_mu": Decimal("6795"), "stage": Stage.STARTED,
        "signed_on": dt.date(2018, 6, 23), "started_on": dt.date(2019, 4, 26), "leader": 0, "is_key": True,
        "phases": "国际会展中心（总面积约55万平方米，其中室内展厅45万平方米，可承办国内最大规模车展）；"
                  "国际会议中心；齐鲁国宾馆；科创中心与高端教育中心。",
        "description": f"{SRC_PILOT_ZONE}：6月23日签约，总投资近千亿元（约144亿美元），占地453公顷，"
                       "建设会展、科技创新和高端教育新中心。开工日期为演示数据。",
        "negotiations": 9,
    },
    {
        "code": "DEMO-0002", "name_zh": "中国氢谷", "name_en": "China Hydrogen Valley",
        "investors": [], "district": "tianqiao", "zone": "pioneer", "industry": Industry.HYDROGEN,
        "amount": 120 * YI, "stage": Stage.STARTED, "signed_on": dt.date(2017, 12, 28),
        "started_on": dt.date(2018, 10, 15), "leader": 1, "is_key": True,
        "phases": "氢能关键材料与零部件、电堆、动力系统、整车研发；氢能商用车、公交车、市政车辆示范运营。",
        "description": f"{SRC_PILOT_ZONE}：2017年12月签约，打造以氢能研发为核心的氢能产业创新集群，"
                       "建设氢能示范运营区。投资额、签约日和开工日为演示数据；投资方尚未录入。",
    },
    {
        "code": "DEMO-0003", "name_zh": "菜鸟网络济南智慧物流中心", "name_en": "Cainiao Network Jinan Smart Logistics Center",
        "investors": ["cainiao"], "district": "jiyang", "zone": "pioneer", "industry": Industry.LOGISTICS,
        "amount": 30 * YI, "land_area_mu": Decimal("520"), "stage": Stage.PRODUCTION,
        "signed_on": dt.date(2018, 9, 12), "started_on": dt.date(2019, 3, 20), "production_on": dt.date(2020, 9, 30),
        "leader": 2, "is_key": True,
        "description": f"{SRC_PILOT_ZONE}：列入即将签约的10个项目之一。签约、开工、投产日期与投资额为演示数据。",
        "negotiations": 5,
    },
    {
        "code": "DEMO-0004", "name_zh": "融科资讯济南国际信息科技中心",
        "name_en": "Raycom Info-tech Jinan International Info-tech Center",
        "investors": ["raycom"], "district": "tianqiao", "zone": "pioneer", "industry": Industry.DIGITAL_ECONOMY,
        "amount": 45 * YI, "stage": Stage.STARTED, "signed_on": dt.date(2018, 11, 6),
        "started_on": dt.date(2019, 8, 8), "leader": 3, "is_key": True,
        "description": f"{SRC_PILOT_ZONE}：列入即将签约的10个项目之一。日期与投资额为演示数据。",
        "negotiations": 4,
    },
    {
        "code": "DEMO-0005", "name_zh": "中云产学研聚集区", "name_en": "Zhongyun Production-Education-Research Cluster",
        "investors": [], "district": "jiyang", "zone": "pioneer", "industry": Industry.OTHER,
        "amount": 60 * YI, "stage": Stage.PRODUCTION, "signed_on": dt.date(2017, 11, 20),
        "started_on": dt.date(2018, 5, 18), "production_on": dt.date(2021, 9, 1),
        "description": f"{SRC_PILOT_ZONE}：已开工的120余个重大项目之一。其余数据为演示数据。",
    },
    {
        "code": "DEMO-0006", "name_zh": "联东U谷·济南科技谷", "name_en": "Liandong Technology Valley",
        "investors": ["liandong"], "district": "tianqiao", "zone": "pioneer", "industry": Industry.REAL_ESTATE,
        "amount": 25 * YI, "land_area_mu": Decimal("380"), "stage": Stage.PRODUCTION,
        "signed_on": dt.date(2017, 10, 16), "started_on": dt.date(2018, 4, 2), "production_on": dt.date(2020, 6, 30),
        "description": f"{SRC_PILOT_ZONE}：已开工的120余个重大项目之一。其余数据为演示数据。",
        "negotiations": 3,
    },
    {
        "code": "DEMO-0007", "name_zh": "华润健康小镇", "name_en": "China Resources Health Town",
        "investors": ["cr"], "district": "jiyang", "zone": "pioneer", "industry": Industry.BIOMEDICINE,
        "amount": 80 * YI, "stage": Stage.STARTED, "signed_on": dt.date(2017, 9, 8),
        "started_on": dt.date(2018, 6, 6), "leader": 4, "is_key": True,
        "description": f"{SRC_PILOT_ZONE}：已开工的120余个重大项目之一。其余数据为演示数据。",
        "negotiations": 6,
    },
    {
        "code": "DEMO-0008", "name_zh": "法国电力济南合作项目", "name_en": "EDF Jinan cooperation project",
        "investors": ["edf"], "district": "licheng", "zone": "hightech", "industry": Industry.NEW_ENERGY,
        "source": CapitalSource.FOREIGN, "amount_usd": 150 * USD_MILLION, "stage": Stage.REGISTERED,
        "signed_on": dt.date(2020, 3, 12), "signing_note": "视频签约", "is_key": True, "leader": 5,
        "description": f"{SRC_CLOUD_2020}：一季度视频签约的180余个项目之一。项目内容与金额为演示数据。",
        "negotiations": 4,
    },
    {
        "code": "DEMO-0009", "name_zh": "苏伊士环境济南合作项目", "name_en": "SUEZ Jinan cooperation project",
        "investors": ["suez"], "district": "huaiyin", "industry": Industry.OTHER,
        "source": CapitalSource.FOREIGN, "amount_usd": 60 * USD_MILLION, "stage": Stage.STARTED,
        "signed_on": dt.date(2020, 3, 5), "started_on": dt.date(2020, 10, 20), "signing_note": "视频签约",
        "description": f"{SRC_CLOUD_2020}：一季度视频签约项目之一。项目内容与金额为演示数据。",
        "negotiations": 3,
    },
    {
        "code": "DEMO-0010", "name_zh": "香港衡宽国际济南项目", "name_en": "Hong Kong Hengkuan International Jinan project",
        "investors": ["hengkuan"], "district": "lixia", "industry": Industry.COMMERCE,
        "source": CapitalSource.FOREIGN, "amount_usd": 45 * USD_MILLION, "stage": Stage.SIGNED,
        "signed_on": dt.date(2020, 2, 26), "signing_note": "视频签约",
        "description": f"{SRC_CLOUD_2020}：一季度视频签约项目之一。项目内容与金额为演示数据。",
        "negotiations": 2,
    },
    {
        "code": "DEMO-0011", "name_zh": "中信网络济南合作项目", "name_en": "CITIC Networks Jinan cooperation project",
        "investors": ["citicnet"], "district": "lixia", "zone": "ftz", "industry": Industry.DIGITAL_ECONOMY,
        "amount": 12 * YI, "stage": Stage.PRODUCTION, "signed_on": dt.date(2020, 3, 20),
        "started_on": dt.date(2020, 7, 1), "production_on": dt.date(2021, 12, 20), "signing_note": "视频签约",
        "description": f"{SRC_CLOUD_2020}：一季度视频签约项目之一。项目内容与金额为演示数据。",
        "negotiations": 2,
    },
    {
        "code": "DEMO-0012", "name_zh": "北京应通科技双总部项目", "name_en": "Beijing Yingtong Technology dual headquarters",
        "investors": ["yingtong"], "district": "licheng", "zone": "hightech", "industry": Industry.DIGITAL_ECONOMY,
        "amount": 5 * YI, "stage": Stage.PRODUCTION, "signed_on": dt.date(2020, 3, 27),
        "started_on": dt.date(2020, 6, 15), "production_on": dt.date(2021, 3, 1), "signing_note": "视频签约",
        "description": f"{SRC_CLOUD_2020}：一季度视频签约项目之一（双总部）。金额与日期为演示数据。",
        "negotiations": 2,
    },
    {
        "code": "DEMO-0013", "name_zh": "宁德时代新能源产业基地（一期）", "name_en": "CATL new-energy industrial base, phase one",
        "investors": ["catl"], "district": "laiwu", "industry": Industry.NEW_ENERGY,
        "amount": 210 * YI, "land_area_mu": Decimal("3000"), "stage": Stage.STARTED,
        "signed_on": dt.date(2022, 11, 18), "started_on": dt.date(2023, 7, 6), "leader": 0, "is_key": True,
        "phases": "一期：电池、光伏、换电、储能、船舶。",
        "description": f"{SRC_JINING}。报道：一期投资210亿元，历时两年、40余轮洽谈，2023年7月开工，"
                       "带动产业链项目17个。签约日、开工日的具体日期与落地区县为演示数据。",
        "negotiations": 41, "chain": "catl",
    },
    {
        "code": "DEMO-0014", "name_zh": "小松全球智能制造基地", "name_en": "Komatsu global intelligent manufacturing base",
        "investors": ["komatsu"], "district": "zhangqiu", "zone": "hightech", "industry": Industry.SMART_MANUFACTURING,
        "source": CapitalSource.FOREIGN, "amount": Decimal("106") * YI, "stage": Stage.STARTED,
        "signed_on": dt.date(2023, 5, 16), "started_on": dt.date(2023, 10, 10), "leader": 2, "is_key": True,
        "description": f"{SRC_JINING}。报道：投资106亿元，吸引6家日资企业和2家国内企业配套。日期为演示数据。",
        "negotiations": 12, "chain": "komatsu",
    },
    {
        "code": "DEMO-0015", "name_zh": "长城汽车新能源工厂工程机械车辆项目",
        "name_en": "Great Wall Motor new-energy plant: engineering machinery vehicles",
        "investors": ["gwm"], "district": "changqing", "industry": Industry.AUTOMOTIVE,
        "amount": 50 * YI, "stage": Stage.STARTED, "signed_on": dt.date(2023, 9, 22),
        "started_on": dt.date(2024, 2, 28), "leader": 3, "is_key": True,
        "description": f"{SRC_JINING}。报道：计划2月底前开工。投资额与签约日为演示数据。",
        "negotiations": 8,
    },
    {
        "code": "DEMO-0016", "name_zh": "恒信集团煤基化工产业基地", "name_en": "HengXin Group coal-based chemical industrial base",
        "investors": ["hengxin"], "district": "gangcheng", "industry": Industry.NEW_MATERIALS,
        "kind": ProjectKind.EXPANSION, "amount": 65 * YI, "stage": Stage.PRODUCTION,
        "signed_on": dt.date(2021, 6, 8), "started_on": dt.date(2021, 11, 1), "production_on": dt.date(2023, 6, 30),
        "leader": 4, "is_key": True,
        "description": f"{SRC_JINING}。报道：依托煤化工优势，引进乙醇和可降解塑料产业链项目5个，"
                       "构建全国最长的煤基化工产业链。金额与日期为演示数据。",
        "negotiations": 6, "chain": "hengxin",
    },
]

# The 14 projects signed at two provincial signing events in March 2021, totalling US$1.354 billion
# (reported in the "Fresh Opportunities for Jinan" campaign article). Which companies signed is not
# reported: the investors here are fictional. (event date, amount in millions of US dollars)
PROVINCIAL_SIGNINGS_2021 = [
    (dt.date(2021, 3, 18), amount) for amount in (310, 180, 150, 120, 96, 85, 68, 55)
] + [
    (dt.date(2021, 3, 23), amount) for amount in (120, 62, 45, 30, 18, 15)
]
PROVINCIAL_SIGNINGS_NOTE = (
    f"{SRC_CLOUD_2021}：3月18日山东省重点外资项目签约活动与3月23日山东与港澳台深化合作活动，"
    "济南共签约14个项目、总额13.54亿美元。企业为虚构，各项目金额为演示拆分。"
)

# Chain projects around the press anchors: (zh, en, industry). CATL's chain is 17 projects, Komatsu's 8
# (six Japanese and two Chinese suppliers), HengXin's 5, as reported.
CHAINS: dict[str, dict] = {
    "catl": {
        "anchor": "DEMO-0013", "districts": ["laiwu", "gangcheng", "zhangqiu", "laiwu", "jiyang"],
        "foreign_countries": [],
        "links": [
            ("正极材料", "Cathode Materials", Industry.NEW_MATERIALS),
            ("负极材料", "Anode Materials", Industry.NEW_MATERIALS),
            ("电解液", "Electrolyte", Industry.NEW_MATERIALS),
            ("隔膜", "Separator Film", Industry.NEW_MATERIALS),
            ("锂电铜箔", "Lithium Battery Copper Foil", Industry.NEW_MATERIALS),
            ("电池铝箔", "Battery Aluminium Foil", Industry.NEW_MATERIALS),
            ("电池结构件", "Battery Structural Parts", Industry.SMART_MANUFACTURING),
            ("电池模组与Pack", "Battery Module and Pack", Industry.NEW_ENERGY),
            ("电池管理系统", "Battery Management System", Industry.SEMICONDUCTORS),
            ("换电站", "Battery Swapping Stations", Industry.NEW_ENERGY),
            ("储能系统集成", "Energy Storage Integration", Industry.NEW_ENERGY),
            ("光伏组件", "PV Modules", Industry.NEW_ENERGY),
            ("光伏玻璃", "PV Glass", Industry.NEW_MATERIALS),
            ("电动船舶制造", "Electric Ship Building", Industry.SMART_MANUFACTURING),
            ("动力电池回收", "Power Battery Recycling", Industry.OTHER),
            ("热管理系统", "Thermal Management Systems", Industry.AUTOMOTIVE),
            ("锂电智能装备", "Lithium Battery Production Equipment", Industry.SMART_MANUFACTURING),
        ],
    },
    "komatsu": {
        "anchor": "DEMO-0014", "districts": ["zhangqiu"], "zone": "hightech",
        "foreign_countries": ["JP"] * 6 + ["CN"] * 2,
        "links": [
            ("液压元件", "Hydraulic Components", Industry.SMART_MANUFACTURING),
            ("精密铸件", "Precision Castings", Industry.SMART_MANUFACTURING),
            ("驾驶室总成", "Cab Assemblies", Industry.SMART_MANUFACTURING),
            ("电控系统", "Electronic Control Systems", Industry.SEMICONDUCTORS),
            ("工程机械齿轮", "Construction Machinery Gears", Industry.SMART_MANUFACTURING),
            ("高强度钢结构件", "High-Strength Steel Structures", Industry.NEW_MATERIALS),
            ("工程机械再制造", "Construction Machinery Remanufacturing", Industry.SMART_MANUFACTURING),
            ("智能物流装备", "Intelligent Logistics Equipment", Industry.LOGISTICS),
        ],
    },
    "hengxin": {
        "anchor": "DEMO-0016", "districts": ["gangcheng", "laiwu"], "foreign_countries": [],
        "links": [
            ("煤制乙醇", "Coal-to-Ethanol", Industry.NEW_MATERIALS),
            ("乙醇下游精细化学品", "Ethanol-Based Fine Chemicals", Industry.NEW_MATERIALS),
            ("PBAT可降解塑料", "PBAT Biodegradable Plastics", Industry.NEW_MATERIALS),
            ("可降解塑料改性", "Biodegradable Plastic Compounding", Industry.NEW_MATERIALS),
            ("可降解塑料制品", "Biodegradable Plastic Products", Industry.NEW_MATERIALS),
        ],
    },
}

# Fictional city leaders (领导包挂): roles with placeholder surnames, never real officials.
LEADERS = ["副市长 王某", "副市长 李某", "常务副市长 赵某", "市委常委 刘某", "副市长 陈某", "副市长 杨某"]

# Regions of fictional Chinese companies: (zh, en, GB/T 2260 code of the registering district, headquarters).
REGIONS = [
    ("北京", "Beijing", "110105", "北京市朝阳区"),
    ("上海", "Shanghai", "310115", "上海市浦东新区"),
    ("深圳", "Shenzhen", "440305", "广东省深圳市南山区"),
    ("杭州", "Hangzhou", "330106", "浙江省杭州市西湖区"),
    ("苏州", "Suzhou", "320505", "江苏省苏州市虎丘区"),
    ("广州", "Guangzhou", "440106", "广东省广州市天河区"),
    ("青岛", "Qingdao", "370212", "山东省青岛市崂山区"),
    ("天津", "Tianjin", "120116", "天津市滨海新区"),
    ("南京", "Nanjing", "320106", "江苏省南京市鼓楼区"),
    ("武汉", "Wuhan", "420111", "湖北省武汉市洪山区"),
    ("成都", "Chengdu", "510107", "四川省成都市武侯区"),
    ("合肥", "Hefei", "340104", "安徽省合肥市蜀山区"),
    ("西安", "Xi'an", "610113", "陕西省西安市雁塔区"),
    ("宁波", "Ningbo", "330212", "浙江省宁波市鄞州区"),
    ("厦门", "Xiamen", "350203", "福建省厦门市思明区"),
    ("烟台", "Yantai", "370602", "山东省烟台市芝罘区"),
    ("潍坊", "Weifang", "370702", "山东省潍坊市潍城区"),
]
PROVINCES = [
    ("山东", "Shandong", "370102", "山东省济南市历下区"),
    ("北京", "Beijing", "110102", "北京市西城区"),
    ("上海", "Shanghai", "310101", "上海市黄浦区"),
    ("江苏", "Jiangsu", "320106", "江苏省南京市鼓楼区"),
    ("浙江", "Zhejiang", "330106", "浙江省杭州市西湖区"),
    ("广东", "Guangdong", "440104", "广东省广州市越秀区"),
]

# Syllables of fictional Chinese brand names, with their pinyin.
BRAND_SYLLABLES = [
    ("瑞", "rui"), ("泽", "ze"), ("恒", "heng"), ("远", "yuan"), ("华", "hua"), ("鑫", "xin"), ("达", "da"),
    ("海", "hai"), ("智", "zhi"), ("博", "bo"), ("康", "kang"), ("盛", "sheng"), ("通", "tong"), ("科", "ke"),
    ("云", "yun"), ("安", "an"), ("联", "lian"), ("宏", "hong"), ("润", "run"), ("启", "qi"), ("明", "ming"),
    ("德", "de"), ("峰", "feng"), ("锦", "jin"), ("睿", "rui"), ("泰", "tai"), ("岳", "yue"), ("川", "chuan"),
    ("舜", "shun"), ("齐", "qi"), ("沃", "wo"), ("航", "hang"), ("拓", "tuo"), ("澜", "lan"), ("弘", "hong"),
    ("易", "yi"), ("嘉", "jia"), ("禾", "he"), ("清", "qing"), ("源", "yuan"),
]

# Brand names that belong to well-known real companies; the generator never makes these.
REAL_BRANDS = frozenset({
    "华润", "恒瑞", "海康", "启明", "华泰", "华安", "泰康", "联通", "海航", "华联", "瑞康", "达安", "安联", "华通",
    "通达", "科达", "海通", "华海", "润泽", "宏达", "明德", "海信", "华达", "康泰", "安通", "德润", "博瑞", "华峰",
    "远达", "海德", "科华", "盛达", "嘉禾", "联易", "恒源", "瑞泰", "易达", "通源", "华盛", "智达",
})

# Fictional foreign brand parts: (latin, Chinese transliteration).
FOREIGN_PREFIXES = [
    ("Vel", "维"), ("Nor", "诺"), ("Alt", "奥特"), ("Cas", "卡斯"), ("Hel", "赫"), ("Ken", "肯"),
    ("Aur", "奥瑞"), ("Bri", "布里"), ("Lum", "卢"), ("Stra", "斯特拉"), ("Kal", "卡尔"), ("Ost", "欧斯"),
    ("Mar", "马"), ("Bren", "布伦"), ("Tess", "泰斯"), ("Cor", "科"), ("Hal", "哈尔"), ("Eik", "艾克"),
    ("Rav", "拉文"), ("Sil", "西尔"), ("Dov", "多弗"), ("Fen", "芬"),
]
FOREIGN_SUFFIXES = [
    ("trona", "特罗纳"), ("vex", "维克斯"), ("eris", "瑞斯"), ("more", "莫尔"), ("dera", "德拉"),
    ("wald", "瓦尔德"), ("ivelle", "维尔"), ("holt", "霍尔特"), ("haus", "豪斯"), ("aline", "林"),
    ("vanta", "万塔"), ("berg", "伯格"), ("moor", "穆尔"), ("crest", "克雷斯特"), ("ara", "拉"), ("tek", "泰克"),
]
JAPANESE_NAMES = [
    ("Kitagawa", "北川"), ("Aoyama", "青山"), ("Morikawa", "森川"), ("Takebayashi", "竹林"), ("Nishimura", "西村"),
    ("Fujisaki", "藤崎"), ("Kawashima", "川岛"), ("Shiraishi", "白石"), ("Yamane", "山根"), ("Kurokawa", "黑川"),
]
JAPANESE_WORDS = [("Seiki", "精机"), ("Denki", "电机"), ("Kasei", "化成"), ("Kogyo", "工业"), ("Tekko", "铁工")]

# (country, weight, legal suffix in English) for multinationals.
FOREIGN_COUNTRIES = [
    ("DE", 5, "GmbH"), ("US", 5, "Inc."), ("JP", 5, "Co., Ltd."), ("FR", 3, "S.A."), ("KR", 4, "Co., Ltd."),
    ("GB", 3, "plc"), ("SG", 3, "Pte. Ltd."), ("CH", 2, "AG"), ("NL", 2, "B.V."), ("IT", 2, "S.p.A."),
    ("SE", 1, "AB"),
]
# Hong Kong, Macao and Taiwan companies count as foreign capital in the statistics.
HMT = [("HK", "香港", "Hong Kong", "Limited"), ("MO", "澳门", "Macao", "Limited"), ("TW", "台湾", "Taiwan", "Co., Ltd.")]

# Words for an industry in company names: (zh, en).
INDUSTRY_WORDS = {
    Industry.NEW_ENERGY: ("新能源", "New Energy"),
    Industry.HYDROGEN: ("氢能", "Hydrogen"),
    Industry.SMART_MANUFACTURING: ("智能装备", "Intelligent Equipment"),
    Industry.AUTOMOTIVE: ("汽车科技", "Automotive Technology"),
    Industry.DIGITAL_ECONOMY: ("信息技术", "Information Technology"),
    Industry.SEMICONDUCTORS: ("微电子", "Microelectronics"),
    Industry.BIOMEDICINE: ("生物医药", "Biopharma"),
    Industry.NEW_MATERIALS: ("新材料", "Advanced Materials"),
    Industry.FINANCE: ("资本", "Capital"),
    Industry.LOGISTICS: ("供应链", "Supply Chain"),
    Industry.EXHIBITION: ("会展", "Exhibitions"),
    Industry.CULTURE_TOURISM: ("文旅", "Culture and Tourism"),
    Industry.MODERN_AGRICULTURE: ("农业科技", "Agritech"),
    Industry.REAL_ESTATE: ("置业", "Properties"),
    Industry.COMMERCE: ("商业管理", "Commercial Management"),
    Industry.OTHER: ("环境科技", "Environmental Technology"),
}

# What a project builds, by industry: (zh, en).
PRODUCTS = {
    Industry.NEW_ENERGY: [("动力电池", "Power Battery"), ("储能电站", "Energy Storage Station"),
                          ("光伏组件", "PV Module"), ("分布式光伏", "Distributed PV"),
                          ("风电装备", "Wind Power Equipment"), ("换电站网络", "Battery Swapping Network")],
    Industry.HYDROGEN: [("氢燃料电池电堆", "Hydrogen Fuel Cell Stack"), ("加氢站", "Hydrogen Refuelling Station"),
                        ("制氢装备", "Hydrogen Production Equipment"), ("氢能重卡", "Hydrogen Heavy Truck"),
                        ("储氢材料", "Hydrogen Storage Materials")],
    Industry.SMART_MANUFACTURING: [("智能装备产业园", "Intelligent Equipment Park"), ("工业机器人", "Industrial Robot"),
                                   ("数控机床", "CNC Machine Tool"), ("精密减速器", "Precision Reducer"),
                                   ("高端液压件", "High-end Hydraulic Components"), ("激光装备", "Laser Equipment")],
    Industry.AUTOMOTIVE: [("新能源整车", "New-Energy Vehicle Assembly"), ("汽车电子", "Automotive Electronics"),
                          ("电驱动系统", "Electric Drive System"), ("汽车轻量化部件", "Lightweight Auto Parts"),
                          ("智能网联汽车测试场", "Connected-Vehicle Test Ground")],
    Industry.DIGITAL_ECONOMY: [("数据中心", "Data Centre"), ("工业互联网平台", "Industrial Internet Platform"),
                               ("软件研发中心", "Software R&D Centre"), ("区域总部", "Regional Headquarters"),
                               ("人工智能算力中心", "AI Computing Centre"), ("信创产业园", "IT Innovation Park")],
    Industry.SEMICONDUCTORS: [("功率半导体", "Power Semiconductor"), ("集成电路封测", "IC Packaging and Testing"),
                              ("第三代半导体材料", "Third-Generation Semiconductor Materials"),
                              ("MEMS传感器", "MEMS Sensor"), ("显示面板模组", "Display Module")],
    Industry.BIOMEDICINE: [("创新药研发生产基地", "Innovative Drug R&D and Production Base"),
                           ("医疗器械", "Medical Device"), ("生物制剂", "Biologics"), ("专科医院", "Specialist Hospital"),
                           ("体外诊断试剂", "In-Vitro Diagnostics"), ("康养中心", "Health and Elderly Care Centre")],
    Industry.NEW_MATERIALS: [("碳纤维复合材料", "Carbon Fibre Composites"), ("高性能合金", "High-Performance Alloy"),
                             ("电子化学品", "Electronic Chemicals"), ("可降解材料", "Biodegradable Materials"),
                             ("特种陶瓷", "Advanced Ceramics")],
    Industry.FINANCE: [("产业投资基金", "Industrial Investment Fund"), ("区域金融总部", "Regional Financial Headquarters"),
                       ("融资租赁", "Financial Leasing"), ("金融科技中心", "Fintech Centre")],
    Industry.LOGISTICS: [("智慧物流园", "Smart Logistics Park"), ("冷链物流中心", "Cold-Chain Logistics Centre"),
                         ("跨境电商分拨中心", "Cross-Border E-Commerce Distribution Centre"),
                         ("铁路物流港", "Rail Logistics Port")],
    Industry.EXHIBITION: [("会展中心", "Convention and Exhibition Centre"),
                          ("国际会议酒店", "International Conference Hotel"),
                          ("展览运营总部", "Exhibition Operations Headquarters")],
    Industry.CULTURE_TOURISM: [("文旅综合体", "Culture and Tourism Complex"), ("泉水文化街区", "Spring Culture Quarter"),
                               ("主题乐园", "Theme Park"), ("影视基地", "Film and TV Base"),
                               ("黄河生态文化带", "Yellow River Eco-Culture Belt")],
    Industry.MODERN_AGRICULTURE: [("现代农业产业园", "Modern Agriculture Park"), ("中央厨房", "Central Kitchen"),
                                  ("预制菜加工", "Prepared Food Processing"), ("种业研发中心", "Seed R&D Centre"),
                                  ("智慧农业大棚", "Smart Greenhouses")],
    Industry.REAL_ESTATE: [("城市综合体", "Urban Complex"), ("片区综合开发", "District Redevelopment"),
                           ("人才公寓", "Talent Apartments"), ("科创园区", "Science and Innovation Park")],
    Industry.COMMERCE: [("商业综合体", "Shopping Complex"), ("区域采购中心", "Regional Procurement Centre"),
                        ("总部经济大厦", "Headquarters Tower"), ("免税商业", "Duty-Free Retail")],
    Industry.OTHER: [("环保水务", "Environmental Water Services"), ("固废综合利用", "Solid Waste Recycling"),
                     ("职业教育园区", "Vocational Education Park"), ("检验检测中心", "Testing and Certification Centre")],
}

# Fictional people.
SURNAMES = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
            ("赵", "Zhao"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"),
            ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("林", "Lin"), ("高", "Gao"),
            ("罗", "Luo"), ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang")]
GIVEN_NAMES = [("晓明", "xiaoming"), ("海涛", "haitao"), ("丽娜", "lina"), ("建国", "jianguo"), ("文静", "wenjing"),
               ("志强", "zhiqiang"), ("雪梅", "xuemei"), ("俊杰", "junjie"), ("思远", "siyuan"), ("佳怡", "jiayi"),
               ("国栋", "guodong"), ("秀英", "xiuying"), ("子轩", "zixuan"), ("欣然", "xinran"), ("立新", "lixin"),
               ("红梅", "hongmei"), ("宇航", "yuhang"), ("晨曦", "chenxi"), ("振华", "zhenhua"), ("静怡", "jingyi")]
# Given and family names of contacts at foreign companies, by country (others use the default pool).
FOREIGN_PEOPLE = {
    "JP": (["Kenji", "Yuki", "Haruto", "Aiko", "Takeshi", "Naomi"], ["Tanaka", "Sato", "Suzuki", "Watanabe", "Ito"]),
    "KR": (["Minjun", "Seoyeon", "Jiho", "Hyunwoo", "Jiwon"], ["Kim", "Park", "Lee", "Choi", "Jung"]),
}
FOREIGN_FIRST = ["Anna", "Thomas", "Claire", "Martin", "Sophie", "Daniel", "Laura", "Emma", "Lukas", "Julia",
                 "Pierre", "Hannah", "Oliver", "Sara", "Marco"]
FOREIGN_LAST = ["Keller", "Brandt", "Moreau", "Lindqvist", "Fischer", "Rossi", "Bennett", "Dubois", "Novak",
                "Hartmann", "Evans", "Laurent"]
CONTACT_TITLES = ["董事长", "总经理", "副总裁", "投资总监", "战略发展部总监", "中国区总裁", "项目经理",
                  "政府事务经理", "财务总监", "首席代表"]
STAFF_NAMES = ["孙某", "周某", "吴某", "郑某", "冯某", "韩某", "曹某", "蒋某"]

OFF_REASONS = {
    Stage.PAUSED: ["投资方资金安排调整，暂缓推进", "用地指标待落实", "环评手续待批复", "投资方总部战略调整，项目暂停",
                   "市场需求变化，投资方重新论证"],
    Stage.LOST: ["投资方选择在其他城市落地", "双方在土地价格上未达成一致", "投资方放弃投资计划",
                 "项目不符合产业准入要求", "投资方经营出现困难"],
}
PROGRESS = {
    Stage.LEAD: ["已与投资方建立联系，正在收集项目资料。", "投资方已提交初步投资意向，正在研究对接方案。"],
    Stage.NEGOTIATING: ["本周与投资方进行了第{n}轮洽谈，就选址和扶持政策交换了意见。",
                        "投资方团队已实地考察备选地块，正在比选方案。"],
    Stage.EXPECTED: ["合同文本已基本达成一致，拟在近期推介活动中签约。", "投资协议已报市政府审定，待签约。"],
    Stage.SIGNED: ["项目已签约，正在办理公司注册。", "项目公司注册材料已提交，正在协调用地手续。"],
    Stage.REGISTERED: ["项目公司已注册，正在办理规划许可。", "施工图设计完成{p}%，计划下季度开工。"],
    Stage.STARTED: ["主体工程完成{p}%，累计完成投资{x}亿元。", "厂房钢结构吊装完成{p}%，设备招标已启动。"],
    Stage.PRODUCTION: ["一期已投产，产能利用率{p}%，二期正在筹备。", "已竣工投产，本期实现产值{x}亿元。"],
}
PROBLEMS = ["", "", "电力增容手续办理时间较长", "施工用地指标尚未全部落实", "配套道路尚未完工",
            "高端人才招聘困难", "融资到位进度慢于计划"]
HELP_NEEDED = ["", "", "请协调供电公司加快外线工程", "请协调自然资源部门加快用地报批", "请协调交通部门加快配套道路建设",
               "请支持申报省重点项目"]
NEXT_STEPS = ["完成设备安装调试", "推进二期用地报批", "组织下一轮洽谈", "完成主体封顶", "办理竣工验收",
              "启动人才招聘"]
OUTCOMES = {
    "call": ["投资方有意向来济考察", "约定下月实地考察"],
    "visit": ["考察了备选地块和园区配套，对营商环境表示认可", "双方就项目规模和选址初步达成共识"],
    "video": ["就扶持政策进行了线上沟通", "视频会议确认了合作框架"],
    "negotiation": ["就土地价格和供地时间交换了意见", "就厂房代建方案进行了协商", "就人才政策和配套服务进行了洽谈",
                    "就项目选址进行了比选"],
    "negotiation_final": ["就投资强度和产出指标达成一致", "合同条款基本敲定"],
    "service": ["项目服务回访，协调解决施工许可问题", "走访项目现场，了解建设进度和困难"],
    "event": ["对济南投资环境有了全面了解，拟进一步对接"],
}
