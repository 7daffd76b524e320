"""Test settings: fast hashing, no periodic sweep, locale files from the source tree."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SUPERVISION_SWEEP_SECONDS = 0
NOTIFICATION_CHANNELS = ["xiaoneng.core.notifications.WorkbenchChannel"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon_submit": "1000/hour", "anon": "10000/hour"},
}  # noqa: F405
