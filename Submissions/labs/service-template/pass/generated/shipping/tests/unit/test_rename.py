import pytest

from src.adapters.memory import InMemoryResources
from src.application.rename import RenameResource
from src.domain.model import Resource, ResourceId


def test_rename_saves_the_new_version():
    repository = InMemoryResources()
    repository.save(Resource(ResourceId("r-1"), "old"))
    assert RenameResource(repository)("r-1", "new").name == "new"
    assert repository.get(ResourceId("r-1")).version == 2


def test_rename_of_an_unknown_resource_fails():
    with pytest.raises(LookupError):
        RenameResource(InMemoryResources())("r-404", "new")
