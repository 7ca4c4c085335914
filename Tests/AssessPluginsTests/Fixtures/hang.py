#!/usr/bin/env python3
# A plugin that never answers, and starts a child that would outlive it: both must be killed.
import subprocess, time
subprocess.Popen(["sleep", "300"])
time.sleep(300)
