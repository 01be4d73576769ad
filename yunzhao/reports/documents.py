"""What every Word and PDF document of the platform shares: Chinese fonts, page set-up, PDF output.

Word does not embed fonts here; each run names its East Asian font (``w:eastAsia``) and carries the
``zh-CN`` language, so Word and LibreOffice pick a Chinese face instead of a Latin one that has no
Chinese glyphs. PDFs are written by WeasyPrint, which embeds (a subset of) every font it uses: the
stylesheets ask for Debian's Noto CJK faces (``fonts-noto-cjk``) by name.
"""

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

CJK_SANS = "Noto Sans CJK SC"
CJK_SERIF = "Noto Serif CJK SC"
# The Latin faces of English documents, found on office machines (LibreOffice maps them to Liberation).
LATIN_FOR = {CJK_SANS: "Arial", CJK_SERIF: "Times New Roman"}
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(r_pr, font: str, lang: str) -> None:
    """Name ``font`` for Latin and East Asian text on a run's or style's properties, and the language."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in _THEME_ATTRIBUTES:  # a theme font would win over the names below
        fonts.attrib.pop(qn(attribute), None)
    # English documents set Latin text in a Latin face: a CJK face draws quotation marks full width.
    latin = font if lang.startswith("zh") else LATIN_FOR.get(font, font)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), font)
    # The hint makes characters of ambiguous width (quotation marks, dashes) take the East Asian face:
    # right in Chinese text, full-width quotes in English text.
    if lang.startswith("zh"):
        fonts.set(qn("w:hint"), "eastAsia")
    else:
        fonts.attrib.pop(qn("w:hint"), None)
    language = r_pr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        r_pr.append(language)
    language.set(qn("w:val"), "zh-CN" if lang.startswith("zh") else "en-GB")
    language.set(qn("w:eastAsia"), "zh-CN")


def new_document(*, lang: str, title: str, font: str = CJK_SANS, landscape: bool = False, size: float = 10.5):
    """An A4 Word document whose styles use ``font`` for Chinese and Latin text."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15 if landscape else 22))
    section.top_margin = section.bottom_margin = Mm(18)
    styles = document.styles
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid", "List Number"):
        style = styles[name]
        _set_fonts(style.element.get_or_add_rPr(), font, lang)
        if name.startswith(("Heading", "Title")):
            style.font.color.rgb = RGBColor(0x1F, 0x2D, 0x3D)
    styles["Normal"].font.size = Pt(size)
    styles["Title"].font.size = Pt(20)
    # The document's default language and East Asian font, for text typed later in Word.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if r_pr is not None:
            _set_fonts(r_pr, font, lang)
    properties = document.core_properties
    properties.title = title
    properties.language = "zh-CN" if lang.startswith("zh") else "en-GB"
    properties.author = properties.last_modified_by = "Yunzhao"
    properties.created = properties.modified = timezone.now()
    properties.comments = ""
    return document


def add_run(
    paragraph,
    text: str,
    *,
    font: str = CJK_SANS,
    lang: str = "zh-hans",
    bold: bool = False,
    superscript: bool = False,
    size: float | None = None,
    color: RGBColor | None = None,
):
    """A run of ``text`` that names its Chinese font itself, whatever style it sits in."""
    run = paragraph.add_run(text)
    _set_fonts(run._r.get_or_add_rPr(), font, lang)
    run.bold = bold or None
    if superscript:
        run.font.superscript = True
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return run


def set_cell(
    cell,
    text: str,
    *,
    lang: str,
    font: str = CJK_SANS,
    bold: bool = False,
    size: float | None = None,
    shade: str | None = None,
) -> None:
    """Write ``text`` into a table cell (one paragraph per line), optionally bold and shaded."""
    lines = str(text).splitlines() or [""]
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if line:  # an empty cell stays empty, so merging it adds no blank line
            add_run(paragraph, line, font=font, lang=lang, bold=bold, size=size)
    if shade:
        properties = cell._tc.get_or_add_tcPr()
        fill = OxmlElement("w:shd")
        fill.set(qn("w:val"), "clear")
        fill.set(qn("w:color"), "auto")
        fill.set(qn("w:fill"), shade)
        properties.append(fill)


def repeat_header(row) -> None:
    """Repeat a table's first row at the top of every page it runs onto, and keep it whole."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def keep_rows_whole(table) -> None:
    """A row is not split across pages unless it is taller than a page."""
    for row in table.rows[1:]:
        element = OxmlElement("w:cantSplit")
        element.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(element)


def add_page_numbers(document, *, lang: str, font: str = CJK_SANS, header: str = "") -> None:
    """``header`` at the top of every page and the page number at the foot."""
    section = document.sections[0]
    if header:
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = 2  # right
        add_run(paragraph, header, font=font, lang=lang, size=8, color=RGBColor(0x6C, 0x75, 0x7D))
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 1  # centre
    run = add_run(paragraph, "", font=font, lang=lang, size=8)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def docx_bytes(document) -> bytes:
    import io

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_from_html(html: str, *, base_url: str | None = None) -> bytes:
    """Print an HTML document (with its own ``<style>``) to PDF, embedding the fonts it uses."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return HTML(string=html, base_url=base_url).write_pdf(font_config=fonts)
