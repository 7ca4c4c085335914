package com.acme.ordering.domain

data class OrderLine(val isbn: String, val quantity: Int, val unitPrice: Money) {
    val total: Money get() = unitPrice * quantity
}

class Order private constructor(val id: OrderId, val lines: List<OrderLine>, status: Status) {
    enum class Status { PLACED, CANCELLED }

    var status: Status = status
        private set

    val total: Money get() = lines.map { it.total }.reduce(Money::plus)

    fun cancel() {
        check(status == Status.PLACED) { "order $id is already $status" }
        status = Status.CANCELLED
    }

    companion object {
        fun place(lines: List<OrderLine>): Order {
            require(lines.isNotEmpty()) { "an order needs at least one line" }
            return Order(OrderId.next(), lines, Status.PLACED)
        }
    }
}
