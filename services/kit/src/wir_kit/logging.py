"""structlog set-up: JSON lines off a terminal (routine ones written a few at a time, see
`log_output`), context from contextvars.

Only ids are ever bound (service, district, correlation and event ids): personal data must not
reach a log line, so the kit logs no payloads and no exception messages of handlers.

Libraries log through the stdlib (uvicorn's "Invalid HTTP request", aiormq, aio-pika,
FastStream, asyncio): their records go through the same renderer, one JSON object per line, at
warnings and above, with the exception's type only: neither its message nor its traceback,
which can quote the data that failed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

import structlog

from wir_kit.log_output import LINGER_S, LineBuffer


def configure_logging(service: str, *, level: str = "INFO", json: bool | None = None) -> None:
    """Configure structlog and the stdlib root logger once per process."""
    as_json = (not sys.stderr.isatty()) if json is None else json
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer]
        if as_json
        else [*shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=_factory(LineBuffer(sys.stderr, LINGER_S if as_json else 0.0)),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(service=service)
    # Libraries log through the stdlib; keep their noise at warnings, rendered as ours are.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*shared, structlog.stdlib.add_logger_name, exception_type_only],
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
            pass_foreign_args=True,
        )
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def _factory(buffer: LineBuffer) -> Callable[..., LineBuffer]:
    """One buffer for every logger of the process, so that lines keep their order."""

    def logger(*_args: Any) -> LineBuffer:
        return buffer

    return logger


def exception_type_only(
    _logger: Any, _method: str, event_dict: structlog.typing.EventDict
) -> structlog.typing.EventDict:
    """A library's record without exception text: the type in `error`, no message, no traceback."""
    exc_info = event_dict.pop("exc_info", None)
    event_dict.pop("stack_info", None)
    if isinstance(exc_info, tuple) and exc_info[0] is not None:
        event_dict["error"] = exc_info[0].__name__
    elif isinstance(exc_info, BaseException):
        event_dict["error"] = type(exc_info).__name__
    args = event_dict.pop("positional_args", None)
    record = event_dict.get("_record")
    if args and record is not None:
        values = args if isinstance(args, tuple) else (args,)
        if any(isinstance(value, BaseException) for value in values):
            safe = tuple(type(v).__name__ if isinstance(v, BaseException) else v for v in values)
            try:
                event_dict["event"] = str(record.msg) % safe
            except (TypeError, ValueError):
                event_dict["event"] = str(record.msg)
    return event_dict


def get_logger(name: str | None = None) -> structlog.typing.FilteringBoundLogger:
    logger: structlog.typing.FilteringBoundLogger = structlog.get_logger(name)
    return logger
