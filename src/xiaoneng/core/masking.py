"""Masking of personal data on screen, in exports and in logs (等保2.0; DOMAIN.md §6).

ID numbers keep their first 6 and last 4 characters; phone numbers their first 3 and last 4.
Roles holding `personal_data.unmask` see full values; every such view is audited by the caller.
"""

from __future__ import annotations


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)
