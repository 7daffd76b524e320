"""Content-Security-Policy: every response carries it, and no page needs inline script.

The policy (settings CONTENT_SECURITY_POLICY) allows scripts and styles from this server only, so
an injected `<script>`, `onclick=` or `javascript:` link does not run. The crawl visits every page
without parameters and every page reachable by links from them, as the public, as staff of each
role and as each administrator (workbench and admin site), and parses each page.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.complaints.factories import make_complaint
from tests.complaints.rated_cases import case_to_rate
from xiaoneng.core.models import User
from xiaoneng.core.roles import Role

# Script types a browser runs; `application/json` and friends are data and never executed.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
NOT_FOLLOWED = ("/static/", "/uploads/", "/i18n/", "/api/", "/workbench/sign-out", "/admin/logout")
DOWNLOADS = (".docx", ".xlsx", "/word/", "export=", "/download", "/attachments/", "/materials/")


class PageCheck(HTMLParser):
    """Collects inline script (elements, handler attributes, javascript: URLs), inline style and
    the links of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_script: list[str] = []
        self.inline_style: list[str] = []
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.inline_script.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action", "formaction"} and value.strip().lower().startswith(
                "javascript:"
            ):
                self.inline_script.append(f"<{tag} {name}={value[:40]}>")
            if name == "style":
                self.inline_style.append(f"<{tag} style={value[:40]}>")
        if tag == "script":
            runs = values.get("type", "").strip().lower() in EXECUTABLE_TYPES
            self._in_script = runs and "src" not in values
        if tag == "style":
            self.inline_style.append("<style>")
        if tag == "a" and values.get("href", "").startswith("/"):
            self.links.append(values["href"].split("#")[0])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_script.append(f"<script>{data.strip()[:40]}</script>")


def check_policy(header: str) -> None:
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in header.split(";")) if part
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def crawl(client: Client, starts: list[str], limit: int = 400) -> dict[str, list[str]]:
    """Follow same-site links from `starts`; return the problems found per URL."""
    problems: dict[str, list[str]] = {}
    seen = set(starts)
    queue = deque(starts)
    visited = 0
    while queue and visited < limit:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        found: list[str] = []
        header = response.get("Content-Security-Policy", "")
        if not header:
            found.append("no Content-Security-Policy header")
        else:
            try:
                check_policy(header)
            except (AssertionError, KeyError):
                found.append(f"relaxed policy: {header}")
        if response.status_code == 500:
            found.append("status 500")
        if response.get("Content-Type", "").startswith("text/html") and response.status_code < 300:
            page = PageCheck()
            page.feed(response.content.decode())
            found += page.inline_script + page.inline_style
            for link in page.links:
                if (
                    link in seen
                    or link.startswith(NOT_FOLLOWED)
                    or any(d in link for d in DOWNLOADS)
                ):
                    continue
                seen.add(link)
                queue.append(link)
        if found:
            problems[url] = found
    assert visited > len(starts)
    return problems


def signed_in(user: User, *, second_factor: bool = False) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    if second_factor:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def pages_without_parameters(prefixes: tuple[str, ...]) -> list[str]:
    """Every route under `prefixes` that names no object (the lists, forms and indexes)."""
    out = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry, route)
            elif isinstance(entry, URLPattern) and "<" not in route and "^" not in route:
                url = "/" + route.rstrip("$")
                if url.startswith(prefixes) and not url.startswith(NOT_FOLLOWED):
                    out.append(url)

    walk(get_resolver(), "")
    return sorted(set(out))


# Roles whose menus together reach every context's pages.
STAFF = [
    Role.WINDOW_CLERK,
    Role.DEPARTMENT_HEAD,
    Role.EFFICIENCY_SUPERVISOR,
    Role.COMPLAINT_HANDLER,
    Role.EVALUATION_OFFICER,
    Role.COMMUNITY_STAFF,
]
ADMINISTRATORS = [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN]


def test_every_page_has_the_policy_and_no_inline_script_or_style(personas, org_tree):  # type: ignore[no-untyped-def]
    """Portal (signed out), workbench (each staff role) and admin site (the administrators):
    every page without parameters, and every page its links lead to."""
    case = case_to_rate(personas[Role.WINDOW_CLERK].organization)
    make_complaint(handler=personas[Role.COMPLAINT_HANDLER], unit=org_tree.department)
    portal = pages_without_parameters(("/",))
    portal = [u for u in portal if not u.startswith(("/workbench/", "/admin/"))]
    workbench = [*pages_without_parameters(("/workbench/",)), f"/workbench/cases/{case.number}/"]
    assert len(portal) > 10 and len(workbench) > 60
    problems = crawl(Client(raise_request_exception=False), portal)
    for role in STAFF:
        problems |= crawl(signed_in(personas[role]), workbench, limit=len(workbench) + 80)
    for role in ADMINISTRATORS:
        client = signed_in(personas[role], second_factor=True)
        problems |= crawl(client, ["/admin/", *workbench], limit=len(workbench) + 80)
    assert problems == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/api/v1/schema/", 200),
        ("/api/v1/cases/", 401),  # anonymous: the token challenge
        ("/workbench/evaluation/rounds/987654/", 302),
        ("/no-such-page/", 404),
    ],
)
def test_every_kind_of_response_carries_the_policy(client, url, status):  # type: ignore[no-untyped-def]
    """Pages, JSON, redirects and errors alike."""
    response = client.get(url)
    assert response.status_code == status
    check_policy(response["Content-Security-Policy"])


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_api_documentation_alone_relaxes_styles_never_scripts(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in header
    assert "script-src 'self';" in header + ";"
    page = PageCheck()
    page.feed(response.content.decode())
    assert page.inline_script == []
    assert "fonts.googleapis.com" not in response.content.decode()  # no CDN


@pytest.mark.django_db
def test_the_swagger_start_up_script_is_served_as_a_file(client):  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<script src="/static/x.js"></script>', []),
        ('<script type="application/json" id="d">{"a": 1}</script>', []),
        ("<script>alert(1)</script>", ["<script>alert(1)</script>"]),
        ('<button onclick="go()">x</button>', ["<button onclick=…>"]),
        ('<a href="javascript:history.back()">x</a>', ["<a href=javascript:history.back()>"]),
    ],
)
def test_the_page_check_finds_inline_script(html, found):  # type: ignore[no-untyped-def]
    page = PageCheck()
    page.feed(html)
    assert page.inline_script == found
