import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")

# A request thread that waits on the database (the intake's group-commit leader holding the
# write turn for everyone queued behind it) gets the GIL back only when the running thread
# yields it, by default after 5 ms. Served with many threads per worker, that wait is paid on
# every statement of a turn: a 1 ms switch interval keeps the turn short (bench/case_intake.py).
sys.setswitchinterval(float(os.environ.get("LINLI_SWITCH_INTERVAL", "0.001")))

application = get_wsgi_application()
