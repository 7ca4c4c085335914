import pytest

from src.domain.model import Resource, ResourceId


def test_an_id_needs_characters():
    with pytest.raises(ValueError):
        ResourceId("")


def test_an_id_has_at_most_64_characters():
    with pytest.raises(ValueError):
        ResourceId("x" * 65)


def test_renaming_bumps_the_version():
    assert Resource(ResourceId("r-1"), "old").rename("new").version == 2


def test_a_blank_name_is_refused():
    with pytest.raises(ValueError):
        Resource(ResourceId("r-1"), "old").rename("  ")
