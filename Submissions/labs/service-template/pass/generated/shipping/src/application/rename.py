"""Driving port: the use case the HTTP adapter calls."""
from ..domain.model import ResourceId
from .ports import ResourceRepository


class RenameResource:
    def __init__(self, repository: ResourceRepository):
        self.repository = repository

    def __call__(self, id: str, name: str):
        resource = self.repository.get(ResourceId(id))
        if resource is None:
            raise LookupError(id)
        renamed = resource.rename(name)
        self.repository.save(renamed)
        return renamed
