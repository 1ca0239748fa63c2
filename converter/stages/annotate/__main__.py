"""`python -m converter.stages.annotate FILE...`: see script.py."""
import sys

from converter.stages.annotate.script import main

sys.exit(main())
