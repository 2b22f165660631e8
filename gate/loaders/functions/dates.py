"""Date and time functions over given timestamps: https://developer.hashicorp.com/terraform/language/functions
(section "Date and Time Functions"). ``timestamp()`` and ``plantimestamp()`` read the clock: they are unknown
until apply."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from gate.loaders.functions.base import Function, FunctionError, scalar, to_str
from gate.loaders.functions.hashing import apply_time

_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\Z")
_DURATION = re.compile(r"([0-9]*\.?[0-9]+)(ns|us|µs|μs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_FORMAT_TOKEN = re.compile(
    r"'(?:[^']|'')*'?|YYYY|YY|MMMM|MMM|MM|M|DD|D|EEEE|EEE|hh|h|HH|H|AA|aa|mm|m|ss|s|ZZZZZ|ZZZZ|ZZZ|Z|[A-Za-z]+|[^A-Za-z']+"
)


def parse_timestamp(value: Any) -> datetime:
    """An RFC 3339 timestamp, as Terraform requires (``2017-11-22T00:00:00Z``)."""
    text = to_str(value)
    match = _RFC3339.match(text)
    if match is None:
        raise FunctionError(f"not a valid RFC 3339 timestamp: {text!r}")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone in ("Z", "z"):
        tz = UTC
    else:
        sign = 1 if zone[0] == "+" else -1
        tz = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
    micro = int((fraction or ".0")[1:7].ljust(6, "0"))
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=tz)
    except ValueError as exc:
        raise FunctionError(f"not a valid timestamp: {text!r}: {exc}") from None


def _rfc3339(moment: datetime) -> str:
    """Go's ``time.RFC3339`` layout: seconds, no fraction, ``Z`` for UTC."""
    offset = moment.utcoffset() or timedelta(0)
    if offset == timedelta(0):
        zone = "Z"
    else:
        minutes = int(offset.total_seconds()) // 60
        zone = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + zone


def parse_duration(value: Any) -> timedelta:
    """A Go duration: ``"1h30m"``, ``"-10m"``, ``"1.5h"``, ``"300ms"``."""
    text = to_str(value)
    sign, body = (-1, text[1:]) if text.startswith("-") else (1, text.removeprefix("+"))
    if body == "0":
        return timedelta(0)
    pos, seconds = 0, 0.0
    for match in _DURATION.finditer(body):
        if match.start() != pos:
            break
        seconds += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(body) or not body:
        raise FunctionError(f"timeadd: invalid duration {text!r}")
    try:
        return timedelta(seconds=sign * seconds)
    except OverflowError:
        raise FunctionError(f"timeadd: duration out of range {text!r}") from None


def _timeadd(timestamp: Any, duration: Any) -> Any:
    try:
        return _rfc3339(parse_timestamp(timestamp) + parse_duration(duration))
    except OverflowError:
        raise FunctionError("timeadd: result out of range") from None


def _timecmp(left: Any, right: Any) -> Any:
    a, b = parse_timestamp(left), parse_timestamp(right)
    return (a > b) - (a < b)


def _zone(moment: datetime, token: str) -> str:
    """``ZZZZZ`` -08:00, ``ZZZZ`` -0800, ``ZZZ`` UTC or -0800, ``Z`` Z or -08:00."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    if token == "ZZZ" and minutes == 0:
        return "UTC"
    if token in ("ZZZ", "ZZZZ"):
        return f"{sign}{hours:02d}{mins:02d}"
    if token == "Z" and minutes == 0:
        return "Z"
    return f"{sign}{hours:02d}:{mins:02d}"


def _formatdate(spec: Any, timestamp: Any) -> Any:
    """https://developer.hashicorp.com/terraform/language/functions/formatdate"""
    moment = parse_timestamp(timestamp)
    layout = to_str(spec)
    out: list[str] = []
    hour12 = moment.hour % 12 or 12
    fields = {
        "YYYY": f"{moment.year:04d}",
        "YY": f"{moment.year % 100:02d}",
        "MMMM": moment.strftime("%B"),
        "MMM": moment.strftime("%b"),
        "MM": f"{moment.month:02d}",
        "M": str(moment.month),
        "DD": f"{moment.day:02d}",
        "D": str(moment.day),
        "EEEE": moment.strftime("%A"),
        "EEE": moment.strftime("%a"),
        "hh": f"{moment.hour:02d}",
        "h": str(moment.hour),
        "HH": f"{hour12:02d}",
        "H": str(hour12),
        "AA": "AM" if moment.hour < 12 else "PM",
        "aa": "am" if moment.hour < 12 else "pm",
        "mm": f"{moment.minute:02d}",
        "m": str(moment.minute),
        "ss": f"{moment.second:02d}",
        "s": str(moment.second),
    }
    for token in _FORMAT_TOKEN.findall(layout):
        if token.startswith("'"):
            if len(token) < 2 or not token.endswith("'"):
                raise FunctionError("formatdate: unterminated literal in the format")
            out.append("'" if token == "''" else token[1:-1].replace("''", "'"))
        elif token in fields:
            out.append(fields[token])
        elif token in ("Z", "ZZZ", "ZZZZ", "ZZZZZ"):
            out.append(_zone(moment, token))
        elif token[0].isalpha():
            raise FunctionError(f"formatdate: invalid date format verb {token!r}")
        else:
            out.append(token)
    return "".join(out)


FUNCTIONS: dict[str, Function] = {
    "formatdate": scalar(_formatdate),
    "timeadd": scalar(_timeadd),
    "timecmp": scalar(_timecmp),
    "timestamp": apply_time("timestamp"),
    "plantimestamp": apply_time("plantimestamp"),
}
