import pytest

from src.application.place_order import place_order


def test_place_order_returns_the_order():
    order = place_order("o-2", "c-1", [{"isbn": "978-0345342966", "qty": 1}])
    assert order.id == "o-2"


def test_place_order_rejects_an_empty_basket():
    with pytest.raises(ValueError):
        place_order("o-3", "c-1", [])
