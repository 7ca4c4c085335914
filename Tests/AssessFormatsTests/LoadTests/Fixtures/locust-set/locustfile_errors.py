"""The same shop, with a link that 404s and a task whose own code breaks now and then."""
import random

from locust import HttpUser, between, task


class Shopper(HttpUser):
    wait_time = between(0.05, 0.1)

    @task(3)
    def catalogue(self):
        self.client.get("/catalogue.json")

    @task(1)
    def basket(self):
        self.client.get("/basket")

    @task(1)
    def parse_catalogue(self):
        body = self.client.get("/catalogue.json").json()
        if random.random() < 0.3:
            body["items"][5]
