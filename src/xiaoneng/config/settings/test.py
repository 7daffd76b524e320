"""Test settings: fast hashing, no periodic sweep, locale files from the source tree."""

import tempfile
from pathlib import Path

from xiaoneng.config.env import env_str

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once in the calling thread; a test that needs the queue itself overrides TASKS
# with the database backend (see tests/core/test_tasks*.py).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "imports", "notifications"],
    }
}
NOTIFICATION_CHANNELS = ["in_site"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon_submit": "1000/hour", "anon": "10000/hour"},
}  # noqa: F405
# Test processes never write checkpoints into the working copy's var directory.
AUDIT_CHECKPOINT_DIR = Path(env_str("AUDIT_CHECKPOINT_DIR", tempfile.mkdtemp(prefix="xn-audit-")))
