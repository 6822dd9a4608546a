"""linli settings: read from the environment, with defaults that run on SQLite."""

import ipaddress
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def parse_levels(raw: str) -> list[tuple[str, int]]:
    """ "district:6,subdistrict:3,community:3,zone:2" → [("district", 6), ...]."""
    levels = []
    for part in raw.split(","):
        name, _sep, digits = part.strip().partition(":")
        if not name or not digits.isdigit() or not 1 <= int(digits) <= 12:
            raise ValueError(f"LINLI_AREA_LEVELS: {part!r} is not level:digits")
        levels.append((name, int(digits)))
    if len({name for name, _d in levels}) != len(levels):
        raise ValueError("LINLI_AREA_LEVELS: a level is named twice")
    return levels


DEBUG = env_bool("DEBUG", False)
# A run from a checkout that nobody else reaches: `make demo`, the tests, the type check.
LINLI_DEMO = env_bool("LINLI_DEMO", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or LINLI_DEMO):
        # Sessions, CSRF and password-reset links are signed with it: a public key forges them.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value (e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), the same on every "
            "app server; only a development run (DEBUG=1 or LINLI_DEMO=1) may go without one."
        )
    SECRET_KEY = "linli-insecure-development-key-not-for-production"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# The reverse proxies in front of the app servers (addresses or networks, comma-separated):
