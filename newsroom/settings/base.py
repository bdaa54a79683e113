"""Settings shared by every environment.

Secrets and connections come from the environment only; `dev`, `test` and
`prod` adjust what differs.
"""

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "reversion",
    # django-axes, named in Chinese in the admin (newsroom.ops.login_guard).
    "newsroom.ops.login_guard.AxesConfig",
    "articles",
    "newsroom.search",
    "newsroom.planning",
    "newsroom.ops",
    # django-ninja as an app so its docs page serves the bundled Swagger UI, never a CDN.
    "ninja",
    "newsroom.api",
    "newsroom.epaper",
    "newsroom.desk",
]

MIDDLEWARE = [
    # First, so every request is logged with its full duration, redirects included.
    "newsroom.ops.middleware.RequestLogMiddleware",
    "newsroom.ops.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Early, so a hit skips the rest; headers the middleware below add are
    # stored with the page (the constant CSP header too: a hit need not
    # rebuild it), those above are added to every hit.
    "newsroom.ops.middleware.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    # Below the page cache, so a cached page keeps the keys of what it shows.
    "newsroom.ops.edge.SurrogateKeyMiddleware",
    # Anonymous reads from DATABASE_REPLICA_URL's replica, when there is one.
    "newsroom.ops.replica.ReplicaReadsMiddleware",
    # Below the page cache (a hit reads nothing): one change-log read per
    # request for every part reused across pages (articles.reuse).
    "articles.reuse.ReuseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's base.html, error pages and the admin overrides that must
        # shadow django.contrib.admin's; every app keeps its own templates/.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.publication",
            ],
        },
    },
]

# SQLite under var/ by default; DATABASE_URL (postgres://…) switches engines.
# var/ is git-ignored and made here so a fresh clone's manage.py just works.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'newsroom.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"



