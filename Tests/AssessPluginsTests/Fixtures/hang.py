#!/usr/bin/env python3
# A plugin that never answers, and starts a child that would outlive it: both must be killed.
# It tells the child's pid on stderr so the test can check that very process.
import subprocess, sys, time
child = subprocess.Popen(["sleep", "300"])
sys.stderr.write(f"child {child.pid}\n")
sys.stderr.flush()
time.sleep(300)
