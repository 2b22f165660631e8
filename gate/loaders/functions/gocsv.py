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
    """Every record of ``text``; FunctionError with the line number where Go's reader fails. Lines are read by
    position, never re-sliced, so a long line costs time linear in its length."""
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
        pos = 0
        more = True
        while more:
            if not line.startswith('"', pos):
                end = len(line) - line.endswith("\n")
                comma = line.find(",", pos, end)
                stop = comma if comma >= 0 else end
                if line.find('"', pos, stop) >= 0:
                    raise FunctionError(f'CSV parse error on line {number}: bare " in non-quoted-field')
                fields.append(line[pos:stop])
                more = comma >= 0
                pos = stop + 1
                continue
            pos += 1
            value: list[str] = []
            while True:
                quote = line.find('"', pos)
                if quote < 0:  # the quoted field goes on to the next line
                    if pos >= len(line) or index >= len(lines):
                        raise _quote_error(number)
                    value.append(line[pos:])
                    line, pos = lines[index], 0
                    index += 1
                    continue
                value.append(line[pos:quote])
                pos = quote + 1
                if line.startswith('"', pos):
                    value.append('"')
                    pos += 1
                elif line.startswith(",", pos):
                    pos, more = pos + 1, True
                    break
                elif line[pos:] in ("", "\n"):
                    more = False
                    break
                else:
                    raise _quote_error(number)
            fields.append("".join(value))
        records.append(fields)
    return records
