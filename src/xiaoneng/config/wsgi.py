"""WSGI entry point used by gunicorn (`xiaoneng serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.config.settings.production")
application = get_wsgi_application()
