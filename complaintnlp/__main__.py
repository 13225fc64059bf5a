"""``python -m complaintnlp`` = the ``complaintnlp`` command."""

import sys

from .cli import main

sys.exit(main())
