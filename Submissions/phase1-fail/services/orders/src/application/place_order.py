from ..domain.order import Order


def place_order(order_id, customer_id, lines):
    order = Order(order_id, customer_id, lines)
    order.save()
    return order
