#!/usr/bin/env python3
# A plugin that writes 100 MB to stdout.
import sys
chunk = "x" * (1 << 20)
for _ in range(100):
    sys.stdout.write(chunk)
