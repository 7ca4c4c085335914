"""Starts the payments stand-in in the background and waits until /health answers."""
import os
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def start(port=8107):
    subprocess.Popen(
        [sys.executable, os.path.join(HERE, "payments_stub.py"), str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(50):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=0.5)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("payments did not start")


if __name__ == "__main__":
    start()
