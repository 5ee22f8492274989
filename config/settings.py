"""Settings for Jiceng, read from the environment.

Every value a deployment changes comes from an environment variable; the defaults
serve the development machine (local PostgreSQL and Redis) and apply only with
DJANGO_ENV=development. `scripts/engines.py` sets DATABASE_URL / REDIS_URL to embedded
engines when no server is available. Production: see README, "Deploying" and "Security".
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Fail closed: the development defaults (DEBUG, the public keys below) apply only when
# DJANGO_ENV=development is set explicitly (`make run` / `make test` set it). Any other value,
# or none, is production: the app refuses to start without real keys (config/keys.py).
DJANGO_ENV = os.environ.get("DJANGO_ENV", "").strip()
DEVELOPMENT = DJANGO_ENV == "development"
PRODUCTION = not DEVELOPMENT

# The public development values: never accepted outside development.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
_DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LWppY2VuZy0zMmJ5dGU="
_DEV_BLIND_INDEX_KEY = "ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LWppY2VuZy0="
if PRODUCTION:
    from config.keys import refuse_public_keys

    refuse_public_keys(os.environ, {
        "DJANGO_SECRET_KEY": _DEV_SECRET_KEY,
        "JICENG_FIELD_KEY": _DEV_FIELD_KEY,
        "JICENG_BLIND_INDEX_KEY": _DEV_BLIND_INDEX_KEY,
    })

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or _DEV_SECRET_KEY

DEBUG = env_bool("DJANGO_DEBUG", DEVELOPMENT)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "treebeard",
    "import_export",
    "axes",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "core",
    "audit",
    "accounts",
    "workcalendar",
    "organizations",
    "members",
    "development",
    "dues",
    "committees",
    "meetings",
    "assessments",
    "rectification",
    "reminders",
    "dashboards",
    "home",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # 等保: second factor, password expiry, session list (after auth and messages)
    "accounts.middleware.SecurityGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.RejectNulMiddleware",
    "audit.middleware.AuditContextMiddleware",
    # axes last, as its documentation asks
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.navigation",
                "reminders.context_processors.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- Database: PostgreSQL only (no SQLite code path) ---------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiceng"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# No JIT: the dashboards' aggregates cross PostgreSQL's JIT cost threshold at city scale,
# where compiling costs more (25–30 ms a statement) than it saves. JICENG_DB_JIT=on restores it.
if os.environ.get("JICENG_DB_JIT", "off") != "on":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (_options.get("options", "") + " -c jit=off").strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker, results, cache -------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# A unix socket (the embedded Redis) is spelled unix:///path?db=0 for redis-py (the cache)
# but redis+socket:///path?virtual_host=0 for Celery/kombu.
REDIS_URL_FOR_CELERY = (
    REDIS_URL.replace("unix://", "redis+socket://", 1).replace("?db=", "?virtual_host=", 1)
    if REDIS_URL.startswith("unix://")
    else REDIS_URL
)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "jiceng"),
    }
}

CELERY_BROKER_URL = REDIS_URL_FOR_CELERY
CELERY_RESULT_BACKEND = REDIS_URL_FOR_CELERY
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "jiceng")
CELERY_BEAT_SCHEDULE: dict = {
    "core-heartbeat": {"task": "core.tasks.heartbeat", "schedule": crontab(minute="*/5")},
    # Reminders are rows: the sweep finds what is due and enqueues delivery (reminders/services.py).
    "reminders-sweep": {"task": "reminders.tasks.sweep_reminders", "schedule": crontab(minute=7)},
}

# --- Accounts and security ----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
FAST_PASSWORD_HASHER_ON = env_bool("FAST_PASSWORD_HASHER", False) and not PRODUCTION
if FAST_PASSWORD_HASHER_ON:
    # Tests only: Argon2 on purpose costs ~50 ms a hash.
    PASSWORD_HASHERS.insert(0, "django.contrib.auth.hashers.MD5PasswordHasher")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# 等保三级 two-factor login (accounts/two_factor.py): roles for which a TOTP device is
# mandatory; the other roles may enrol on the account page. Superusers always need one.
JICENG_2FA_REQUIRED_ROLES = env_list("JICENG_2FA_REQUIRED_ROLES", "sysadmin,auditor,county_officer")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "基层党建")
OTP_TOTP_THROTTLE_FACTOR = int(os.environ.get("OTP_TOTP_THROTTLE_FACTOR", "1"))  # seconds, doubled per failure
# Wrong second-factor codes in one login before the half-logged-in session is ended.
JICENG_2FA_MAX_ATTEMPTS = int(os.environ.get("JICENG_2FA_MAX_ATTEMPTS", "5"))
# 等保三级 password policy (accounts/services/passwords.py): a password expires after this many days.
JICENG_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("JICENG_PASSWORD_MAX_AGE_DAYS", "180"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# 等保: lock out after 5 failures for 15 minutes
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Lock the (username, IP) pair: a stranger's failures lock only the stranger's address out,
# never the officer at his own desk. A password guesser still gets 5 tries per address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Reverse proxies whose X-Forwarded-For is believed (IPs or CIDRs, comma-separated; default none:
# the client is REMOTE_ADDR). Audit rows and axes read the client IP through the same function.
# A malformed entry stops the start-up here rather than every request later.
JICENG_TRUSTED_PROXIES = [str(ipaddress.ip_network(p, strict=False)) for p in env_list("JICENG_TRUSTED_PROXIES", "")]
AXES_CLIENT_IP_CALLABLE = "audit.context.client_ip"

# Session expires after 30 idle minutes: the expiry is renewed on every request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
PERMISSIONS_POLICY = os.environ.get(
    "JICENG_PERMISSIONS_POLICY", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
)
# Content-Security-Policy (django-csp 4): no inline scripts, styles or event handlers anywhere;
# every script and stylesheet is a static file of this site (vendored, never a CDN).
# ECharts and Bootstrap set styles through the CSSOM (element.style), which CSP allows.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# --- Personal data protection (members) ---------------------------------------------
# AES-GCM key for ID numbers and phones at rest, and the HMAC key of the blind index used
# for exact lookup and uniqueness. Both are 32 bytes, urlsafe-base64. The dev defaults
# (top of this file) are public, so production refuses to start without real keys.
JICENG_FIELD_KEY = os.environ.get("JICENG_FIELD_KEY", "") or _DEV_FIELD_KEY
JICENG_BLIND_INDEX_KEY = os.environ.get("JICENG_BLIND_INDEX_KEY", "") or _DEV_BLIND_INDEX_KEY
# Key rotation: earlier keys, comma-separated, newest first. Only read with (decryption,
# lookup by ID number) until `manage.py rotate_field_keys --verify` passes; never written with.
JICENG_FIELD_KEY_OLD = env_list("JICENG_FIELD_KEY_OLD", "")
JICENG_BLIND_INDEX_KEY_OLD = env_list("JICENG_BLIND_INDEX_KEY_OLD", "")
# *default* 3 months: validity of a transfer letter 介绍信 (varies by county).
JICENG_TRANSFER_LETTER_MONTHS = int(os.environ.get("JICENG_TRANSFER_LETTER_MONTHS", "3"))
# Remind the receiving side this many days before an unconfirmed letter expires.
JICENG_TRANSFER_REMIND_DAYS = int(os.environ.get("JICENG_TRANSFER_REMIND_DAYS", "7"))
# Imports with more data rows than this run as a Celery task with progress.
JICENG_IMPORT_ASYNC_ROWS = int(os.environ.get("JICENG_IMPORT_ASYNC_ROWS", "2000"))
CELERY_BEAT_SCHEDULE["members-expire-transfers"] = {
    "task": "members.tasks.expire_transfers", "schedule": crontab(minute=15, hour="*/1"),
}
# Uploaded roll files hold plaintext ID numbers: deleted once a job is imported or fails,
# and after this many hours when it is never confirmed (hourly beat task).
JICENG_IMPORT_FILE_HOURS = int(os.environ.get("JICENG_IMPORT_FILE_HOURS", "24"))
CELERY_BEAT_SCHEDULE["members-purge-import-files"] = {
    "task": "members.tasks.purge_import_files", "schedule": crontab(minute=25),
}

# --- Committees and terms (committees app) -------------------------------------------
# 党章(2022): village/community terms 5 years, other primary organizations 3–5 (*default* 3).
TERMS_VILLAGE_YEARS = int(os.environ.get("TERMS_VILLAGE_YEARS", "5"))
TERMS_OTHER_YEARS = int(os.environ.get("TERMS_OTHER_YEARS", "3"))
TERMS_MIN_YEARS = int(os.environ.get("TERMS_MIN_YEARS", "3"))
TERMS_MAX_YEARS = int(os.environ.get("TERMS_MAX_YEARS", "5"))
# A term is "expiring" this many months before it ends.
TERMS_EXPIRING_MONTHS = int(os.environ.get("TERMS_EXPIRING_MONTHS", "6"))
# An approved delay 延期换届 moves the due date by at most this many months.
TERMS_MAX_DELAY_MONTHS = int(os.environ.get("TERMS_MAX_DELAY_MONTHS", "12"))
# 按期换届提醒: months before the end of a term when the secretary and the township are reminded.
TERMS_REMINDER_LEAD_MONTHS = [int(m) for m in env_list("TERMS_REMINDER_LEAD_MONTHS", "6,3,1")]
# 支部工作条例: 7+ full members → a committee of 3–7; fewer than 3 → joint branch; over 50 → general branch.
TERMS_COMMITTEE_MIN_FULL_MEMBERS = int(os.environ.get("TERMS_COMMITTEE_MIN_FULL_MEMBERS", "7"))
TERMS_COMMITTEE_MIN_SIZE = int(os.environ.get("TERMS_COMMITTEE_MIN_SIZE", "3"))
TERMS_COMMITTEE_MAX_SIZE = int(os.environ.get("TERMS_COMMITTEE_MAX_SIZE", "7"))
TERMS_MIN_FULL_MEMBERS = int(os.environ.get("TERMS_MIN_FULL_MEMBERS", "3"))
TERMS_BRANCH_MAX_MEMBERS = int(os.environ.get("TERMS_BRANCH_MAX_MEMBERS", "50"))
# Seed 003: reserves per village/community secretary (1:2); yearly training of every secretary.
SECRETARY_RESERVES_PER_SECRETARY = int(os.environ.get("SECRETARY_RESERVES_PER_SECRETARY", "2"))
SECRETARY_TRAINING_MIN_DAYS = int(os.environ.get("SECRETARY_TRAINING_MIN_DAYS", "1"))
# --- Member development 发展党员: time limits, national defaults (counties may change) ---
# 《中国共产党发展党员工作细则》(2014); each limit in days/months as named.
JICENG_DEV_MIN_AGE = int(os.environ.get("JICENG_DEV_MIN_AGE", "18"))  # 第五条: 年满十八岁
JICENG_DEV_TALK_WITHIN_MONTHS = int(os.environ.get("JICENG_DEV_TALK_WITHIN_MONTHS", "1"))  # 第七条: 一个月内谈话
JICENG_DEV_ACTIVIST_MIN_MONTHS = int(os.environ.get("JICENG_DEV_ACTIVIST_MIN_MONTHS", "12"))  # 第十四条: 一年以上
JICENG_DEV_TRAINING_MIN_DAYS = int(os.environ.get("JICENG_DEV_TRAINING_MIN_DAYS", "3"))  # 第十八条: 不少于3天
JICENG_DEV_TRAINING_MIN_HOURS = int(os.environ.get("JICENG_DEV_TRAINING_MIN_HOURS", "24"))  # 或不少于24学时
JICENG_DEV_NOTICE_MIN_WORKDAYS = int(os.environ.get("JICENG_DEV_NOTICE_MIN_WORKDAYS", "5"))  # 第十九条: 5个工作日
JICENG_DEV_APPROVAL_MONTHS = int(os.environ.get("JICENG_DEV_APPROVAL_MONTHS", "3"))  # 第二十七条: 3个月内审批
JICENG_DEV_APPROVAL_MAX_MONTHS = int(os.environ.get("JICENG_DEV_APPROVAL_MAX_MONTHS", "6"))  # 特殊情况不超过6个月
JICENG_DEV_PROBATION_MONTHS = int(os.environ.get("JICENG_DEV_PROBATION_MONTHS", "12"))  # 章程第七条: 预备期一年
JICENG_DEV_EXTENSION_MIN_MONTHS = int(os.environ.get("JICENG_DEV_EXTENSION_MIN_MONTHS", "6"))  # 延长半年至一年
JICENG_DEV_EXTENSION_MAX_MONTHS = int(os.environ.get("JICENG_DEV_EXTENSION_MAX_MONTHS", "12"))
# Reminder lead times (days before a limit) for the branch secretary.
JICENG_DEV_REMIND_TALK_DAYS = int(os.environ.get("JICENG_DEV_REMIND_TALK_DAYS", "7"))
JICENG_DEV_REMIND_APPROVAL_DAYS = int(os.environ.get("JICENG_DEV_REMIND_APPROVAL_DAYS", "30"))
JICENG_DEV_REMIND_PROBATION_DAYS = int(os.environ.get("JICENG_DEV_REMIND_PROBATION_DAYS", "30"))  # 预备期满前30天
JICENG_DEV_REMIND_CANDIDATE_DAYS = int(os.environ.get("JICENG_DEV_REMIND_CANDIDATE_DAYS", "30"))

# --- Party dues 党费 (rates are data rows with an effective date: dues.DuesRate) ---------
# 章程第九条: 连续六个月不交纳党费 is regarded as giving up membership; warn one month before.
JICENG_DUES_ARREARS_WARN_MONTHS = int(os.environ.get("JICENG_DUES_ARREARS_WARN_MONTHS", "5"))
JICENG_DUES_ARREARS_LIMIT_MONTHS = int(os.environ.get("JICENG_DUES_ARREARS_LIMIT_MONTHS", "6"))
# How many months ahead of the current one a member may pay in advance.
JICENG_DUES_MAX_ADVANCE_MONTHS = int(os.environ.get("JICENG_DUES_MAX_ADVANCE_MONTHS", "12"))

# --- REST API -----------------------------------------------------------------------
# Personal API tokens (accounts.ApiToken): stored hashed, valid this many days from issue, and
# refused after this many days unused. A user holds at most JICENG_API_TOKEN_MAX_ACTIVE at once.
JICENG_API_TOKEN_DAYS = int(os.environ.get("JICENG_API_TOKEN_DAYS", "90"))
JICENG_API_TOKEN_IDLE_DAYS = int(os.environ.get("JICENG_API_TOKEN_IDLE_DAYS", "30"))
JICENG_API_TOKEN_MAX_ACTIVE = int(os.environ.get("JICENG_API_TOKEN_MAX_ACTIVE", "10"))
REST_FRAMEWORK = {
    # The token class first, so an anonymous API call is answered 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only in production; in development a browsable API that shows no forms (its forms
    # are pre-filled from write serializers, full personal data included: core.api)
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"] + (
        [] if PRODUCTION else ["core.api.FormlessBrowsableAPIRenderer"]),

    # Counted in the Redis cache (CACHES["default"]), so the limits hold across gunicorn workers.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("JICENG_API_RATE_USER", "600/min"),
        # POST /api/v1/auth/token/, per client IP (password guessing is also locked out by axes)
        "api_token": os.environ.get("JICENG_API_RATE_TOKEN", "10/min"),
    },
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "基层党建 Jiceng API",
    "DESCRIPTION": "组织树、账号与角色、审计等接口。所有接口按当前用户角色范围过滤。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the Swagger page describe every endpoint: for logged-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status" field with different choices: name each enum explicitly.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationStatusEnum": "organizations.rules.Status",
        "OrganizationFieldEnum": "organizations.rules.Field",
        "OrganizationKindEnum": "organizations.rules.Kind",
        "DevelopmentStepKindEnum": "development.rules.StepKind",
        "DuesBaseKindEnum": "dues.rules.BaseKind",
        "MemberStatusEnum": "members.choices.MemberStatus",
        "TransferStatusEnum": "members.choices.TransferStatus",
        "RectificationStatusEnum": "rectification.rules.RectStatus",
        "MeasureStatusEnum": "rectification.rules.MeasureStatus",
    },
}

# --- Internationalization -----------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: served locally by whitenoise, vendor assets from npm (never a CDN) --
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"  # nothing is stored or served there: every upload goes to the private storage below

# --- Stored files (core.files) ---------------------------------------------------------
# Evidence and uploaded rolls live here, outside any public root, under random names; they
# leave only through scoped, audited download views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
# Who sends the bytes of a download: "django" (streamed by the app), "nginx" (X-Accel-Redirect
# to JICENG_FILE_ACCEL_PREFIX, an `internal` location aliased to PRIVATE_MEDIA_ROOT) or
# "apache" (X-Sendfile with the file's path; mod_xsendfile).
JICENG_FILE_SERVING = os.environ.get("JICENG_FILE_SERVING", "django")
if JICENG_FILE_SERVING not in ("django", "nginx", "apache"):
    raise RuntimeError("JICENG_FILE_SERVING must be django, nginx or apache")
JICENG_FILE_ACCEL_PREFIX = os.environ.get("JICENG_FILE_ACCEL_PREFIX", "/protected-files/")
# Evidence uploads (assessments; meetings and rectification have their own limits): megabytes each.
JICENG_UPLOAD_MAX_MB = int(os.environ.get("JICENG_UPLOAD_MAX_MB", "10"))
# Import files (rolls, organizations, calendars) are bounded before and while they are read.
JICENG_IMPORT_MAX_MB = int(os.environ.get("JICENG_IMPORT_MAX_MB", "20"))  # the uploaded file
JICENG_IMPORT_MAX_UNZIPPED_MB = int(os.environ.get("JICENG_IMPORT_MAX_UNZIPPED_MB", "200"))  # all .xlsx members
JICENG_IMPORT_MAX_ZIP_RATIO = int(os.environ.get("JICENG_IMPORT_MAX_ZIP_RATIO", "200"))  # per member over 1 MB
JICENG_IMPORT_MAX_ROWS = int(os.environ.get("JICENG_IMPORT_MAX_ROWS", "100000"))  # rows of one file
JICENG_IMPORT_MAX_COLUMNS = int(os.environ.get("JICENG_IMPORT_MAX_COLUMNS", "200"))  # columns of one row

# Dashboard figures are cached until the next write of their data (core.dataversion); 0 turns it off.
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "900"))
# Reminder delivery channels, in order. Add an SMS provider by subclassing reminders.channels.SmsChannel.
REMINDER_CHANNELS = env_list(
    "REMINDER_CHANNELS",
    "reminders.channels.InAppChannel,reminders.channels.EmailChannel,reminders.channels.SmsChannel",
)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# --- Rectification of weak and lax organizations (软弱涣散基层党组织整顿) ------------------
# County-variable defaults, copied onto each yearly list where the county can change them.
RECTIFICATION_DEFAULT_POLICY = os.environ.get("RECTIFICATION_DEFAULT_POLICY", "dynamic")  # seed 003: 动态管理、不定比例
# seed 001: 村党组织不低于10%、社区和其他领域不低于5%
RECTIFICATION_QUOTA_VILLAGE_PCT = float(os.environ.get("RECTIFICATION_QUOTA_VILLAGE_PCT", "10"))
RECTIFICATION_QUOTA_COMMUNITY_PCT = float(os.environ.get("RECTIFICATION_QUOTA_COMMUNITY_PCT", "5"))
RECTIFICATION_QUOTA_OTHER_PCT = float(os.environ.get("RECTIFICATION_QUOTA_OTHER_PCT", "5"))
RECTIFICATION_REMIND_DAYS = int(os.environ.get("RECTIFICATION_REMIND_DAYS", "7"))  # remind before a deadline
RECTIFICATION_RECHECK_MONTHS = int(os.environ.get("RECTIFICATION_RECHECK_MONTHS", "6"))  # 回头看, months after 验收
RECTIFICATION_EVIDENCE_MAX_BYTES = int(os.environ.get("RECTIFICATION_EVIDENCE_MAX_MB", "10")) * 1024 * 1024
# Candidate sources drawn from the records (rectification/candidates.py), each *default*:
# a branch with 三会一课 gaps in this many months of the last RECTIFICATION_MEETING_GAP_WINDOW_MONTHS
RECTIFICATION_MEETING_GAP_MONTHS = int(os.environ.get("RECTIFICATION_MEETING_GAP_MONTHS", "3"))
RECTIFICATION_MEETING_GAP_WINDOW_MONTHS = int(os.environ.get("RECTIFICATION_MEETING_GAP_WINDOW_MONTHS", "12"))
# the secretary post vacant for more than this many months (seed 003: 书记空缺3个月以上)
RECTIFICATION_SECRETARY_VACANT_MONTHS = int(os.environ.get("RECTIFICATION_SECRETARY_VACANT_MONTHS", "3"))
# no new member admitted for this many years (seed 003: 长期不发展党员)
RECTIFICATION_NO_DEVELOPMENT_YEARS = int(os.environ.get("RECTIFICATION_NO_DEVELOPMENT_YEARS", "2"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "jiceng@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Organizational life (meetings) --------------------------------------------------
# Evidence uploads: images and PDF only, at most this many megabytes each.
JICENG_MEETINGS_MAX_UPLOAD_MB = int(os.environ.get("JICENG_MEETINGS_MAX_UPLOAD_MB", "10"))
# Remind the branch secretary this many days before a period ends with its requirement unmet.
JICENG_MEETINGS_REMIND_DAYS = {
    "month": int(os.environ.get("JICENG_MEETINGS_REMIND_DAYS_MONTH", "7")),
    "quarter": int(os.environ.get("JICENG_MEETINGS_REMIND_DAYS_QUARTER", "15")),
    "year": int(os.environ.get("JICENG_MEETINGS_REMIND_DAYS_YEAR", "30")),
}
# Consecutive ended periods with a gap before the county is told.
JICENG_MEETINGS_ESCALATE_AFTER = int(os.environ.get("JICENG_MEETINGS_ESCALATE_AFTER", "2"))
# 党章第九条: 6 consecutive months without organizational life; warn one month earlier.
JICENG_ORG_LIFE_FLAG_MONTHS = int(os.environ.get("JICENG_ORG_LIFE_FLAG_MONTHS", "6"))
JICENG_ORG_LIFE_WARN_MONTHS = int(os.environ.get("JICENG_ORG_LIFE_WARN_MONTHS", "5"))
# 党员领导干部双重组织生活: attendances a year in their own branch.
JICENG_LEADER_DUAL_LIFE_MIN = int(os.environ.get("JICENG_LEADER_DUAL_LIFE_MIN", "2"))
