"""The resilient HTTP client of the Day 24-25 lab: a per-attempt timeout, retries with
exponential backoff and full jitter on transient failures (5xx, timeouts, connection errors),
and a circuit breaker that fails fast after repeated failures and probes again when half-open.
"""

import random
import time

import requests

TRANSIENT = {502, 503, 504}


class CircuitOpen(Exception):
    pass


class CircuitBreaker:
    def __init__(self, failure_threshold=8, reset_after=0.5):
        self.failure_threshold = failure_threshold
        self.reset_after = reset_after
        self.failures = 0
        self.opened_at = None

    def allow(self):
        if self.opened_at is None:
            return True
        # Half-open: let one call through once the reset period is over.
        return time.monotonic() - self.opened_at >= self.reset_after

    def record(self, ok):
        if ok:
            self.failures, self.opened_at = 0, None
        else:
            self.failures += 1
            if self.failures >= self.failure_threshold:
                self.opened_at = time.monotonic()


class ResilientClient:
    def __init__(self, base_url, timeout=0.3, max_attempts=4, base_delay=0.02, max_delay=0.4, on_attempt=None):
        self.base_url = base_url
        self.session = requests.Session()
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.breaker = CircuitBreaker()
        self.on_attempt = on_attempt or (lambda **_: None)

    def get(self, path):
        last_error = None
        for attempt in range(self.max_attempts):
            if not self.breaker.allow():
                raise CircuitOpen(path)
            started = time.perf_counter()
            try:
                response = self.session.get(self.base_url + path, timeout=self.timeout)
                ok = response.status_code not in TRANSIENT
                error = None if ok else RuntimeError(f"HTTP {response.status_code}")
                length = len(response.content)
            except (requests.Timeout, requests.ConnectionError) as exc:
                ok, error, length = False, exc, 0
            self.on_attempt(elapsed=(time.perf_counter() - started) * 1000, ok=ok, error=error, length=length)
            self.breaker.record(ok)
            if ok:
                return response
            last_error = error
            # Exponential backoff with full jitter (AWS Architecture Blog, 2015).
            time.sleep(random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt)))
        raise last_error
