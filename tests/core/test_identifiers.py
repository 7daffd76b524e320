"""Resident ID (GB 11643) and unified social credit code (GB 32100) validation, with hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.identifiers import (
    CREDIT_CODE_CHARSET,
    validate_credit_code,
    validate_resident_id,
)


def ric_check(body: str) -> str:
    """GB 11643: weights 2^(17-i) mod 11, sum mod 11 → '10X98765432'."""
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(body))
    return "10X98765432"[total % 11]


def uscc_check(body: str) -> str:
    """GB 32100: weights 3^i mod 31, check = charset[(31 - sum mod 31) mod 31]."""
    total = sum(CREDIT_CODE_CHARSET.index(c) * (3**i % 31) for i, c in enumerate(body))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


birth = st.dates(
    min_value=__import__("datetime").date(1930, 1, 1),
    max_value=__import__("datetime").date(2020, 12, 31),
)


@given(birth, st.integers(0, 999))
def test_valid_resident_ids_are_accepted(day, serial):
    body = f"110105{day:%Y%m%d}{serial:03d}"
    number = body + ric_check(body)
    assert validate_resident_id(number) == number


@given(birth, st.integers(0, 999), st.sampled_from("0123456789X"))
def test_wrong_check_character_is_rejected(day, serial, check):
    body = f"110105{day:%Y%m%d}{serial:03d}"
    if check == ric_check(body):
        return
    with pytest.raises(InvalidInput) as error:
        validate_resident_id(body + check)
    assert error.value.field == "id_number"


@pytest.mark.parametrize(
    "bad", ["", "123", "11010519491231002", "1101051949123100XX", "110105194913310021"]
)
def test_malformed_resident_ids_are_rejected(bad):
    with pytest.raises(InvalidInput):
        validate_resident_id(bad)


code_body = st.tuples(
    st.sampled_from("159Y"),
    st.sampled_from("1239"),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(CREDIT_CODE_CHARSET, min_size=9, max_size=9),
).map(lambda t: "".join(t))


@given(code_body)
def test_valid_credit_codes_are_accepted_without_warning(body):
    code = body + uscc_check(body)
    checked = validate_credit_code(code)
    assert checked.value == code
    assert checked.warning == ""


@given(code_body, st.sampled_from(CREDIT_CODE_CHARSET))
def test_pilot_codes_failing_the_check_are_accepted_with_a_warning(body, check):
    if check == uscc_check(body):
        return
    checked = validate_credit_code(body + check)
    assert checked.value == body + check
    assert checked.warning


@pytest.mark.parametrize(
    "bad", ["", "91110000600037341", "91110000600037341LL", "9111000060003734IO"]
)
def test_malformed_credit_codes_are_rejected(bad):
    with pytest.raises(InvalidInput):
        validate_credit_code(bad)


@given(
    st.sampled_from(["110101", "110105", "310104", "440305", "999999", "110000", "000000"]),
    birth,
    st.integers(0, 999),
    st.booleans(),
)
def test_resident_id_check_agrees_with_stdnum(region, day, serial, fix_check):
    """The remembered region look-up gives exactly stdnum's answer (GB 11643 via
    python-stdnum), also for regions unknown or not yet created in the birth year."""
    from stdnum.cn import ric

    body = f"{region}{day:%Y%m%d}{serial:03d}"
    number = body + (ric_check(body) if fix_check else "0")
    try:
        expected = ric.validate(number)
    except Exception:  # noqa: BLE001  (any stdnum rejection)
        expected = None
    for _ in range(2):  # the second call is answered from the remembered look-up
        try:
            got = validate_resident_id(number)
        except InvalidInput:
            got = None
        assert got == expected
