"""Who may see and do what on the dashboard: the app's only place for its rules, each asking
the capability matrix (accounts.access) for a capability on an area."""

from __future__ import annotations
