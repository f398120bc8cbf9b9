"""The Qt desktop app: windows, widgets and item models (no SQL here)."""