def _env_seconds(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        seconds = float(value) if value else default
    except ValueError:
        seconds = -1
    if seconds < 0:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number of seconds.")
    return seconds


def replica_databases(**options) -> dict:
    """The `replica` alias when DATABASE_REPLICA_URL names a streaming
    replica of `default` (newsroom.ops.replica routes anonymous reads to it)."""
    url = os.environ.get("DATABASE_REPLICA_URL", "").strip()
    if not url:
        return {}
    # Tests create no database of their own for it: it mirrors `default`.
    return {"replica": {**dj_database_url.parse(url, **options), "TEST": {"MIRROR": "default"}}}


DATABASES.update(replica_databases(conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0"))))
DATABASE_ROUTERS = ["newsroom.ops.replica.ReplicaRouter"] if "replica" in DATABASES else []
# A browser that sent anything but GET/HEAD reads from the primary for this
# long (its own writes, before the replica has them), marked by this cookie.
NEWSROOM_READ_YOUR_WRITES_COOKIE = "newsroom_primary"
NEWSROOM_READ_YOUR_WRITES_SECONDS = 30

# A shared Redis cache when REDIS_URL is set (several app servers must agree);
# a per-process memory cache otherwise. The cache only speeds pages up: an
# unreachable or hung Redis is a miss within the timeouts below, and is then
# left alone for CACHE_CIRCUIT_BREAKER_SECONDS (see newsroom/ops/cache.py).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "newsroom.ops.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                # Per attempt; redis-py retries nothing unless told to.
                "socket_connect_timeout": _env_seconds("CACHE_CONNECT_TIMEOUT", 0.1),
                "socket_timeout": _env_seconds("CACHE_SOCKET_TIMEOUT", 0.1),
                "CIRCUIT_BREAKER_SECONDS": _env_seconds("CACHE_CIRCUIT_BREAKER_SECONDS", 5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# django-axes first: it refuses a locked-out login before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a username from one address out for an hour after 5 failed logins:
# failures from one address never lock the account out for another.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries during a lock-out do not restart the hour.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The address is the client's as the trusted proxies report it (newsroom/ops/proxies.py).
AXES_CLIENT_IP_CALLABLE = "newsroom.ops.proxies.client_ip"
# How many reverse proxies (load balancer, CDN) stand in front of the app
# servers and append to X-Forwarded-For; 0 reads REMOTE_ADDR only. prod.py
# reads it from TRUSTED_PROXY_COUNT.
NEWSROOM_TRUSTED_PROXY_COUNT = 0
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# The project's zh_Hans catalog (compiled by `make install`): read before the
# apps' own, so it also translates third-party strings (newsroom/ops/thirdparty_strings.py).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# The project's own static files (site.css, favicon); apps keep theirs in <app>/static/.
STATICFILES_DIRS = [BASE_DIR / "newsroom" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Files only some readers may fetch (page scans and PDFs, see articles.files):
# outside MEDIA_ROOT, so no web server serves them by path.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
# How views hand such a file over once the policy allowed it: "" streams it
# from Django; "x-accel-redirect" (nginx) or "x-sendfile" (Apache, lighttpd)
# let the web server send it.
NEWSROOM_PRIVATE_MEDIA_SENDFILE = os.environ.get("PRIVATE_MEDIA_SENDFILE", "").strip().lower()
# The nginx `internal` location whose alias is PRIVATE_MEDIA_ROOT (x-accel-redirect).
NEWSROOM_PRIVATE_MEDIA_INTERNAL_URL = os.environ.get("PRIVATE_MEDIA_INTERNAL_URL", "/_private/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "articles.files.PrivateStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
}

# Where `import_seeds` looks when given no path.
SEEDS_DIR = BASE_DIR / "seeds"
# An import still marked running with no progress for this long has died
# (a file takes seconds at most): it is shown as interrupted.
NEWSROOM_IMPORT_STALE_SECONDS = 300
# Draw each changed article's share card (~60 ms) after its change commits
# (articles.services.share_cards); `make_share_cards` draws them regardless.
NEWSROOM_SHARE_CARDS = True
# Reuse the parts many pages share (masthead and footer, an issue's
# navigation) until the change log has a new entry or a scheduled article or
# edition goes public (articles.reuse): one indexed query per page instead.
NEWSROOM_REUSE_READS = True

# Editors upload photos and scans; a decompression bomb must be refused
# before Pillow decodes it.
NEWSROOM_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
NEWSROOM_MAX_IMAGE_PIXELS = 60_000_000
# Widths of the renditions made for every photo (srcset).
NEWSROOM_RENDITION_WIDTHS = (480, 960, 1600)
# Seconds browsers may keep a public photo file; shared caches keep it for
# NEWSROOM_SHARED_MAX_AGE when set (purged when its article changes). Short,
# so a withdrawn article's photos leave readers' caches soon too.
NEWSROOM_PHOTO_BROWSER_MAX_AGE = 3600
# Seconds a signed photo address (WeChat copy of an unpublished article) opens
# the file to anyone: long enough to paste the copy, short enough to expire.
NEWSROOM_PHOTO_LINK_MAX_AGE = 6 * 3600
# Origins whose pages may GET the read API and the JSON feed from a browser:
# "https://app.example.com", or "*" for any; space-separated in the environment.
NEWSROOM_API_CORS_ORIGINS = os.environ.get("NEWSROOM_API_CORS_ORIGINS", "").split()
# Widths of a page scan's renditions; the widest is also the PDF render width,
# sharp enough to zoom into a broadsheet page's body text on a phone.
NEWSROOM_SCAN_WIDTHS = (640, 1280, 2400)
# The paper's domain in the stable ids of ninjs and NewsML-G2 (urn:newsml:<this>:…);
# set it once and keep it: partners key their copies by these ids. ".invalid" marks it unset.
NEWSROOM_PROVIDER_ID = os.environ.get("NEWSROOM_PROVIDER_ID", "newsroom.invalid")
# Hosts (host or host:port) that `import_ninjs` and the admin's ninjs upload may fetch photos
# from; any other URL is refused (no fetching on a document's say-so). Space-separated.
NEWSROOM_NINJS_IMAGE_HOSTS = os.environ.get("NEWSROOM_NINJS_IMAGE_HOSTS", "").split()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Operations and security (newsroom.ops); prod.py tightens what needs HTTPS.
# The admin's address: a non-obvious one keeps scanners off the login page.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# Content-Security-Policy (django-csp 4): no inline scripts or styles anywhere,
# the admin included; pages load only their own static files and media.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *os.environ.get("CSP_MEDIA_ORIGINS", "").split()],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Sessions in the database, never in the cache: a Redis outage logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# The shared page cache for anonymous readers (newsroom.ops): seconds a page
# may be kept (0 turns it off; prod.py turns it on), seconds browsers and
# CDNs may reuse it without asking, and the URL namespaces it covers (what
# invalidates it comes from the change log: articles/changes.py).
NEWSROOM_PAGE_CACHE_TIMEOUT = 0
NEWSROOM_PAGE_BROWSER_MAX_AGE = 60
NEWSROOM_PAGE_CACHE_NAMESPACES = ("articles", "search", "epaper")
# Bytes of pages each process keeps of those it served last, so a hit asks
# Redis only whether they are current, not for the page (0 keeps none).
# Per worker process: gunicorn's workers × this is the memory it may take.
NEWSROOM_PAGE_CACHE_LOCAL_BYTES = 32 * 1024 * 1024
# The query parameters each page of those namespaces reads, by URL name;
# the page cache keys on these alone and the view sees no others, so
# `/?x=1`, `/?x=2`, … are one render and one entry. Not listed: reads none.
NEWSROOM_PAGE_CACHE_QUERY_PARAMETERS = {
    "search:search": ("q", "date_from", "date_to", "section", "person", "page"),
    "articles:section": ("page",),
    "articles:person": ("page",),
    "articles:tag": ("page",),
    # Django's sitemap view pages long sitemaps with `p`.
    "articles:sitemap_section": ("p",),
    # The text layout of a page that has a scan (newsroom.epaper reads it).
    "articles:page": ("layout",),
    # A signed photo address (articles.files); answered privately, never stored.
    "articles:photo_file": ("token",),
}

# The HTTP cache tier in front (newsroom.ops.edge and .purge, deploy/varnish/).
# Headers that carry a response's surrogate keys: `xkey` for Varnish's xkey
# vmod, `Surrogate-Key` for Fastly-style CDNs.
NEWSROOM_SURROGATE_KEY_HEADERS = ("xkey", "Surrogate-Key")
# Bytes of keys per header. Varnish refuses a response header line over
# http_resp_hdr_len (8 KiB by default), Fastly and Cloudflare a key header
# over 16 KiB; past this, a kind's keys collapse into `kind:all`.
NEWSROOM_SURROGATE_KEYS_MAX_BYTES = 6000
# Seconds a shared cache may keep a public page (s-maxage; 0 sends none).
# Only safe with purging configured below: NEWSROOM_PAGE_BROWSER_MAX_AGE
# still bounds browsers, which no purge reaches.
NEWSROOM_SHARED_MAX_AGE = int(os.environ.get("SHARED_CACHE_SECONDS", "0"))
# Where changes are purged: each a dotted path of a purger class and its
# options (see newsroom.ops.purge). VARNISH_PURGE_URLS lists the Varnish
# servers (space-separated http://host:port), EDGE_PURGERS adds any others
# as a JSON list of {"BACKEND": …, "OPTIONS": {…}}.
NEWSROOM_EDGE_PURGERS = [
    *(
        [{"BACKEND": "newsroom.ops.purge.VarnishPurger", "OPTIONS": {"urls": os.environ["VARNISH_PURGE_URLS"].split()}}]
        if os.environ.get("VARNISH_PURGE_URLS", "").strip()
        else []
    ),
    *json.loads(os.environ.get("EDGE_PURGERS", "") or "[]"),
]

# The largest request body accepted at all (413 above it): a whole batch of
# page files or one page scan fits; a runaway upload does not reach a view.
NEWSROOM_MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", 64 * 1024 * 1024))

LOGGING["formatters"] = {"json": {"()": "newsroom.ops.logging.JsonLineFormatter"}}
LOGGING["handlers"]["json"] = {"class": "logging.StreamHandler", "formatter": "json"}
LOGGING["loggers"] = {"newsroom.requests": {"handlers": ["json"], "level": "INFO", "propagate": False}}

# Where a login without a (safe) `next` lands: the admin, the only place editors log in.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# 字数 by the house rule (articles.text.count_characters): whether punctuation
# and digits count (one each) and whether a Latin word counts as one character
# or one per letter; Han characters always count, whitespace and markup never.
NEWSROOM_COUNT_RULE = {"punctuation": True, "digits": True, "latin_words_as_one": True}

# --- The editor's desk on the article form (newsroom.desk).
# Print fit per section name (else "default"): column width, one character's
# width and one line's height of the body type, in centimetres (5-point 宋体
# ≈ 0.37 cm a character and 0.52 cm a line in a 4.8 cm column: 12 a line).
NEWSROOM_DESK_COLUMNS = {
    "default": {"width_cm": 4.8, "char_cm": 0.37, "line_cm": 0.52},
    "头版": {"width_cm": 5.6, "char_cm": 0.37, "line_cm": 0.52},
}
# Seconds between autosaves of an open form, between presence heartbeats, and
# after which a silent editor no longer counts as present (three missed beats).
NEWSROOM_DESK_AUTOSAVE_SECONDS = 5
NEWSROOM_DESK_HEARTBEAT_SECONDS = 15
NEWSROOM_DESK_PRESENCE_SECONDS = 45
# Days an autosave is kept: `manage.py prune_desk` deletes older ones (and
# presence rows past NEWSROOM_DESK_PRESENCE_SECONDS); an editor who has not
# come back to a form in that time has moved on.
NEWSROOM_DESK_AUTOSAVE_KEEP_DAYS = 14
# The longest text field an autosave or heartbeat accepts (the body included).
NEWSROOM_DESK_MAX_FIELD_CHARS = 200_000
