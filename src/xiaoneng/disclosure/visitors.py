"""Who is proposing or supporting a topic: the account when signed in, else the session."""

from __future__ import annotations

from django.http import HttpRequest


def visitor_of(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    return f"session:{request.session.session_key}"
