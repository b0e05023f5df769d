import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()

# Refuse to serve with a missing production key or a cache that would reset rate limits (the checks
# that manage.py runs; gunicorn does not run them).
from zhicheng.common.checks import startup_refuse_on_errors  # noqa: E402

startup_refuse_on_errors()

# Everything loaded so far (Django, the apps, URLconf, templates' modules) lives as long as the
# process: move it out of the collector's sight, and collect the young generation less often.
# A page allocates tens of thousands of short-lived objects; with the default threshold (700) the
# collector ran several times per request and rescanned the whole heap on full collections
# (docs/benchmarks.md).
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 20, 20)
