"""Drives the resilient client against the fault-injecting stub. Every logical call is reported
as 'GET /v1/orders/:id'; every attempt underneath it as 'attempt GET /v1/orders/:id', so the
stats show both the injected faults and how many of them the client absorbed.
"""

import random
import time

from locust import User, between, task

from resilient_client import ResilientClient


class Shopper(User):
    wait_time = between(0.01, 0.05)

    def on_start(self):
        def attempt(elapsed, ok, error, length):
            self.environment.events.request.fire(
                request_type="GET", name="attempt GET /v1/orders/:id", response_time=elapsed,
                response_length=length, exception=None if ok else error, context={})
        self.client = ResilientClient(self.host, on_attempt=attempt)

    @task
    def get_order(self):
        started = time.perf_counter()
        error, length = None, 0
        try:
            length = len(self.client.get(f"/v1/orders/o-{random.randint(1, 5000)}").content)
        except Exception as exc:  # a call the client could not save
            error = exc
        self.environment.events.request.fire(
            request_type="GET", name="GET /v1/orders/:id", response_time=(time.perf_counter() - started) * 1000,
            response_length=length, exception=error, context={})
