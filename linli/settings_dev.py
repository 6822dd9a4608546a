"""linli.settings for runs from a checkout that need no SECRET_KEY: the tests (pytest's
DJANGO_SETTINGS_MODULE) and the type check (django-stubs). It marks the run as a demo run in
the environment, so the subprocesses the tests start inherit it."""

import os

os.environ.setdefault("LINLI_DEMO", "1")

from linli.settings import *  # noqa: E402, F403
