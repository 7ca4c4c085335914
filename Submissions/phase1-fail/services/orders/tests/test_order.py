from src.domain.order import Order


def test_order_keeps_its_lines():
    order = Order("o-1", "c-1", [{"isbn": "978-0345342966", "qty": 1}])
    assert order.lines == [{"isbn": "978-0345342966", "qty": 1}]


def test_order_defaults_to_no_lines():
    assert Order("o-1", "c-1").lines == []


def test_save_persists_the_order():
    order = Order("o-1", "c-1")
    order.save()
