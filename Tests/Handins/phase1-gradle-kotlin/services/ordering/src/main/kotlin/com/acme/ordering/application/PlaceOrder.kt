package com.acme.ordering.application

import com.acme.ordering.application.port.OrderEvents
import com.acme.ordering.application.port.OrderRepository
import com.acme.ordering.domain.Order
import com.acme.ordering.domain.OrderLine

class PlaceOrder(private val orders: OrderRepository, private val events: OrderEvents) {
    fun handle(lines: List<OrderLine>): Order {
        val order = Order.place(lines)
        orders.save(order)
        events.placed(order)
        return order
    }
}
