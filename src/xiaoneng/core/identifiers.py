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
        return ric.validate(compact)
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
