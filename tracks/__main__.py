"""Allow ``python -m tracks``."""

import sys

from tracks.cli import main

sys.exit(main())
