package com.acme.ordering.domain

import java.util.UUID

@JvmInline
value class OrderId(val value: UUID) {
    companion object {
        fun next() = OrderId(UUID.randomUUID())
    }
}
