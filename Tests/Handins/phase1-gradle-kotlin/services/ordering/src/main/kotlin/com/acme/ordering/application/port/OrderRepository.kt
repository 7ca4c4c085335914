package com.acme.ordering.application.port

import com.acme.ordering.domain.Order
import com.acme.ordering.domain.OrderId

interface OrderRepository {
    fun save(order: Order)
    fun find(id: OrderId): Order?
}
