package com.acme.ordering.application

import com.acme.ordering.adapters.messaging.KafkaOrderEvents
import com.acme.ordering.application.port.OrderEvents
import com.acme.ordering.application.port.OrderRepository
import com.acme.ordering.domain.Money
import com.acme.ordering.domain.Order
import com.acme.ordering.domain.OrderId
import com.acme.ordering.domain.OrderLine
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.math.BigDecimal

class PlaceOrderTest {
    private val saved = mutableListOf<Order>()
    private val repository = object : OrderRepository {
        override fun save(order: Order) { saved += order }
        override fun find(id: OrderId) = saved.firstOrNull { it.id == id }
    }
    private val events = object : OrderEvents {
        override fun placed(order: Order) {}
    }

    @Test
    fun `placing an order saves it`() {
        PlaceOrder(repository, events).handle(listOf(OrderLine("9780134494166", 1, Money(BigDecimal("39.99"), "EUR"))))
        assertEquals(1, saved.size)
        println(KafkaOrderEvents::class.simpleName)
    }
}
