"""The fault: kill the payments process (as a pod is killed). With --restart, a new one is
started at once, as the Deployment's ReplicaSet would; without it, nothing brings it back."""
import os
import signal
import sys
import time

from start_payments import HERE, start

with open(os.path.join(HERE, "payments.pid")) as f:
    os.kill(int(f.read()), signal.SIGKILL)
time.sleep(0.2)
if "--restart" in sys.argv:
    start()
