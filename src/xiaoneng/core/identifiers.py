"""Validation of resident ID numbers (GB 11643) and unified social credit codes (GB 32100).

Both use python-stdnum. Some early pilot credit codes fail the GB 32100 check character yet are
legally valid: they are accepted with a warning instead of being rejected (DOMAIN.md §6).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from xiaoneng.core.errors import InvalidInput

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass(frozen=True)
class Checked:
    value: str
    warning: str = ""


def validate_resident_id(value: str, *, field: str = "id_number") -> str:
    """Return the normalized 18-character resident ID or raise InvalidInput."""
    compact = ric.compact(value or "")
    if len(compact) != 18:
        raise InvalidInput(_("A resident ID number has 18 characters."), field=field)
    try:
        return _validate_ric(compact)
    except stdnum_errors.InvalidChecksum as exc:
        raise InvalidInput(
            _("The check character of this ID number is wrong."), field=field
        ) from exc
    except stdnum_errors.InvalidComponent as exc:
        raise InvalidInput(
            _("The birth date or region in this ID number is invalid."), field=field
        ) from exc
    except stdnum_errors.ValidationError as exc:
        raise InvalidInput(_("This is not a valid resident ID number."), field=field) from exc


#: (region code, birth year) → whether the region existed then; see _validate_ric.
_BIRTH_PLACES: dict[tuple[str, str], bool] = {}


def _validate_ric(number: str) -> str:
    """stdnum's ``ric.validate`` step by step, with its region look-up remembered.

    The look-up (``get_birth_place``: is the six-digit region code one that existed in the
    birth year?) walks stdnum's region database and costs more than everything else together;
    a bulk import checks hundreds of thousands of IDs from a few thousand regions.  The answer
    depends only on the region code and the birth year, so it is kept per pair.  Same result
    as ``ric.validate`` (tests/core/test_identifiers.py compares them).
    """
    if len(number) != 18:
        raise stdnum_errors.InvalidLength()
    if not number[:-1].isdigit() or not number[:-1].isascii():
        raise stdnum_errors.InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise stdnum_errors.InvalidChecksum()
    ric.get_birth_date(number)
    key = (number[:6], number[6:10])
    known = _BIRTH_PLACES.get(key)
    if known is None:
        try:
            ric.get_birth_place(number)
            known = True
        except stdnum_errors.InvalidComponent:
            known = False
        _BIRTH_PLACES[key] = known
    if not known:
        raise stdnum_errors.InvalidComponent()
    return number


def validate_credit_code(value: str, *, field: str = "credit_code") -> Checked:
    """Return the normalized credit code, with a warning when only its check character fails."""
    compact = uscc.compact(value or "")
    if len(compact) != 18:
        raise InvalidInput(_("A unified social credit code has 18 characters."), field=field)
    if any(ch not in CREDIT_CODE_CHARSET for ch in compact):
        raise InvalidInput(
            _("A unified social credit code uses only digits and the letters %(chars)s.")
            % {"chars": CREDIT_CODE_CHARSET[10:]},
            field=field,
        )
    if not compact[2:8].isdigit():
        raise InvalidInput(
            _("Characters 3 to 8 of a credit code are the region code (digits)."), field=field
        )
    # stdnum's validate() also demands digits in the first two places, which rejects legal codes
    # of registration authorities with letter codes (e.g. Y); only its check digit is used here.
    if compact[-1] != uscc.calc_check_digit(compact[:17]):
        return Checked(
            compact,
            _("The check character does not match (GB 32100); accepted as an early pilot code."),
        )
    return Checked(compact)
