"""Allow ``python -m peptide_desk``."""

from peptide_desk.cli import main

raise SystemExit(main())
