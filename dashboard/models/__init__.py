"""The dashboard's own data: each part's models module is imported here."""

from dashboard.bulletins.models import Bulletin, BulletinStatus, TypicalCase  # noqa: F401
