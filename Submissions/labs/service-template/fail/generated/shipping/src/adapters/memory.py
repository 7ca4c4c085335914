"""An in-memory repository: the default adapter until the service picks its database."""
from ..application.ports import ResourceRepository


class InMemoryResources(ResourceRepository):
    def __init__(self):
        self.items = {}

    def get(self, id):
        return self.items.get(id.value)

    def save(self, resource) -> None:
        self.items[resource.id.value] = resource
