"""Bulletins rendered for reading: Markdown (with footnotes), HTML (numbers linked to their records),
Word and PDF (definitions as numbered notes).

A renderer takes a composed ``Bulletin`` and returns a ``Rendered`` document; add a format by adding a
function to ``RENDERERS``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

from .bulletin import Bulletin, Cite


@dataclass(frozen=True)
class Rendered:
    """A rendered document: its bytes, media type and file extension."""

    content: bytes
    content_type: str
    extension: str


def _md_escape(text: str) -> str:
    for char in ("\\", "*", "_", "[", "]", "`"):
        text = text.replace(char, "\\" + char)
    return text


def markdown_text(bulletin: Bulletin) -> str:
    """The bulletin in Markdown: a heading, the paragraph with ``[^n]`` footnotes, the definitions."""
    body = []
    for part in bulletin.parts:
        if isinstance(part, Cite):
            body.append(_md_escape(part.text) + (f"[^{part.note}]" if part.first else ""))
        else:
            body.append(_md_escape(part))
    lines = [f"# {_md_escape(bulletin.title)}", "", "".join(body), "", _md_escape(bulletin.footer), ""]
    lines += [
        f"[^{note.number}]: **{_md_escape(note.name)}**: {_md_escape(note.definition)}"
        for note in bulletin.notes
    ]
    return "\n".join(lines) + "\n"


def render_markdown(bulletin: Bulletin) -> Rendered:
    return Rendered(markdown_text(bulletin).encode(), "text/markdown; charset=utf-8", "md")


def render_html(bulletin: Bulletin) -> Rendered:
    """A standalone HTML fragment of the bulletin (the page wraps the same template)."""
    html = render_to_string("stats/includes/bulletin.html", {"bulletin": bulletin})
    return Rendered(html.encode(), "text/html; charset=utf-8", "html")


def render_docx(bulletin: Bulletin) -> Rendered:
    """A Word document (``render_docx.py``; python-docx is loaded only when asked for)."""
    from .render_docx import render_docx

    return render_docx(bulletin)


def render_pdf(bulletin: Bulletin) -> Rendered:
    """A PDF (``render_pdf.py``; WeasyPrint is loaded only when asked for)."""
    from .render_pdf import render_pdf

    return render_pdf(bulletin)


RENDERERS: dict[str, Callable[[Bulletin], Rendered]] = {
    "md": render_markdown,
    "html": render_html,
    "docx": render_docx,
    "pdf": render_pdf,
}
