#!/usr/bin/env python
"""Django's command-line utility for development; `xiaoneng` is the installed equivalent."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from xiaoneng.__main__ import main  # noqa: E402

if __name__ == "__main__":
    main()
