from __future__ import annotations

from gate.cli.main import entry

if __name__ == "__main__":
    entry()
