"""Where bundled defaults (taxonomy, brand voice, playbooks) live, installed or editable."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_path(*parts: str) -> Path:
    """Path of a bundled resource: inside the wheel (`mops/_bundled/`) or the source checkout."""
    installed = _PACKAGE_DIR / "_bundled" / Path(*parts)
    if installed.exists():
        return installed
    return _PACKAGE_DIR.parent / Path(*parts)
