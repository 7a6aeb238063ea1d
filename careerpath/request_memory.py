"""What one request has read, kept for the rest of that request only (never across
requests: what one process remembers, the others must not need).

`RequestMemoryMiddleware` gives each request an empty memory. Outside a request (a task, a
command) nothing is remembered and every read reads afresh."""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_memory: ContextVar[dict[str, Any] | None] = ContextVar("request_memory", default=None)


def remembered(name: str, read: Callable[[], T]) -> T:
    """Return `read()`, read once per request (every time outside one)."""
    memory = _memory.get()
    if memory is None:
        return read()
    if name not in memory:
        memory[name] = read()
    return cast(T, memory[name])  # what `read` returned, or what `remember` noted for `name`


def remember(name: str, value: Any) -> None:
    """Note something read along with other data, so nobody reads it again this request."""
    memory = _memory.get()
    if memory is not None:
        memory[name] = value


def recall(name: str) -> Any:
    """Return what this request noted under `name`, or None."""
    memory = _memory.get()
    return memory.get(name) if memory is not None else None


def forget(name: str) -> None:
    """This request changed what `name` stands for: read it again when next asked."""
    memory = _memory.get()
    if memory is not None:
        memory.pop(name, None)


class RequestMemoryMiddleware:
    """Give each request its own memory."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memory.set({})
        try:
            return self.get_response(request)
        finally:
            _memory.reset(token)
