"""Development and demo settings: local SQLite, debug pages, console e-mail."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: F405
AUDIT_KEY = AUDIT_KEY or "dev-only-audit-key-never-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
NOTIFICATION_CHANNELS = ["in_site", "email"]  # e-mail printed on the console
DEMO_DATA_ALLOWED = True
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
