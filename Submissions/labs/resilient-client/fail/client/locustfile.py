"""Calls the orders stub with a plain requests session: one attempt, a 2 s timeout, no retry
and no circuit breaker. Every injected fault reaches the caller.
"""

import random

from locust import HttpUser, between, task


class Shopper(HttpUser):
    wait_time = between(0.01, 0.05)

    @task
    def get_order(self):
        self.client.get(f"/v1/orders/o-{random.randint(1, 5000)}", name="GET /v1/orders/:id", timeout=2)
