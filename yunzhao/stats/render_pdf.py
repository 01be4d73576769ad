"""The bulletin as a PDF: A4, Noto Serif CJK embedded, definitions as numbered notes."""

from django.template.loader import render_to_string
from django.utils import translation

from yunzhao.reports.documents import CJK_SERIF, pdf_from_html

from .bulletin import Bulletin


def render_pdf(bulletin: Bulletin):
    """A PDF of ``bulletin``, printed from ``stats/pdf/bulletin.html`` by WeasyPrint."""
    from .renderers import Rendered

    with translation.override(bulletin.lang):
        html = render_to_string(
            "stats/pdf/bulletin.html",
            {
                "bulletin": bulletin,
                "font": CJK_SERIF,
                "html_lang": "en" if bulletin.lang == "en" else "zh-CN",
            },
        )
    return Rendered(pdf_from_html(html), "application/pdf", "pdf")
