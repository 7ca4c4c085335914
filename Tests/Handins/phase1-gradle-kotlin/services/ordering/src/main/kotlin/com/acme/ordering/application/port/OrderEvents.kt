package com.acme.ordering.application.port

import com.acme.ordering.domain.Order

interface OrderEvents {
    fun placed(order: Order)
}
