"""Browse a small shop served by `python3 -m http.server` on loopback."""
from locust import HttpUser, between, task


class Shopper(HttpUser):
    wait_time = between(0.05, 0.1)

    @task(3)
    def catalogue(self):
        self.client.get("/catalogue.json")

    @task(1)
    def home(self):
        self.client.get("/")
