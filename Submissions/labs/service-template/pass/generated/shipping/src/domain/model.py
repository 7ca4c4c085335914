"""The Shipping domain: plain Python, no framework, no I/O."""
from dataclasses import dataclass


@dataclass(frozen=True)
class ResourceId:
    value: str

    def __post_init__(self):
        if not self.value or len(self.value) > 64:
            raise ValueError("an id is 1 to 64 characters")


@dataclass
class Resource:
    id: ResourceId
    name: str
    version: int = 1

    def rename(self, name: str) -> "Resource":
        if not name.strip():
            raise ValueError("a name cannot be blank")
        return Resource(self.id, name, self.version + 1)
