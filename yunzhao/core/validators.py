"""Validators shared across apps."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: the unified social credit code (统一社会信用代码), 18 characters from this alphabet.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    """The check character (18th) of a unified social credit code."""
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    """Upper-case and strip a credit code as people type it."""
    return "".join(value.split()).upper()


def validate_uscc(value: str) -> None:
    """Check the form and the check character of a unified social credit code."""
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters."), code="uscc_length")
    bad = sorted({ch for ch in code if ch not in USCC_ALPHABET})
    if bad:
        raise ValidationError(
            _("A unified social credit code cannot contain %(chars)s."), code="uscc_chars",
            params={"chars": ", ".join(bad)},
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong; please check it."),
            code="uscc_check",
        )
