"""WSGI entry point used by gunicorn (`xiaoneng serve`)."""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.config.settings.production")
application = get_wsgi_application()

# The API's query contract is read from the OpenAPI document, which takes about 1.5 s to
# build: built here, as the worker starts, rather than by the first API request with a query
# string that the worker answers (a p99 of 1.5 s under load; bench/api_load_bench.py).
try:
    from xiaoneng.core.api.query_contract import operations

    operations()
except Exception:  # the middleware retries, and logs, on the first request that needs it
    logging.getLogger(__name__).exception("the query contract could not be built at start")
