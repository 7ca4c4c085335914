package com.acme.ordering.adapters.persistence

import com.acme.ordering.application.port.OrderRepository
import com.acme.ordering.domain.Order
import com.acme.ordering.domain.OrderId
import jakarta.persistence.EntityManager
import org.springframework.stereotype.Repository

@Repository
class JpaOrderRepository(private val entities: EntityManager) : OrderRepository {
    override fun save(order: Order) {
        entities.merge(OrderRecord.from(order))
    }

    override fun find(id: OrderId): Order? = entities.find(OrderRecord::class.java, id.value)?.toDomain()
}
