"""The report's files: real cells in Excel, Chinese fonts in Word, embedded Noto CJK in the PDF."""

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from django.utils import translation
from docx import Document as DocxDocument
from docx.oxml.ns import qn
from openpyxl import load_workbook

from yunzhao.reports import docx, pdf, weekly, xlsx
from yunzhao.reports.choices import Grouping

from .conftest import PERIOD


def build(lang="zh-hans", grouping=Grouping.BOTH):
    with translation.override(lang):
        return weekly.build(PERIOD, unit=None, grouping=grouping, lang=lang)


def write(writer, lang="zh-hans", grouping=Grouping.BOTH) -> bytes:
    with translation.override(lang):
        return writer.write(weekly.build(PERIOD, unit=None, grouping=grouping, lang=lang))


def pdf_font_names(content: bytes, tmp_path) -> list[str]:
    """The names of the fonts in a PDF, by pdffonts when installed, else from the font dictionaries."""
    if shutil.which("pdffonts"):
        path = tmp_path / "report.pdf"
        path.write_bytes(content)
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        return [line.split()[0] for line in lines.splitlines()[2:] if line.strip()]
    return [m.decode() for m in re.findall(rb"/FontName\s*/([^\s/>]+)", content)]


def test_xlsx_has_real_dates_and_numbers_frozen_headers_and_wrapped_text(key_ledger):
    # when
    book = load_workbook(io.BytesIO(write(xlsx)))
    # then
    assert len(book.sheetnames) == 4  # summary, by district, by leader, missing
    sheet = book.worksheets[1]
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value == key_ledger.k1.code}
    k1 = rows[key_ledger.k1.code]
    assert k1[1].value == "历下新能源电池基地"
    assert k1[5].value == 120000 and k1[5].data_type == "n"  # 万元, a number
    assert k1[6].value == dt.datetime(2024, 5, 6) and k1[6].is_date
    assert k1[7].value == "主体厂房封顶，设备安装完成60%。"
    assert k1[7].alignment.wrap_text
    assert k1[12].is_date  # submitted at
    assert sheet.freeze_panes is not None
    header_row = int(re.sub(r"\D", "", sheet.freeze_panes)) - 1
    assert sheet.cell(row=header_row, column=1).font.b
    # the district groups are headed by subtotal rows
    groups = [c.value for c in sheet["A"] if isinstance(c.value, str) and c.value.count("—") == 1]
    assert [g.split("—")[0].split(":")[-1].strip() for g in groups] == ["历下区", "槐荫区", "天桥区"]


def test_xlsx_missing_sheet_lists_the_last_period_reported(key_ledger):
    book = load_workbook(io.BytesIO(write(xlsx)))
    sheet = book.worksheets[-1]
    found = {
        row[0].value: row
        for row in sheet.iter_rows()
        if row[0].value in (key_ledger.k2.code, key_ledger.k4.code)
    }
    assert found[key_ledger.k2.code][6].value == dt.datetime(2024, 4, 29)
    assert isinstance(found[key_ledger.k4.code][6].value, str)  # "never"
    assert found[key_ledger.k2.code][5].value == 30000


def test_cover_sheet_counts(key_ledger):
    sheet = load_workbook(io.BytesIO(write(xlsx))).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    lixia = next(row for row in values if row[0] == "历下区")
    assert lixia[1:4] == [2, 1, 1]


def test_docx_carries_the_chinese_text_and_an_east_asian_font(key_ledger):
    # when
    content = write(docx)
    # then
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        document = archive.read("word/document.xml").decode()
        styles = archive.read("word/styles.xml").decode()
    assert "历下新能源电池基地" in document
    assert "请市发改委协调110千伏变电站建设。" in document
    assert 'w:eastAsia="Noto Sans CJK SC"' in document
    assert 'w:eastAsia="Noto Sans CJK SC"' in styles
    # the styles in use name the font themselves: a theme font (Latin only) would win over it
    used = DocxDocument(io.BytesIO(content)).styles
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        fonts = used[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK SC", name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, name
    # a table row per key project, under a heading per group, headers repeated on each page
    assert document.count("<w:tblHeader") >= 3 + 3 + 1
    assert "天桥区" in document and "张三" in document


def test_docx_in_english(key_ledger):
    with zipfile.ZipFile(io.BytesIO(write(docx, lang="en"))) as archive:
        document = archive.read("word/document.xml").decode()
    assert "Lixia battery base" in document and "Lixia District" in document
    assert 'w:eastAsia="Noto Sans CJK SC"' in document


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_pdf_is_produced_with_noto_cjk_embedded(key_ledger, tmp_path, lang):
    # when
    content = write(pdf, lang=lang)
    # then
    assert content.startswith(b"%PDF")
    names = pdf_font_names(content, tmp_path)
    assert names and all("Noto" in name for name in names), names
    if shutil.which("pdftotext"):
        path = tmp_path / "r.pdf"
        path.write_bytes(content)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "历下新能源电池基地" in text if lang == "zh-hans" else "Lixia battery base" in text
        assert re.search(r"\b1\s*/\s*\d+\b", text)  # page numbers
        assert "2024" in text
