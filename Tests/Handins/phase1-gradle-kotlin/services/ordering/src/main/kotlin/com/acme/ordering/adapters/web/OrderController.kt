package com.acme.ordering.adapters.web

import com.acme.ordering.application.PlaceOrder
import com.acme.ordering.domain.Money
import com.acme.ordering.domain.OrderLine
import org.springframework.http.HttpStatus
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestBody
import org.springframework.web.bind.annotation.RequestMapping
import org.springframework.web.bind.annotation.ResponseStatus
import org.springframework.web.bind.annotation.RestController
import java.math.BigDecimal

data class LineRequest(val isbn: String, val quantity: Int, val unitPrice: BigDecimal, val currency: String)

@RestController
@RequestMapping("/v1/orders")
class OrderController(private val placeOrder: PlaceOrder) {
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    fun place(@RequestBody lines: List<LineRequest>): Map<String, String> {
        val order = placeOrder.handle(lines.map { OrderLine(it.isbn, it.quantity, Money(it.unitPrice, it.currency)) })
        return mapOf("id" to order.id.value.toString())
    }
}
