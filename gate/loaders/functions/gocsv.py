"""CSV read as Go's ``encoding/csv`` reads it with its defaults, which ``csvdecode`` uses
(https://github.com/zclconf/go-cty/blob/main/cty/function/stdlib/csv.go, https://pkg.go.dev/encoding/csv).

Where Python's ``csv`` differs: empty lines are skipped, not empty records; a ``"`` inside an unquoted field is an
error (``ErrBareQuote``), and so is a quoted field closed by anything but ``,``, the end of the line or a doubled
``"`` (``ErrQuote``); ``\\r\\n`` ends a line as ``\\n`` does, inside quoted fields too.
"""

from __future__ import annotations

from gate.loaders.functions.base import FunctionError


def _lines(text: str) -> list[str]:
    """The lines of ``text``, each with its ``\\n`` (a ``\\r\\n`` becomes ``\\n``; a last ``\\r`` is dropped)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    out = []
    for line in lines:
        if line.endswith("\r\n"):
            line = line[:-2] + "\n"
        elif line.endswith("\r"):  # only the last line can end so
            line = line[:-1]
        out.append(line)
    return out


def _body(line: str) -> str:
    return line[:-1] if line.endswith("\n") else line


def _quote_error(number: int) -> FunctionError:
    return FunctionError(f'CSV parse error on line {number}: extraneous or missing " in quoted-field')


def read_records(text: str) -> list[list[str]]:
    """Every record of ``text``; FunctionError with the line number where Go's reader fails."""
    lines = _lines(text)
    records: list[list[str]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        number = index
        if _body(line) == "":
            continue  # Go skips empty lines
        fields: list[str] = []
        more = True
        while more:
            if not line.startswith('"'):
                comma = line.find(",")
                field = line[:comma] if comma >= 0 else _body(line)
                if '"' in field:
                    raise FunctionError(f'CSV parse error on line {number}: bare " in non-quoted-field')
                fields.append(field)
                more = comma >= 0
                line = line[comma + 1 :] if more else ""
                continue
            line = line[1:]
            value: list[str] = []
            while True:
                quote = line.find('"')
                if quote < 0:  # the quoted field goes on to the next line
                    if not line or index >= len(lines):
                        raise _quote_error(number)
                    value.append(line)
                    line = lines[index]
                    index += 1
                    continue
                value.append(line[:quote])
                line = line[quote + 1 :]
                if line.startswith('"'):
                    value.append('"')
                    line = line[1:]
                elif line.startswith(","):
                    line, more = line[1:], True
                    break
                elif _body(line) == "":
                    line, more = "", False
                    break
                else:
                    raise _quote_error(number)
            fields.append("".join(value))
        records.append(fields)
    return records
