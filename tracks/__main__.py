"""Allow ``python -m tracks``."""

import sys

from tracks.entry import main

sys.exit(main())
