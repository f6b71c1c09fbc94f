"""A posting's pay in Careers Markdown, as docs/careers-markdown.md gives it:
``salary:`` is one range (``{min, max, currency, interval}``, as the format
has always had it) or a list of ranges, each with an optional ``name`` for its
location or zone; ``compensation_note:`` goes with them. Read from the parsed
YAML, and written back in canonical form: one unnamed range as a mapping, so
files that have one keep their bytes, anything else as a list.

Kept apart from the parser, as locations.py is. No Django here."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from .document import SALARY_INTERVALS, CareersFormatError, Salary

SALARY_KEYS = ("min", "max", "currency", "interval")
RANGE_KEYS = ("name", *SALARY_KEYS)  # an entry of a list of ranges
FRONT_MATTER_KEYS = ("compensation_note",)
LABEL_MAX_LENGTH = 100
NOTE_MAX_LENGTH = 255

ErrorFactory = Callable[[str, int], CareersFormatError]
_CURRENCY = re.compile(r"[A-Z]{3}")


def read_range(value: object, keys: tuple[str, ...], what: str, line: int, error) -> Salary:
    """One range: ``{min, max, currency, interval}`` (and ``name`` where
    ``keys`` has it). ``what`` names it in messages ("salary", "salary range 2")."""
    if not isinstance(value, dict):
        raise error(f"{what} must hold {', '.join(repr(k) for k in keys)} keys", line)
    unknown = sorted(set(map(str, value)) - set(keys))
    if unknown:
        raise error(f"unknown {what} key '{unknown[0]}'; known keys: {', '.join(keys)}", line)
    label = value.get("name")
    if label is not None and not isinstance(label, str):
        raise error(f"{what} 'name' must be text, not {label!r}; put it in quotes", line)
    label = (label or "").strip()
    if len(label) > LABEL_MAX_LENGTH:
        raise error(f"{what} 'name' is longer than {LABEL_MAX_LENGTH} characters", line)
    if label:
        what = f"{what} ({label})"
    amounts: dict[str, Decimal | None] = {}
    for bound in ("min", "max"):
        amount = value.get(bound)
        if amount is None:
            amounts[bound] = None
            continue
        try:
            if isinstance(amount, bool):
                raise InvalidOperation
            amounts[bound] = Decimal(str(amount))
            if not amounts[bound].is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise error(f"{what} '{bound}' must be a number, not {amount!r}", line) from None
        if amounts[bound] < 0:
            raise error(f"{what} '{bound}' must not be negative", line)
        if amounts[bound] >= 10**10 or amounts[bound] != round(amounts[bound], 2):
            raise error(
                f"{what} '{bound}' must be below 10,000,000,000, with at most two decimals",
                line,
            )
    if amounts["min"] is None and amounts["max"] is None:
        raise error(f"{what} needs a 'min' or a 'max'", line)
    if None not in (amounts["min"], amounts["max"]) and amounts["min"] > amounts["max"]:
        raise error(f"{what} 'min' is greater than 'max'", line)
    currency = str(value.get("currency") or "").strip().upper()
    if not _CURRENCY.fullmatch(currency):
        raise error(f"{what} 'currency' must be an ISO 4217 code such as EUR or USD", line)
    interval = str(value.get("interval") or "").strip().upper()
    if interval not in SALARY_INTERVALS:
        raise error(f"{what} 'interval' must be one of {', '.join(SALARY_INTERVALS)}", line)
    return Salary(amounts["min"], amounts["max"], currency, interval, label)


def read_pay(
    data: dict, lines: dict[str, int], line_of: Callable[[int], int], error: ErrorFactory
) -> list[Salary] | None:
    """The posting's ranges from ``salary:``: one mapping, or a list of them.
    ``line_of(n)`` is the line of the n-th entry of the list."""
    salary = data.get("salary")
    if salary is None:
        return None
    if isinstance(salary, dict):
        return [read_range(salary, SALARY_KEYS, "salary", lines["salary"], error)]
    if not isinstance(salary, list) or not salary:
        raise error(
            "'salary' must be one range {min, max, currency, interval} or a list of "
            "ranges {name, min, max, currency, interval}",
            lines["salary"],
        )
    return [
        read_range(entry, RANGE_KEYS, f"salary range {number}", line_of(number - 1), error)
        for number, entry in enumerate(salary, start=1)
    ]


def read_compensation_note(data: dict, line: int, error: ErrorFactory) -> str | None:
    """``compensation_note:``: equity, bonus … as one line of text."""
    value = data.get("compensation_note")
    if value is None:
        return None
    if not isinstance(value, str):
        raise error(f"'compensation_note' must be text, not {value!r}; put it in quotes", line)
    value = value.strip()
    if not value:
        raise error("'compensation_note' is empty", line)
    if len(value) > NOTE_MAX_LENGTH:
        raise error(f"'compensation_note' is longer than {NOTE_MAX_LENGTH} characters", line)
    return value


def _range_front_matter(salary: Salary) -> dict:
    data: dict = {}
    if salary.label:
        data["name"] = salary.label
    data.update({k: getattr(salary, k) for k in ("min", "max") if getattr(salary, k) is not None})
    data.update(currency=salary.currency, interval=salary.interval)
    return data


def pay_front_matter(ranges: list[Salary] | None, note: str | None) -> dict:
    """The keys as the renderer writes them: ``salary`` (a mapping for one
    unnamed range, else a list); ``compensation_note`` when there is one."""
    data: dict = {}
    if ranges and len(ranges) == 1 and not ranges[0].label:
        data["salary"] = _range_front_matter(ranges[0])
    elif ranges:
        data["salary"] = [_range_front_matter(salary) for salary in ranges]
    if note:
        data["compensation_note"] = note
    return data
