import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, URLconf, templates' modules) lives as long as the
# process: move it out of the collector's sight, and collect the young generation less often.
# A page allocates tens of thousands of short-lived objects; with the default threshold (700) the
# collector ran several times per request and rescanned the whole heap on full collections
# (docs/benchmarks.md).
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 20, 20)
