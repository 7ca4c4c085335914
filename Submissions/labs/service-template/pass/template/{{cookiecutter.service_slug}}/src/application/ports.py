"""Driven ports: what the application needs from the outside world."""
from typing import Optional, Protocol

from ..domain.model import Resource, ResourceId


class ResourceRepository(Protocol):
    def get(self, id: ResourceId) -> Optional[Resource]: ...
    def save(self, resource: Resource) -> None: ...
