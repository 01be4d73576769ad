"""The bulletin in Word and PDF, from the command and from the bulletin page, with its definitions."""

import io
import zipfile

import pytest
from django.core.management import call_command
from docx import Document as DocxDocument

from yunzhao.stats.tests.conftest import build_ledger

from .test_formats import pdf_font_names


@pytest.fixture
def ledger(city_staff, units):
    return build_ledger(city_staff, units)


def test_bulletin_command_writes_a_word_document_with_its_definitions(ledger, tmp_path):
    # when
    out = tmp_path / "bulletin.docx"
    call_command(
        "bulletin", "--period", "2023", "--format", "docx", "--output", str(out), stderr=io.StringIO()
    )
    # then
    document = DocxDocument(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2023年济南市招商引资主要指标" in text
    assert (
        "2023年，全市签约过亿元项目4个1，同比增长300.0%" in text
    )  # the note number follows the first figure
    assert "签约项目（按总投资分档）：统计期内首次签约的项目个数及其总投资。" in text
    assert "实际使用外资：统计期内到位的外资资金之和，以美元计" in text
    superscripts = [r.text for p in document.paragraphs for r in p.runs if r.font.superscript]
    assert superscripts == ["1", "2", "3", "4", "5"]
    with zipfile.ZipFile(out) as archive:
        assert 'w:eastAsia="Noto Serif CJK SC"' in archive.read("word/document.xml").decode()


def test_bulletin_command_writes_an_english_pdf_with_noto_embedded(ledger, tmp_path):
    # when
    out = tmp_path / "bulletin.pdf"
    call_command(
        "bulletin",
        "--period",
        "2023",
        "--lang",
        "en",
        "--format",
        "pdf",
        "--output",
        str(out),
        stderr=io.StringIO(),
    )
    # then
    content = out.read_bytes()
    assert content.startswith(b"%PDF")
    names = pdf_font_names(content, tmp_path)
    assert names and all("Noto" in name for name in names), names


def test_bulletin_page_offers_word_and_pdf_downloads(client, city_staff, ledger):
    # given
    client.force_login(city_staff)
    # when
    page = client.get("/stats/bulletin/", {"period": "2023", "lang": "zh-hans"}).content.decode()
    pdf = client.get("/stats/bulletin/", {"period": "2023", "lang": "zh-hans", "format": "pdf"})
    word = client.get("/stats/bulletin/", {"period": "2023", "lang": "en", "format": "docx"})
    # then
    assert "format=docx" in page and "format=pdf" in page
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="bulletin-2023.pdf"' in pdf["Content-Disposition"]
    assert word.status_code == 200
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(word.content)).paragraphs)
    assert "Investment promotion in Jinan: 2023" in text and "Foreign capital actually used: " in text
