"""The fault: add this many milliseconds to every payments response (0 removes it)."""
import os
import sys

from start_payments import HERE

with open(os.path.join(HERE, "delay_ms"), "w") as f:
    f.write(sys.argv[1] if len(sys.argv) > 1 else "0")
