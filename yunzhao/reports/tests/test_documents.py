"""The fonts every Word document names, by language."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from yunzhao.reports import documents


def fonts_of(document) -> list[dict]:
    saved = io.BytesIO()
    document.save(saved)
    reopened = Document(io.BytesIO(saved.getvalue()))
    styles = [reopened.styles[name].element for name in ("Normal", "Title", "Heading 1", "Table Grid")]
    return [dict(element.attrib) for element in reopened.element.body.iter(qn("w:rFonts"))] + [
        dict(element.attrib) for style in styles for element in style.iter(qn("w:rFonts"))
    ]


@pytest.mark.parametrize(
    ("lang", "latin", "hint"),
    [("zh-hans", documents.CJK_SERIF, "eastAsia"), ("en", "Times New Roman", None)],
)
def test_latin_text_of_english_documents_is_set_in_a_latin_face(lang, latin, hint):
    # given
    document = documents.new_document(lang=lang, title="t", font=documents.CJK_SERIF)
    # when
    documents.add_run(document.add_paragraph(), "“signed” 签约", font=documents.CJK_SERIF, lang=lang)
    # then every run and style keeps the Chinese face for Chinese text
    found = fonts_of(document)
    assert found
    assert {f.get(qn("w:eastAsia")) for f in found if qn("w:ascii") in f} == {documents.CJK_SERIF}
    assert {f.get(qn("w:ascii")) for f in found if qn("w:ascii") in f} == {latin}
    assert {f.get(qn("w:hint")) for f in found if qn("w:ascii") in f} == {hint}
