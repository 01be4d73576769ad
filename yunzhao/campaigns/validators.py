"""Checks on uploaded signing agreements: the extension and the file's own first bytes must agree."""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

AGREEMENT_MAX_BYTES = 20 * 1024 * 1024

# Extension → (content type served on download, what the file must start with).
AGREEMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
_KIND_NAMES = {".pdf": "PDF", ".docx": "Word (.docx)", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}


def agreement_extension(name: str) -> str:
    """The lower-case extension of a file name, with its dot ("" when there is none)."""
    return PurePath(name or "").suffix.lower()


def _is_docx(upload: File) -> bool:
    """A .docx is a zip archive holding a Word document part."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def validate_agreement(upload: File) -> None:
    """Accept a PDF, Word (.docx), JPEG or PNG of at most 20 MB whose content matches its extension."""
    ext = agreement_extension(upload.name)
    if ext not in AGREEMENT_TYPES:
        raise ValidationError(
            _("The agreement must be a PDF, Word (.docx), JPEG or PNG file; “%(name)s” is not.")
            % {"name": PurePath(upload.name or "").name},
            code="agreement_type",
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The agreement file is empty."), code="agreement_empty")
    if size > AGREEMENT_MAX_BYTES:
        raise ValidationError(
            _("The agreement file is %(size)s; at most %(max)s is accepted.")
            % {"size": filesizeformat(size), "max": filesizeformat(AGREEMENT_MAX_BYTES)},
            code="agreement_size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    _content_type, signatures = AGREEMENT_TYPES[ext]
    matches = any(head.startswith(signature) for signature in signatures)
    if matches and ext == ".docx":
        matches = _is_docx(upload)
        upload.seek(0)
    if not matches:
        raise ValidationError(
            _(
                "“%(name)s” is named as a %(kind)s file but its content is not %(kind)s. "
                "Upload the original document."
            )
            % {"name": PurePath(upload.name).name, "kind": _KIND_NAMES[ext]},
            code="agreement_content",
        )
