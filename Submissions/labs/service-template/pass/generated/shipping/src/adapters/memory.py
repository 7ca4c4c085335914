"""An in-memory repository: the default adapter until the service picks its database."""
from ..application.ports import ResourceRepository
from ..domain.model import Resource, ResourceId


class InMemoryResources(ResourceRepository):
    def __init__(self):
        self.items = {}

    def get(self, id: ResourceId):
        return self.items.get(id.value)

    def save(self, resource: Resource) -> None:
        self.items[resource.id.value] = resource