# only a request from one of them has its client address read from X-Forwarded-For
# (core.clientip); with none, the address is REMOTE_ADDR.
LINLI_TRUSTED_PROXIES = [
    str(ipaddress.ip_network(p.strip(), strict=False))
    for p in os.environ.get("LINLI_TRUSTED_PROXIES", "").split(",")
    if p.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "core.tasks_app.TaskResultsConfig",  # django_tasks_db, named in the reader's language
    # Domain apps, lower first (DESIGN.md): a higher app may depend on a lower one.
    "core",
    "accounts",
    "areas",
    "areas.registers",
    "areas.division",
    "party",
    "activities",
    "fieldwork",
    "points",
    "volunteering",
    "cases",
    "cases.open311",
    "cases.indicators",
    "dashboard",
    "linli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view: text PostgreSQL cannot store (NUL, lone surrogates) is a 400.
    "linli.middleware.RefuseUnstorableText",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "linli.urls"
WSGI_APPLICATION = "linli.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'linli.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
# A read replica for the dashboards' figures and the exports (core.replica): reads inside
# `replica.reads()` go there, writes never do. Tests mirror it onto the default database.
if os.environ.get("LINLI_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["LINLI_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.replica.Router"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Failed logins (accounts.ratelimit). An account may fail LOGIN_FREE_FAILURES times in a row;
# then it waits LOGIN_BASE_WAIT seconds, twice as long after each further failure, at most
# LOGIN_MAX_WAIT. Its failures are forgotten LOGIN_FORGET_AFTER seconds after the last one, on
# a successful login, or when an office unlocks it. A client address (LINLI_TRUSTED_PROXIES)
# may fail LOGIN_ADDRESS_LIMIT times in each LOGIN_ADDRESS_WINDOW seconds, whatever the
# accounts: loose, since many people share an address behind a proxy or a carrier's NAT.
LOGIN_FREE_FAILURES = int(os.environ.get("LOGIN_FREE_FAILURES", "5"))
LOGIN_BASE_WAIT = int(os.environ.get("LOGIN_BASE_WAIT", "60"))
LOGIN_MAX_WAIT = int(os.environ.get("LOGIN_MAX_WAIT", "3600"))
LOGIN_FORGET_AFTER = int(os.environ.get("LOGIN_FORGET_AFTER", str(24 * 3600)))
LOGIN_ADDRESS_LIMIT = int(os.environ.get("LOGIN_ADDRESS_LIMIT", "100"))
LOGIN_ADDRESS_WINDOW = int(os.environ.get("LOGIN_ADDRESS_WINDOW", "900"))
# An API token not used for this many days stops working (apps log in again).
LINLI_API_TOKEN_IDLE_DAYS = int(os.environ.get("LINLI_API_TOKEN_IDLE_DAYS", "30"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Uploads are never served as they lie: only through signed addresses that expire
# (core.media; LINLI_MEDIA_* below). A file's own `.url` leads to a 404.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Seconds a photo's signed address works after a page or an API answer gave it out.
LINLI_MEDIA_URL_SECONDS = int(os.environ.get("LINLI_MEDIA_URL_SECONDS", "3600"))
# Behind nginx: the prefix of an `internal` location aliased to MEDIA_ROOT, e.g.
# "/protected-media/"; Django then checks the signature and nginx sends the file
# (X-Accel-Redirect). Empty: Django streams the file itself.
LINLI_MEDIA_ACCEL_REDIRECT = os.environ.get("LINLI_MEDIA_ACCEL_REDIRECT", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Without Redis, a cache on disk that every process of this machine shares (the web workers
# and the task worker): the routing index version, the holiday calendar and the login and
# pickup-code counters must be the same in all of them.
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("LINLI_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}

# How often a process re-reads the shared cache's version tags of its own copies of rarely
# changing data (routing index, holiday calendar): another process's change reaches it
# within this many seconds (core.memo.SharedVersion).
LINLI_SHARED_VERSION_SECONDS = float(os.environ.get("LINLI_SHARED_VERSION_SECONDS", "1"))
# Case intake commits concurrent reports together (core.groupcommit); off writes each alone.
LINLI_GROUP_COMMIT = os.environ.get("LINLI_GROUP_COMMIT", "1") != "0"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- linli ---------------------------------------------------------------
# The area levels of this deployment, top down: (level, digits of its code segment).
# The national pattern is 6-digit county + 3 subdistrict + 3 community + 3 grid. The levels
# below the community are the grid levels; the first of them is the grid level proper (cases,
# the grid API, division). A 户—队—片—区 deployment sets e.g.
# LINLI_AREA_LEVELS="district:6,subdistrict:3,community:3,zone:2,piece:2,team:2".
LINLI_AREA_LEVELS = parse_levels(
    os.environ.get("LINLI_AREA_LEVELS", "district:6,subdistrict:3,community:3,grid:3,microgrid:3")
)
# Map tiles: empty means no tile layer (offline); e.g. "https://tile.example/{z}/{x}/{y}.png".
LINLI_TILE_URL = os.environ.get("LINLI_TILE_URL", "")
LINLI_TILE_ATTRIBUTION = os.environ.get("LINLI_TILE_ATTRIBUTION", "")
# How notifications leave the app besides the in-app inbox: "console", or a dotted path.
LINLI_NOTIFY_CHANNEL = os.environ.get("LINLI_NOTIFY_CHANNEL", "console")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Points earned in year Y expire at the end of year Y + N (0: never).
LINLI_POINTS_EXPIRE_AFTER_YEARS = int(os.environ.get("LINLI_POINTS_EXPIRE_AFTER_YEARS", "1"))

# Volunteering: services an in-service party member owes their home community a year (双报到),
# the most hours one order can credit, and when micro-wishes count as unclaimed or stalled.
LINLI_IN_SERVICE_REQUIRED_SERVICES = int(os.environ.get("LINLI_IN_SERVICE_REQUIRED_SERVICES", "4"))
LINLI_ORDER_MAX_HOURS = int(os.environ.get("LINLI_ORDER_MAX_HOURS", "8"))
LINLI_WISH_UNCLAIMED_DAYS = int(os.environ.get("LINLI_WISH_UNCLAIMED_DAYS", "7"))
LINLI_WISH_STALLED_DAYS = int(os.environ.get("LINLI_WISH_STALLED_DAYS", "14"))

# Field work: each household of a grid is visited by its posted workers once a period of this
# many months (6: half-years; 1, 2, 3, 4 or 12 also divide the year); a visit recorded further
# than this many metres from the household's building is flagged; a party member or cadre is
# linked to at most this many households (党员联户).
LINLI_VISIT_PERIOD_MONTHS = int(os.environ.get("LINLI_VISIT_PERIOD_MONTHS", "6"))
LINLI_VISIT_FAR_METRES = int(os.environ.get("LINLI_VISIT_FAR_METRES", "300"))
# The 15-minute service circle (15分钟近邻服务圈, areas.nearby): a walk at this many metres a
# minute, circles of these minutes (the first is the smaller), and where no road is stored the
# straight line times this detour factor.
LINLI_WALK_METRES_PER_MINUTE = float(os.environ.get("LINLI_WALK_METRES_PER_MINUTE", "80"))
LINLI_CIRCLE_MINUTES = tuple(
    sorted(int(m) for m in os.environ.get("LINLI_CIRCLE_MINUTES", "10,15").split(",") if m.strip())
)
LINLI_WALK_DETOUR = float(os.environ.get("LINLI_WALK_DETOUR", "1.3"))
LINLI_HOUSEHOLD_LINK_LIMIT = int(os.environ.get("LINLI_HOUSEHOLD_LINK_LIMIT", "100"))
