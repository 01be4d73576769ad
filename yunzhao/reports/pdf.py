"""The scheduling report as a PDF: an HTML template printed by WeasyPrint, Noto CJK embedded."""

from django.template.loader import render_to_string

from .documents import CJK_SANS, pdf_from_html
from .weekly import WeeklyReport


def write(report: WeeklyReport) -> bytes:
    """The PDF's bytes: A4 landscape, the period in the page header, page numbers at the foot."""
    html = render_to_string(
        "reports/pdf/weekly.html", {"report": report, "font": CJK_SANS, "html_lang": report.html_lang}
    )
    return pdf_from_html(html)
