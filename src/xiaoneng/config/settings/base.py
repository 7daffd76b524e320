"""Settings shared by every environment. No secrets and no permissive defaults here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from xiaoneng.config.env import env_bool, env_int, env_oidc_realm, env_str

SRC_DIR = Path(__file__).resolve().parents[2]  # src/xiaoneng
BASE_DIR = Path(env_str("HOME_DIR", str(SRC_DIR.parents[1])))
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
MEDIA_ROOT = (
    VAR_DIR / "uploads"
)  # outside the web root; served only through views that check access
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_URL = "/uploads/"

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "xiaoneng.core.admin_apps.XiaonengAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",  # app label django_tasks_database; worker: `xiaoneng worker`
    "xiaoneng.core",
    "xiaoneng.jobs",
    "xiaoneng.workdays",
    "xiaoneng.catalog",
    "xiaoneng.cases",
    "xiaoneng.supervision",
    "xiaoneng.complaints",
    "xiaoneng.community",
    "xiaoneng.evaluation",
    "xiaoneng.notifications",
    "xiaoneng.hall",
    "xiaoneng.enterprises",
    "xiaoneng.projects",
    "xiaoneng.cockpit",
    "xiaoneng.disclosure",
    "xiaoneng.reports",
    "xiaoneng.portal",
    "xiaoneng.workbench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "xiaoneng.core.metrics.MetricsMiddleware",  # request latency, only with XIAONENG_METRICS
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "xiaoneng.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "xiaoneng.core.middleware.IdleTimeoutMiddleware",
    "xiaoneng.core.middleware.PasswordExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # query parameters that break the OpenAPI document → 400 naming the parameter (API only)
    "xiaoneng.core.api.query_contract.QueryContractMiddleware",
    # domain errors escaping a page view → 400/403/404/409 page (the API has its own handler)
    "xiaoneng.core.http_errors.DomainErrorMiddleware",
]

ROOT_URLCONF = "xiaoneng.config.urls"
WSGI_APPLICATION = "xiaoneng.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xiaoneng.workbench.context_processors.navigation",
                "xiaoneng.portal.context_processors.portal",
            ],
        },
    },
]

STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# WAL and foreign keys on for every SQLite connection (ADR 0002), whether the file is the
# default one in the var directory or one named by XIAONENG_DATABASE_URL (sqlite:////path).
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
        "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
    ),
}


# Connections are kept between requests (and checked before reuse): opening a SQLite
# connection runs the PRAGMAs above and registers Django's SQL functions, about 3 ms of CPU, so
# a connection per request capped a 2-core server at ~400 trivial requests/s (1,300 when kept;
# bench/README.md, api_load_bench).
DATABASE_CONN_MAX_AGE = 60


def _database(url: str) -> dict[str, Any]:
    database = dj_database_url.parse(
        url, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
    return dict(database)


DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": _database(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "xiaoneng.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
            "CONN_MAX_AGE": DATABASE_CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
        }
    }
# A PostgreSQL streaming replica of the primary (docs/deploy.md, "A read replica"): read-only
# dashboards and reports read from it inside `reading_from_replica()`; everything else, every
# write and every migration stays on "default". Tests use the default test database for it.
REPLICA_URL = env_str("REPLICA_URL", "")
if REPLICA_URL:
    DATABASES["replica"] = {**_database(REPLICA_URL), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["xiaoneng.core.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "xiaoneng.core.backends.RoleAdminBackend",
    # Unified sign-in (OpenID Connect); each answers only on its own callback (core/sso.py).
    "xiaoneng.core.sso.StaffOIDCBackend",
    "xiaoneng.core.sso.ApplicantOIDCBackend",
]
# The government's unified identity platform, one realm for staff and one for citizens and
# enterprises (docs/sso.md); a realm is off until its XIAONENG_OIDC_<REALM>_CLIENT_ID is set.
OIDC_REALMS = {
    name: realm
    for name, realm in {
        "staff": env_oidc_realm("staff"),
        "applicant": env_oidc_realm("applicant"),
    }.items()
    if realm is not None
}
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "xiaoneng.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_EXPIRY_DAYS = env_int("PASSWORD_EXPIRY_DAYS", 90)
LOGIN_URL = "workbench:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Lock-out after 5 failures for 30 minutes (等保2.0 level 3, DOMAIN.md §6).
AXES_FAILURE_LIMIT = env_int("LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "xiaoneng.core.api.auth.lockout_response"  # JSON on /api/
AXES_VERBOSE = False

# API tokens lapse after this many minutes without use (docs/api.md, "Authentication").
TOKEN_IDLE_MINUTES = env_int("TOKEN_IDLE_MINUTES", 8 * 60)

# Idle session timeout (等保2.0: 30 minutes).
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_MINUTES", 30) * 60
# database sessions whose sign-in record (device, address) follows a new key (core/sessions.py)
SESSION_ENGINE = "xiaoneng.core.session_store"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy on every response: scripts, styles, images and fonts from this server
# only; no inline script or style, no eval. htmx is django-htmx's copy, charts are server-side
# SVG. Only the API documentation pages relax it (config/urls.py, API_DOCS_CSP).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # an administrator's session or token only after the second factor; tokens lapse
        # after TOKEN_IDLE_MINUTES without use (core/api/authentication.py). The token class
        # comes first: its WWW-Authenticate challenge makes a missing or bad credential a 401.
        "xiaoneng.core.api.authentication.IdleExpiringTokenAuthentication",
        "xiaoneng.core.api.authentication.SecondFactorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["xiaoneng.core.api.permissions.SignedInWithOwnPassword"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "xiaoneng.core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "xiaoneng.core.api.schema.AutoSchema",
    # rates, scores and points are JSON numbers everywhere (docs/api.md, "Numbers")
    "COERCE_DECIMAL_TO_STRING": False,
    "EXCEPTION_HANDLER": "xiaoneng.core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon_submit": "10/hour", "anon": "300/hour"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "xiaoneng API",
    "DESCRIPTION": "效能 — government service efficiency and supervision platform",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "xiaoneng.core.api.schema.bound_years",
        "xiaoneng.core.api.schema.local_times",
    ],
    # One enum component per choice set where field names alone would collide.
    "ENUM_NAME_OVERRIDES": {
        # evaluation
        "EvaluationRoundStatusEnum": "xiaoneng.evaluation.workflow.RoundStatus",
        "EvaluationAppealStatusEnum": "xiaoneng.evaluation.workflow.AppealStatus",
        "EvaluationSurveyStatusEnum": "xiaoneng.evaluation.workflow.SurveyStatus",
        "EvaluationTaskStatusEnum": "xiaoneng.evaluation.workflow.TaskStatus",
        "EvaluationNoticeStatusEnum": "xiaoneng.evaluation.workflow.NoticeStatus",
        "EvaluationUnitKindEnum": "xiaoneng.evaluation.models.UnitKind",
        "EvaluationScoringMethodEnum": "xiaoneng.evaluation.models.ScoringMethod",
        "EvaluationScorerRoleEnum": "xiaoneng.evaluation.models.ScorerRole",
        "EvaluationDimensionEnum": "xiaoneng.evaluation.models.Dimension",
        "EvaluationQuestionKindEnum": "xiaoneng.evaluation.models.QuestionKind",
        "EvaluationSurveyTemplateEnum": "xiaoneng.evaluation.services.surveys.TEMPLATES",
        "EvaluationNamedRespondentKindEnum": ["enterprise", "resident"],
        "EvaluationTaskSourceEnum": "xiaoneng.evaluation.models.TaskSource",
        "EvaluationDocumentKindEnum": "xiaoneng.evaluation.models.DocumentKind",
        "EvaluationIssuedDocumentKindEnum": ["circular", "leader_report"],
        "EvaluationVisitModeEnum": "xiaoneng.evaluation.models.VisitMode",
        "EvaluationFindingKindEnum": "xiaoneng.evaluation.models.FindingKind",
        "EvaluationHandlingEnum": "xiaoneng.evaluation.models.Handling",
        "EvaluationHandlingChoiceEnum": ["efficiency_warning", "other"],
        "EvaluationEfficiencyRuleEnum": "xiaoneng.evaluation.models.EfficiencyRule",
        "EvaluationFilingStatusEnum": "xiaoneng.evaluation.workflow.FilingStatus",
        "EvaluationSelfInspectionStatusEnum": "xiaoneng.evaluation.workflow.SelfInspectionStatus",
        "EvaluationRectificationStatusEnum": "xiaoneng.evaluation.workflow.RectificationStatus",
        "EvaluationAppraisalGroupEnum": "xiaoneng.evaluation.models.AppraisalGroup",
        "EvaluationRecommendationEnum": "xiaoneng.evaluation.models.Recommendation",
        # core, catalog, cases, complaints, supervision
        "CaseStatusEnum": "xiaoneng.cases.workflow.Status",
        "CaseChannelEnum": "xiaoneng.cases.models.Channel",
        "ComplaintStatusEnum": "xiaoneng.complaints.workflow.Status",
        "ComplaintChannelEnum": "xiaoneng.complaints.models.Channel",
        "RatingChannelEnum": "xiaoneng.complaints.models.RatingChannel",
        "RatingScoreEnum": "xiaoneng.complaints.models.Score",
        "ServiceItemStatusEnum": "xiaoneng.catalog.models.ItemStatus",
        "OrganizationKindEnum": "xiaoneng.core.models.OrganizationKind",
        "OrganizationLevelEnum": "xiaoneng.core.models.Level",
        "DeliverableKindEnum": "xiaoneng.supervision.models.warnings.DeliverableKind",
        "NotificationChannelEnum": "xiaoneng.notifications.kinds.Channel",
        "NotificationKindEnum": "xiaoneng.notifications.kinds.MessageKind",
        # hall
        "HallKindEnum": "xiaoneng.hall.models.HallKind",
        "HallWindowKindEnum": "xiaoneng.hall.models.WindowKind",
        "AppointmentStatusEnum": "xiaoneng.hall.workflow.AppointmentStatus",
        "AppointmentChannelEnum": "xiaoneng.hall.models.BookingChannel",
        "TicketStatusEnum": "xiaoneng.hall.workflow.TicketStatus",
        "TicketKindEnum": "xiaoneng.hall.models.TicketKind",
        # disclosure
        "DisclosureCategoryEnum": "xiaoneng.disclosure.models.Category",
        "CategoryEnum": "xiaoneng.complaints.models.Category",  # keeps its name beside it
        # enterprises: campaigns, efficiency monitors and media
        "CampaignKindEnum": "xiaoneng.enterprises.models.CampaignKind",
        "CampaignMeetingKindEnum": "xiaoneng.enterprises.models.MeetingKind",
        "CampaignFindingKindEnum": "xiaoneng.enterprises.models.FindingKind",
        "CampaignFindingStatusEnum": "xiaoneng.enterprises.workflow.FindingStatus",
        "ObservationStatusEnum": "xiaoneng.enterprises.workflow.ObservationStatus",
        "ObservationSourceEnum": "xiaoneng.enterprises.models.ObservationSource",
    },
}

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 10) * 1024 * 1024

# Notification channels (docs/notifications.md): "in_site" (always on), "email", "sms".
NOTIFICATION_CHANNELS = ["in_site"]
# Links in e-mail and SMS are made absolute with the site's public address, e.g. https://zwfw.example.gov.cn
NOTIFICATION_SITE_URL = env_str("SITE_URL", "")
# The city's SMS platform: JSON {phone, text} POSTed here, or SMS_GATEWAY names another gateway class.
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY = env_str("SMS_GATEWAY", "")
# Complaint handlers are reminded this many working days before a reply is due.
NOTIFICATION_COMPLAINT_REMINDER_WORKDAYS = env_int("COMPLAINT_REMINDER_WORKDAYS", 2)
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

# The one-stop hall (docs/hall.md): the no-show rule (this many missed appointments within
# so many days block online booking for so many days), the waiting time that raises a
# supervision alert, and when the day-before reminders go out.
HALL_NO_SHOW_LIMIT = env_int("HALL_NO_SHOW_LIMIT", 3)
HALL_NO_SHOW_WINDOW_DAYS = env_int("HALL_NO_SHOW_WINDOW_DAYS", 90)
HALL_NO_SHOW_BAN_DAYS = env_int("HALL_NO_SHOW_BAN_DAYS", 30)
HALL_WAIT_ALERT_MINUTES = env_int("HALL_WAIT_ALERT_MINUTES", 30)
HALL_REMINDER_INTERVAL_MINUTES = env_int("HALL_REMINDER_INTERVAL_MINUTES", 60)
# a hall kiosk (取号机) stays switched on this many days, then hall staff switch it on again
HALL_KIOSK_DAYS = env_int("HALL_KIOSK_DAYS", 30)

# Background work (the task-queue ADR): a queue kept in the application's own database, so the
# embedded set-up needs no extra server; `xiaoneng worker` runs it.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "imports", "notifications"],
    }
}
# The worker enqueues the supervision sweep (and every queue's deadline alerts) this often.
SWEEP_INTERVAL_MINUTES = env_int("SWEEP_INTERVAL_MINUTES", 5)
# An import posted to the API with this many lines or more runs as a task (202 Accepted).
IMPORT_BACKGROUND_LINES = env_int("IMPORT_BACKGROUND_LINES", 1000)
# Prometheus metrics at /metrics (off by default); with a token, scrapers send it as a bearer.
METRICS_ENABLED = env_bool("METRICS", False)
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# `xiaoneng backup` writes archives here and keeps the newest BACKUP_KEEP of them.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)

DEMO_DATA_ALLOWED = False
AUDIT_MIN_RETENTION_DAYS = 183  # 等保2.0: keep audit records at least 6 months
# The key that seals the audit chain (HMAC-SM3) is kept outside the database; production requires
# it (docs/adr/0006-audit-anchor.md). Signed checkpoints go to this directory and to the log.
AUDIT_KEY = env_str("AUDIT_KEY", "")
AUDIT_CHECKPOINT_DIR = Path(env_str("AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "xiaoneng.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"axes": {"level": "WARNING"}},
}

SECRET_KEY = env_str("SECRET_KEY", "")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = env_str("EMAIL_FROM", "xiaoneng@localhost")
# X-Forwarded-Proto, -Host and -For are believed only behind a reverse proxy that sets them
# (XIAONENG_BEHIND_PROXY); otherwise any client could send them (core/middleware.client_ip,
# and `xiaoneng serve` tells gunicorn the same).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
USE_X_FORWARDED_HOST = BEHIND_PROXY
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Lock-out is per account (等保2.0 asks for account lock-out after repeated failures); throttling
# per address is done by the API throttles and the portal's rate limits instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
