"""Masking of personal numbers for lists, exports and roles that do not need them."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """13812341234 -> 138****1234; short or empty values are masked whole."""
    if not phone:
        return ""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id_number(id_number: str | None) -> str:
    """A citizen ID keeps its first 6 and last 4 characters: 330324********123X."""
    if not id_number:
        return ""
    value = id_number.strip()
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_name(name: str | None) -> str:
    """张三丰 -> 张**: for public walls where a resident asked for privacy."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)
