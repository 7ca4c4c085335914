import sys, os
payloads = {
 "OrderPlaced": {"orderId": "string", "customerId": "string", "total": "number", "placedAt": "date-time"},
 "OrderCancelled": {"orderId": "string", "reason": "string", "cancelledAt": "date-time"},
 "PaymentAuthorized": {"orderId": "string", "paymentId": "string", "amount": "number", "authorizedAt": "date-time"},
 "PaymentFailed": {"orderId": "string", "paymentId": "string", "reason": "string", "failedAt": "date-time"},
 "InventoryReserved": {"orderId": "string", "reservationId": "string", "reservedAt": "date-time"},
 "InventoryReleased": {"orderId": "string", "reservationId": "string", "releasedAt": "date-time"},
 "OrderShipped": {"orderId": "string", "shipmentId": "string", "carrier": "string", "shippedAt": "date-time"},
}
topic = {"OrderPlaced": "orders.v1.order-placed", "OrderCancelled": "orders.v1.order-cancelled",
 "PaymentAuthorized": "payments.v1.payment-authorized", "PaymentFailed": "payments.v1.payment-failed",
 "InventoryReserved": "inventory.v1.inventory-reserved", "InventoryReleased": "inventory.v1.inventory-released",
 "OrderShipped": "shipping.v1.order-shipped"}
def lc(n): return n[0].lower()+n[1:]
def doc(title, desc, send, receive, versioned=True, omit_payload=()):
    out = ["asyncapi: 3.0.0", "info:", f"  title: {title}", "  version: 1.0.0", f"  description: {desc}",
           "defaultContentType: application/json", "servers:", "  production:", "    host: kafka.shop.svc:9092", "    protocol: kafka", "channels:"]
    events = send + receive
    for e in events:
        addr = topic[e] if versioned else topic[e].replace(".v1", "")
        out += [f"  {lc(e)}:", f"    address: {addr}", "    messages:", f"      {lc(e)}: {{ $ref: '#/components/messages/{e}' }}"]
    out.append("operations:")
    for e in send:
        out += [f"  publish{e}:", "    action: send", f"    channel: {{ $ref: '#/channels/{lc(e)}' }}"]
    for e in receive:
        out += [f"  on{e}:", "    action: receive", f"    channel: {{ $ref: '#/channels/{lc(e)}' }}"]
    out += ["components:", "  messages:"]
    for e in events:
        out += [f"    {e}:", f"      name: {e}", f"      title: {' '.join(__import__('re').findall('[A-Z][a-z]*', e))}",
                "      headers:", "        type: object", "        properties:", "          eventId: { type: string, format: uuid }", "          schemaVersion: { type: string }"]
        if e in omit_payload: continue
        out += ["      payload:", "        type: object", f"        required: [{', '.join(list(payloads[e])[:2])}]", "        properties:"]
        for k, t in payloads[e].items():
            out.append(f"          {k}: {{ type: string, format: date-time }}" if t == "date-time" else f"          {k}: {{ type: {t} }}")
    return "\n".join(out) + "\n"
