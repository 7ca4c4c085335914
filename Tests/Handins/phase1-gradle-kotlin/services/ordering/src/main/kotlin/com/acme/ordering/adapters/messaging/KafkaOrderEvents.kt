package com.acme.ordering.adapters.messaging

import com.acme.ordering.application.port.OrderEvents
import com.acme.ordering.domain.Order
import org.springframework.kafka.core.KafkaTemplate

class KafkaOrderEvents(private val kafka: KafkaTemplate<String, String>) : OrderEvents {
    override fun placed(order: Order) {
        kafka.send("ordering.order-placed", order.id.value.toString(), order.total.amount.toPlainString())
    }
}
