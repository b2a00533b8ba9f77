"""Where a till keeps its data when nobody says: ``$CORNER_DATA_DIR``, else the platform's user
data directory (platformdirs). The CLI and the window both start from here."""

from __future__ import annotations

import os
from pathlib import Path


def default_data_dir() -> Path:
    env = os.environ.get("CORNER_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("corner", "Corner"))
