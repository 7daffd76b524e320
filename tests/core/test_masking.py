import pytest

from xiaoneng.core.masking import mask_id_number, mask_phone


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "110105********002X"),  # GB 11643 ID: first 6, last 4 (DOMAIN.md §6)
        ("13800138000", "138****8000"),
        ("", ""),
    ],
)
def test_masking(value, masked):
    assert (mask_id_number(value) if len(value) == 18 else mask_phone(value)) == masked
