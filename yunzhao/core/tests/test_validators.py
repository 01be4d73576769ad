import pytest
from django.core.exceptions import ValidationError

from yunzhao.core.validators import uscc_check_char, validate_uscc


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110108551385082Q", " 91110108551385082q "])
def test_valid_credit_codes_pass(code):
    validate_uscc(code)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y44", "uscc_check"),
        ("91350100M000100Y4", "uscc_length"),
        ("91350100M000100YI3", "uscc_chars"),  # I is not in the alphabet
    ],
)
def test_invalid_credit_codes_name_the_fault(code, error):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code)
    assert exc.value.code == error


def test_check_character_matches_the_standard_example():
    assert uscc_check_char("91350100M000100Y4") == "3"
