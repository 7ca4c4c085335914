package com.acme.ordering.domain

import java.math.BigDecimal

data class Money(val amount: BigDecimal, val currency: String) {
    operator fun plus(other: Money): Money {
        require(currency == other.currency) { "cannot add $currency and ${other.currency}" }
        return Money(amount + other.amount, currency)
    }

    operator fun times(quantity: Int) = Money(amount * BigDecimal(quantity), currency)
}
