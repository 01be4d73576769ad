"""The bulletin as a Word document: the title, the paragraph with numbered notes, the definitions."""

from django.utils import translation
from django.utils.translation import gettext as _
from docx.shared import Pt, RGBColor

from yunzhao.reports.documents import CJK_SERIF, add_page_numbers, add_run, docx_bytes, new_document

from .bulletin import Bulletin, Cite

GREY = RGBColor(0x6C, 0x75, 0x7D)


def render_docx(bulletin: Bulletin):
    """A Word document of ``bulletin``, its Chinese text in Noto Serif CJK (named for East Asian runs)."""
    from .renderers import Rendered

    lang = bulletin.lang
    with translation.override(lang):
        document = new_document(lang=lang, title=bulletin.title, font=CJK_SERIF, size=12)
        add_page_numbers(document, lang=lang, font=CJK_SERIF, header=bulletin.title)
        add_run(document.add_paragraph(style="Title"), bulletin.title, font=CJK_SERIF, lang=lang)
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(24) if lang.startswith("zh") else None
        paragraph.paragraph_format.line_spacing = 1.5
        for part in bulletin.parts:
            if isinstance(part, Cite):
                add_run(paragraph, part.text, font=CJK_SERIF, lang=lang)
                if part.first:
                    add_run(paragraph, str(part.note), font=CJK_SERIF, lang=lang, superscript=True)
            else:
                add_run(paragraph, part, font=CJK_SERIF, lang=lang)
        add_run(document.add_paragraph(), bulletin.footer, font=CJK_SERIF, lang=lang, size=9, color=GREY)
        heading = document.add_heading("", level=2)
        add_run(heading, _("Definitions"), font=CJK_SERIF, lang=lang)
        colon = "：" if lang.startswith("zh") else ": "
        for note in bulletin.notes:
            item = document.add_paragraph()
            item.paragraph_format.left_indent = Pt(18)
            item.paragraph_format.first_line_indent = Pt(-18)
            add_run(item, f"{note.number}.\t", font=CJK_SERIF, lang=lang, size=9)
            add_run(item, note.name, font=CJK_SERIF, lang=lang, size=9, bold=True)
            add_run(item, f"{colon}{note.definition}", font=CJK_SERIF, lang=lang, size=9)
    return Rendered(
        docx_bytes(document),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    )
