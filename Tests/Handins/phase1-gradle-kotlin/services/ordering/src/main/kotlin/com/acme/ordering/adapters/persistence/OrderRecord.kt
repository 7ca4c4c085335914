package com.acme.ordering.adapters.persistence

import com.acme.ordering.domain.Order
import jakarta.persistence.Entity
import jakarta.persistence.Id
import java.util.UUID

@Entity
class OrderRecord(@Id val id: UUID = UUID.randomUUID(), val status: String = "PLACED") {
    fun toDomain(): Order? = null

    companion object {
        fun from(order: Order) = OrderRecord(order.id.value, order.status.name)
    }
}
