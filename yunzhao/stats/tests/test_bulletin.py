"""The bulletin paragraph of the hand-worked ledger, in Chinese and English, as text, Markdown and HTML."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from yunzhao.stats import actions, bulletin, formatting
from yunzhao.stats.links import records_url
from yunzhao.stats.periods import parse
from yunzhao.stats.renderers import markdown_text, render_html

D = dt.date

ZH_2023 = (
    "2023年，全市签约过亿元项目4个，同比增长300.0%，总投资191.04亿元，其中过百亿元项目1个、过50亿元项目2个；"
    "实际使用外资1,644.93万美元，同比增长64.5%；市外到位资金2.5亿元，同比增长150.0%；新开工项目2个，新投产项目1个。"
)
# English amounts in yuan carry their value in dollars at December 2023's rate (the latest recorded: 7.20).
EN_2023 = (
    "In 2023 the city signed 4 projects of over 100 million yuan, up 300.0% year on year, with a total "
    "investment of 19.104 billion yuan (US$2.653 billion), including 1 of over 10 billion yuan and 2 of over "
    "5 billion yuan; foreign capital actually used was US$16.45 million, up 64.5% year on year; out-of-city "
    "capital in place was 250 million yuan (US$34.72 million), up 150.0% year on year; 2 projects started "
    "construction and 1 went into production."
)


def test_chinese_bulletin_of_the_year(ledger):
    # when
    composed = bulletin.build(parse("2023"), lang="zh-hans")
    # then
    assert composed.title == "2023年济南市招商引资主要指标"
    assert composed.text == ZH_2023
    assert [note.name for note in composed.notes] == [
        "签约项目（按总投资分档）",
        "实际使用外资",
        "市外到位资金",
        "新开工项目",
        "新投产项目",
    ]
    assert composed.notes[1].definition.startswith("统计期内到位的外资资金之和，以美元计")
    assert composed.footer.startswith("数据截至")


def test_english_bulletin_of_the_year(ledger):
    composed = bulletin.build(parse("2023"), lang="en")
    assert composed.title == "Investment promotion in Jinan: 2023"
    assert composed.text == EN_2023
    assert composed.notes[0].name == "Projects signed, by total investment"


def test_district_bulletin_with_a_fall_and_no_comparison(ledger, units):
    # when (历下: P1 and P3 over 1亿; last year P6)
    zh = bulletin.build(parse("2023"), lang="zh-hans", unit=units["lixia"])
    en = bulletin.build(parse("2023H1"), lang="en", unit=units["huaiyin"])
    # then
    assert zh.text.startswith(
        "2023年，历下区签约过亿元项目2个，同比增长100.0%，总投资70亿元，其中过百亿元项目0个、"
        "过50亿元项目1个；实际使用外资1,144.93万美元，同比增长14.5%；市外到位资金2亿元，同比增长100.0%；"
    )
    # 槐荫 in H1 2023: P2 only; nothing a year before, so no change is given
    assert en.text.startswith(
        "In H1 2023 Huaiyin District signed 1 project of over 100 million yuan, with a total "
        "investment of 103.5 million yuan (US$14.38 million), including 0 of over 10 billion"
    )
    assert "out-of-city capital in place was 0 yuan;" in en.text


def test_a_fall_reads_as_a_decrease_and_no_comparison_reads_as_nothing(ledger):
    # H1 2023 had no out-of-city capital against ¥100m in H1 2022
    assert "；市外到位资金0元，同比下降100.0%；" in bulletin.build(parse("2023H1")).text
    assert "out-of-city capital in place was 0 yuan, down 100.0% year on year;" in (
        bulletin.build(parse("2023H1"), lang="en").text
    )
    # 2022's foreign capital has nothing in 2021 to compare with
    assert "实际使用外资1,000万美元；" in bulletin.build(parse("2022")).text
    assert formatting.yoy_text(Decimal("-0.032"), "zh-hans") == "同比下降3.2%"
    assert formatting.yoy_text(Decimal("-0.032"), "en") == "down 3.2% year on year"


def test_provincial_rank_is_given_when_other_cities_are_entered(ledger, city_staff):
    # given two cities, one above and one below the city's US$16.45 million
    actions.enter_provincial_figure(
        actor=city_staff,
        city_zh="青岛市",
        city_en="Qingdao",
        statistic="foreign_capital",
        period="2023",
        value=Decimal("300000000"),
    )
    actions.enter_provincial_figure(
        actor=city_staff,
        city_zh="烟台市",
        city_en="Yantai",
        statistic="foreign_capital",
        period="2023",
        value=Decimal("10000000"),
    )
    # then
    assert "实际使用外资1,644.93万美元，同比增长64.5%，居全省第二；" in bulletin.build(parse("2023")).text
    assert (
        "US$16.45 million, up 64.5% year on year, second in Shandong;"
        in bulletin.build(parse("2023"), lang="en").text
    )


def test_markdown_has_footnotes_after_the_first_number_of_each_definition(ledger):
    text = markdown_text(bulletin.build(parse("2023")))
    assert text.startswith(
        "# 2023年济南市招商引资主要指标\n\n2023年，全市签约过亿元项目4个[^1]，同比增长300.0%，总投资191.04亿元，"
    )
    assert "其中过百亿元项目1个、过50亿元项目2个；实际使用外资1,644.93万美元[^2]，" in text
    assert "\n[^1]: **签约项目（按总投资分档）**: 统计期内首次签约的项目个数及其总投资。" in text
    assert text.count("[^5]") == 2


def test_html_links_each_number_to_its_records(ledger, units):
    composed = bulletin.build(parse("2023"), unit=units["lixia"], link=records_url)
    html = render_html(composed).content.decode()
    district = units["lixia"].pk
    assert (
        f'<a href="/stats/records/foreign_capital/?period=2023&amp;district={district}" class="yz-cite">'
        '1,144.93万美元</a><sup><a href="#note-2">2</a></sup>'
    ) in html
    assert '<li id="note-2"><strong>实际使用外资</strong>：' in html


def test_bulletin_command_in_both_languages(ledger, capsys, tmp_path):
    # when
    call_command("bulletin", period="2023")
    zh = capsys.readouterr().out
    call_command(
        "bulletin",
        "--period",
        "2023",
        "--lang",
        "en",
        "--district",
        "370102",
        "--output",
        str(tmp_path / "b.md"),
    )
    en = (tmp_path / "b.md").read_text()
    # then
    assert ZH_2023.replace("4个", "4个[^1]", 1)[:40] in zh
    assert en.startswith(
        "# Investment promotion in Lixia District: 2023\n\nIn 2023 Lixia District signed 2[^1] projects"
    )


def test_bulletin_command_writes_word_and_pdf_to_a_file_named_after_the_bulletin(
    ledger, capsys, tmp_path, monkeypatch
):
    # given
    monkeypatch.chdir(tmp_path)
    # when
    call_command("bulletin", "--period", "2023", "--format", "docx")
    call_command("bulletin", "--period", "2023", "--district", "lixia", "--lang", "en", "--format", "pdf")
    # then
    assert capsys.readouterr().out == ""
    assert (tmp_path / "bulletin-2023-zh.docx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "bulletin-2023-lixia-en.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2023Q5"], "不是有效的期间"),
        (["--period", "2023", "--district", "nowhere"], "No district or zone"),
    ],
)
def test_bulletin_command_refuses_bad_input(db, units, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("bulletin", *args)


def test_the_footer_says_when_capital_could_not_be_converted(ledger, city_staff):
    from yunzhao.projects import actions as project_actions

    project_actions.record_capital(
        ledger.p1, actor=city_staff, received_on=D(2021, 5, 1), amount=Decimal(1000), source="foreign"
    )
    assert (
        "另有1笔人民币外资记录因未登记当月美元汇率，未计入实际使用外资。"
        in bulletin.build(parse("2021")).footer
    )


def test_a_district_user_gets_their_own_bulletin_even_without_asking(ledger, district_staff):
    composed = bulletin.build(parse("2023"), user=district_staff)
    assert composed.text.startswith("2023年，历下区签约过亿元项目2个")


@pytest.mark.parametrize(
    ("period", "today", "opening"),
    [
        ("2023", dt.date(2023, 11, 22), "Between 1 January and 22 November 2023 the city signed "),
        ("2023-03-05..2024-01-10", dt.date(2024, 6, 1), "Between 5 March 2023 and 10 January 2024 the city "),
        ("2023-03-05..2023-03-05", dt.date(2024, 6, 1), "On 5 March 2023 the city signed "),
        ("2023M1-2", dt.date(2024, 6, 1), "In January-February 2023 the city signed "),
    ],
)
def test_english_bulletin_opens_with_the_days_it_covers(ledger, period, today, opening):
    # when a year still running is cut at today, or a range of days is asked
    text = bulletin.build(parse(period), lang="en", today=today).text
    # then
    assert text.startswith(opening)
