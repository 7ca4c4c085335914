#!/usr/bin/env python3
# A plugin that fails: exit status 1 with a message on stderr.
import sys
sys.stderr.write("KeyError: 'inputs'\n")
sys.exit(1)
