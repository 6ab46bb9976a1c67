"""WSGI entry point for gunicorn and runserver."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

django_application = get_wsgi_application()

from clinic.security import read_chunked_bodies  # noqa: E402 - needs the settings configured above

application = read_chunked_bodies(django_application)

# Load every view now, and with them the services and the decision engine's tables, then move all
# that was loaded into the garbage collector's permanent generation. Otherwise each full collection
# walks this whole heap, which lives as long as the process, and stalls the request it interrupts
# (docs/performance.md). A worker forked from a preloaded master (gunicorn --preload) also keeps
# these pages shared.
get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf and every view in it
gc.freeze()
