"""Top-level URLs: portal at /, workbench at /workbench/, API at /api/v1/, admin at /admin/."""

from csp.decorators import csp_update
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from xiaoneng.core.api.auth import browsable_api_urls
from xiaoneng.core.api.errors_views import bad_request, not_found, permission_denied, server_error
from xiaoneng.core.health import healthz
from xiaoneng.core.metrics import metrics_view

# Each bounded context mounts its own workbench pages, public pages and API (ADR 0003).
CONTEXTS_WITH_PORTAL = [
    "catalog",
    "cases",
    "complaints",
    "community",
    "evaluation",
    "notifications",
    "disclosure",
    "enterprises",
    "hall",
]
CONTEXTS = [
    "workdays",
    "catalog",
    "cases",
    "supervision",
    "complaints",
    "community",
    "evaluation",
    "jobs",
    "notifications",
    "cockpit",
    "disclosure",
    "enterprises",
    "projects",
    "reports",
    "hall",
]

# Swagger UI and Redoc set styles inline and Redoc searches in a worker started from a blob: URL;
# these two pages alone allow that (their scripts are still files from this server: the Swagger
# page loads its start-up script from itself, ?script).
API_DOCS_CSP = {"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]}

api_v1: list[URLPattern | URLResolver] = [
    path("", include("xiaoneng.core.api.urls")),
    *[path("", include(f"xiaoneng.{name}.api_urls")) for name in CONTEXTS],
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        csp_update(API_DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="swagger-ui",
    ),
    path(
        "redoc/",
        csp_update(API_DOCS_CSP)(SpectacularRedocView.as_view(url_name="schema")),
        name="redoc",
    ),
]

urlpatterns = [
    path("", include("xiaoneng.portal.urls")),
    *[path(f"{name}/", include(f"xiaoneng.{name}.portal_urls")) for name in CONTEXTS_WITH_PORTAL],
    path("workbench/", include("xiaoneng.workbench.urls")),
    path("sso/", include("xiaoneng.core.sso_urls")),  # unified sign-in (OpenID Connect)
    *[path(f"workbench/{name}/", include(f"xiaoneng.{name}.urls")) for name in CONTEXTS],
    path("api/v1/", include(api_v1)),
    path("api/v1/auth/", include(browsable_api_urls)),  # signs in through the workbench
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),  # load balancer and monitoring, no sign-in
    path("metrics", metrics_view, name="metrics"),  # Prometheus, only with XIAONENG_METRICS
    path("admin/", admin.site.urls),
]

handler400 = bad_request
handler403 = permission_denied
handler404 = not_found
handler500 = server_error
