"""Keeps the client address of the request being served (core.clientip), for audit entries."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware

from core.clientip import client_ip

_ip: ContextVar[str | None] = ContextVar("linli_client_ip", default=None)


def current_ip() -> str | None:
    return _ip.get()


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _ip.reset(token)


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """zh-hans unless the user chose another language (the language cookie set by the switch).

    The browser's Accept-Language is not consulted: a district's staff use the Chinese UI even on
    a phone or office PC set to English, and switch explicitly when they want English.
    """

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
