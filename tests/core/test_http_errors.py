"""Domain errors escaping a page view answer their status, never a 500 (CONTRIBUTING, "Bad input
never gives a 500"; core/http_errors.py maps them in one place)."""

from __future__ import annotations

import re

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

from xiaoneng.config import urls as project_urls
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput, NotFound, NotPermitted
from xiaoneng.core.http_errors import domain_error_response
from xiaoneng.core.roles import Role

KINDS = {
    "invalid": InvalidInput,
    "not-permitted": NotPermitted,
    "not-found": NotFound,
    "conflict": Conflict,
}


def _raising(request: HttpRequest, kind: str) -> HttpResponse:
    raise KINDS[kind]("The reason shown to the user.", field="number")


urlpatterns = [
    path("workbench/raise/<slug:kind>/", _raising),
    path("api/v1/raise/<slug:kind>/", _raising),
    *project_urls.urlpatterns,
]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.fixture
def staff_client(client, personas):  # type: ignore[no-untyped-def]
    client.force_login(personas[Role.EFFICIENCY_SUPERVISOR])
    return client


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("kind", "status", "title"),
    [
        ("invalid", 400, "请求无法理解"),
        ("not-permitted", 403, "无权操作"),
        ("not-found", 404, "未找到"),
        ("conflict", 409, "当前状态下无法进行"),
    ],
)
def test_each_domain_error_is_its_status_on_a_page(kind, status, title):  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=True)
    response = client.get(f"/workbench/raise/{kind}/")
    assert response.status_code == status
    assert response.templates[0].name == f"{status}.html"
    page = response.content.decode()
    assert title in page
    assert "The reason shown to the user." in page


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("kind", "error"), KINDS.items())
def test_each_domain_error_is_the_api_error_shape_under_api(kind, error):  # type: ignore[no-untyped-def]
    response = Client(raise_request_exception=True).get(f"/api/v1/raise/{kind}/")
    assert response.status_code == error.status_code
    assert response.json() == {
        "errors": [{"field": "number", "reason": "The reason shown to the user."}],
        "code": error.code,
    }


def _all_kinds(kind: type[DomainError]) -> set[type[DomainError]]:
    return {kind}.union(*(_all_kinds(sub) for sub in kind.__subclasses__()))


@pytest.mark.django_db
def test_every_domain_error_class_answers_its_own_status(rf):  # type: ignore[no-untyped-def]
    """Also the errors other modules define (e.g. the lock-out's 429): the status is the class's."""
    import xiaoneng.config.urls  # noqa: F401  (loads every context's error classes)

    kinds = _all_kinds(DomainError)
    assert set(KINDS.values()) <= kinds
    for kind in kinds:
        request = rf.get("/workbench/anything/")
        error = kind.__new__(kind)  # some subclasses take other arguments; the base's will do
        DomainError.__init__(error, "Why.", field="x")
        response = domain_error_response(request, error)
        assert response.status_code == kind.status_code, kind
        assert "Why." in response.content.decode()


def test_unknown_evaluation_round_is_404_not_500(staff_client):  # type: ignore[no-untyped-def]
    """The reported URL: /workbench/evaluation/rounds/<unknown>/ gave a 500."""
    staff_client.raise_request_exception = True
    response = staff_client.get("/workbench/evaluation/rounds/987654/")
    assert response.status_code == 404
    assert "未找到" in response.content.decode()


@pytest.mark.django_db
def test_rating_without_a_department_is_not_a_500_and_needs_no_sign_in(client):  # type: ignore[no-untyped-def]
    """The reported request: POST /api/v1/ratings/ without a department, signed out."""
    client.raise_request_exception = True
    response = client.post(
        "/api/v1/ratings/",
        {"case_number": "SP2026000001", "channel": "online", "overall": 1},
        content_type="application/json",
    )
    assert response.status_code in {400, 404}
    assert response.json()["errors"][0]["field"] == "case_number"


def _workbench_patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    out: list[str] = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            out.extend(_workbench_patterns(entry, route))
        elif isinstance(entry, URLPattern) and route.startswith("workbench/") and "<" in route:
            out.append(route)
    return out


UNKNOWN = {"int": "987654", "str": "NOSUCH987654", "slug": "nosuch"}


def _with_unknown_ids(route: str) -> str:
    return "/" + re.sub(r"<(\w+):(\w+)>", lambda m: UNKNOWN[m.group(1)], route)


# Routes whose parameter is not an identifier of a stored object: a year shows an empty
# calendar, an unknown import kind is refused by the URL's own choice.
NOT_AN_ID = {"workbench/workdays/<int:year>/", "workbench/workdays/notice/<int:year>/"}


@pytest.mark.parametrize(
    "role", [Role.EFFICIENCY_SUPERVISOR, Role.EVALUATION_OFFICER, Role.DEPARTMENT_HEAD]
)
def test_workbench_urls_with_unknown_ids_are_404(client, personas, role):  # type: ignore[no-untyped-def]
    """Crawl every workbench URL that names an object, with an id that does not exist."""
    client.force_login(personas[role])
    client.raise_request_exception = True
    routes = [r for r in _workbench_patterns(get_resolver()) if r not in NOT_AN_ID]
    assert len(routes) > 30
    answers = {}
    for route in routes:
        url = _with_unknown_ids(route)
        answers[url] = client.get(url).status_code
    # 403: the role may not open that kind of page at all, whatever the id; 405: POST only.
    wrong = {url: code for url, code in answers.items() if code not in {403, 404, 405}}
    assert wrong == {}
    assert sum(code == 404 for code in answers.values()) > 20


def test_unrouted_api_path_answers_the_standard_error_shape(client, db):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found" and body["errors"][0]["field"] == "non_field_errors"
