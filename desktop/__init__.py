"""The Qt desktop app: windows, widgets and item models (no SQL here)."""

from desktop import qtfix  # noqa: F401  (must run before any Qt painting; see qtfix)
