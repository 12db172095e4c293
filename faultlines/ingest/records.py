"""One record at a time: a record that cannot be read fails alone, with its reason.

Readers yield `(number, fields)` pairs, where fields is `(text, metadata)` or the InputError that
says why that record could not be read; `guarded` turns any exception into such an error, so one
bad line of a JSONL file or one odd page of a WARC archive never ends the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from faultlines.errors import InputError

Fields = tuple[str, dict[str, str]]
Record = tuple[int | None, Fields | InputError]
T = TypeVar("T")

REPORT_HINT = "this is a faultlines bug: please report it with the input that caused it"


def unexpected(where: str, exc: BaseException) -> str:
    """The one-line reason for an exception no reader expected."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{where}: could not be read ({type(exc).__name__}{': ' + detail if detail else ''}); {REPORT_HINT}"


def guarded(where: str, make: Callable[[], T]) -> T | InputError:
    """make(), or the InputError saying why it failed."""
    try:
        return make()
    except InputError as exc:
        return exc
    except RecursionError:
        return InputError(f"{where}: nested too deeply to read; simplify the record")
    except Exception as exc:  # noqa: BLE001 - any other failure is this record's alone
        return InputError(unexpected(where, exc))
