"""Bounds on the work one Terraform root may ask of the gate.

The scanned tree is written by whoever opens the pull request: ``count = 1000000000``, a module that calls
itself, or a ``for_each`` over a product of ranges would otherwise take all the machine's memory. Past a bound
the root is an *error result* (fail closed) that names the file and line, and every report is still written.
Terraform sets no such bounds; these are far above what real configurations use (the largest module in the
shared corpus expands to a few hundred instances).
"""

from __future__ import annotations

from types import TracebackType

from gate.errors import InputError

MAX_INSTANCES_PER_BLOCK = 10_000  # instances of one resource or module block (count, for_each)
MAX_INSTANCES_PER_ROOT = 50_000  # resource and module instances of one root, modules included
MAX_MODULE_DEPTH = 16  # module calls nested below the root
# Work of evaluation in one root: each element a ``for`` expression visits costs one, so that nested
# comprehensions over large collections stop long before they take a gigabyte.
MAX_EVALUATION_STEPS = 2_000_000
# Characters of the large strings (4 KiB and more) templates and functions build in one root: a chain of locals
# that each doubles the last, or a comprehension repeating a large string, stops here.
MAX_BUILT_CHARACTERS = 128 * 1024 * 1024
LARGE_STRING = 4096
LARGE_COLLECTION = 1024
# Bytes of one Terraform configuration file. Parsing takes memory in proportion: about 220 bytes per byte of
# HCL (Lark's tree: 411 MB for a 1.9 MB file) and 22 per byte of JSON (215 MB for 9.7 MB), so these keep a scan
# under a gigabyte whatever ``max_file_size`` allows. The largest .tf file of the shared corpus is 61 KB.
MAX_HCL_BYTES = 2 * 1024 * 1024
MAX_JSON_BYTES = 16 * 1024 * 1024


def config_file_limit(name: str) -> int:
    """The largest ``.tf`` (or ``.tf.json``) file the gate parses."""
    return MAX_JSON_BYTES if name.endswith(".json") else MAX_HCL_BYTES


class LimitError(Exception):
    """A bound was passed. ``file``/``line`` name the block being evaluated when it was, once known."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def as_input_error(self, fallback_file: str) -> InputError:
        return InputError(
            self.file or fallback_file, self.line, f"{self.message}: this root is not evaluated (fail closed)"
        )


def is_limit(exc: BaseException) -> bool:
    """True for the gate's own limit, and for a function's ``LimitExceeded`` (a string grown too long, a
    ``range`` too large) which the functions raise as a kind of their own error."""
    return isinstance(exc, LimitError) or any(cls.__name__ == "LimitExceeded" for cls in type(exc).__mro__)


class Located:
    """A ``with`` block that gives a limit passed inside it the block's file and line (the innermost block wins).
    A class rather than a ``contextmanager`` generator: evaluation enters thousands of them per root."""

    __slots__ = ("file", "line")

    def __init__(self, file: str, line: int | None) -> None:
        self.file = file
        self.line = line

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> None:
        if isinstance(exc, LimitError):
            if exc.file is None:
                exc.file, exc.line = self.file, exc.line or self.line
        elif isinstance(exc, Exception) and is_limit(exc):
            raise LimitError(str(exc) or type(exc).__name__, self.file, self.line) from exc
        # the exception, if any, goes on


def located(file: str, line: int | None) -> Located:
    """Give a limit passed inside this block the block's file and line (the innermost block wins)."""
    return Located(file, line)


class Budget:
    """Counters of one root's work, each with its bound."""

    def __init__(self) -> None:
        self.instances = 0
        self.steps = 0
        self.characters = 0

    def add_instances(self, count: int) -> None:
        self.instances += count
        if self.instances > MAX_INSTANCES_PER_ROOT:
            raise LimitError(f"more than {MAX_INSTANCES_PER_ROOT:,} resource and module instances in one root")

    def built(self, value: object) -> None:
        """A value a template or a function built: large strings count their characters, large lists and
        maps their elements (as steps)."""
        if isinstance(value, str):
            if len(value) >= LARGE_STRING:
                self.characters += len(value)
                if self.characters > MAX_BUILT_CHARACTERS:
                    raise LimitError(f"more than {MAX_BUILT_CHARACTERS:,} characters of strings built in one root")
        elif isinstance(value, (list, dict)) and len(value) >= LARGE_COLLECTION:
            self.step(len(value))

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_EVALUATION_STEPS:
            raise LimitError(f"more than {MAX_EVALUATION_STEPS:,} steps of evaluation in one root")


def check_instances(count: int, what: str, line: int) -> None:
    """``count``/``for_each`` of one block (at ``line``): past the bound, a LimitError before anything is built."""
    if count > MAX_INSTANCES_PER_BLOCK:
        raise LimitError(
            f"{what} asks for {count:,} instances, over the limit of {MAX_INSTANCES_PER_BLOCK:,}", line=line
        )
