"""Regenerates the hand-specified AsyncAPI documents and Temporal histories of
Submissions/phase2-communication/pass and phase2-communication/fail (run from the repository root):
  python3 scripts/samples/phase2/make_phase2_samples.py
The AsyncAPI files follow the AsyncAPI 3.0 specification; the histories the JSON that
`temporal workflow show --output json` prints (see ../shared/corpus/public/temporal).
"""
import os
import sys
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(__file__))
from asyncapi_catalog import doc  # noqa: E402
from temporal_history import History  # noqa: E402

PASS, FAIL = "Submissions/phase2-communication/pass", "Submissions/phase2-communication/fail"

for f, (t, d, s, r) in {
    "orders": ("Orders", "Owns orders; publishes their lifecycle and follows payment, stock and shipping.", ["OrderPlaced", "OrderCancelled"], ["PaymentAuthorized", "PaymentFailed", "InventoryReserved", "InventoryReleased", "OrderShipped"]),
    "payments": ("Payments", "Authorises and voids card payments.", ["PaymentAuthorized", "PaymentFailed"], ["OrderPlaced"]),
    "inventory": ("Inventory", "Reserves and releases stock for orders.", ["InventoryReserved", "InventoryReleased"], ["OrderPlaced", "OrderCancelled"]),
    "shipping": ("Shipping", "Ships paid orders.", ["OrderShipped"], ["PaymentAuthorized"]),
    "notifications": ("Notifications", "Emails and pushes customers about their orders.", [], ["OrderPlaced", "OrderShipped", "OrderCancelled", "PaymentFailed"]),
}.items():
    open(f"{PASS}/events/{f}.yaml", "w").write(doc(t, d, s, r))

for f, (t, d, s, r) in {
    "orders": ("Orders", "Order events.", ["OrderPlaced"], []),
    "payments": ("Payments", "Payment events.", ["PaymentAuthorized", "PaymentFailed"], ["OrderPlaced"]),
    "inventory": ("Inventory", "Stock.", [], ["OrderPlaced"]),
}.items():
    open(f"{FAIL}/events/{f}.yaml", "w").write(doc(t, d, s, r, versioned=False, omit_payload=("PaymentFailed",)))


def T(m, s):
    return datetime(2026, 11, 20, 14, m, s, tzinfo=timezone.utc)


h = History("checkout-o-1041", "CheckoutSaga", T(2, 11), input={"orderId": "o-1041", "amount": 84.50})
h.activity("ReserveInventory", {"orderId": "o-1041"}, {"reservationId": "r-77120"})
h.activity("AuthorizePayment", {"orderId": "o-1041", "amount": 84.50}, {"paymentId": "pay-5521"}, failures=["payments: 503 upstream connect error"])
h.activity("CreateShipment", {"orderId": "o-1041"}, {"shipmentId": "sh-9012"})
h.completed({"orderId": "o-1041", "status": "COMPLETED"})
h.write(f"{PASS}/sagas/checkout-o-1041.json")

h = History("checkout-o-1042", "CheckoutSaga", T(2, 40), input={"orderId": "o-1042", "amount": 312.00})
h.activity("ReserveInventory", {"orderId": "o-1042"}, {"reservationId": "r-77121"})
h.activity("AuthorizePayment", {"orderId": "o-1042", "amount": 312.00}, final_failure=("CardDeclined", "card declined: insufficient funds"))
h.activity("ReleaseInventory", {"reservationId": "r-77121"}, {"released": True})
h.failed("CardDeclined", "checkout o-1042 cancelled: card declined: insufficient funds (compensated)")
h.write(f"{PASS}/sagas/checkout-o-1042.json")

h = History("checkout-o-1043", "CheckoutSaga", T(3, 5), input={"orderId": "o-1043", "amount": 59.90})
h.activity("ReserveInventory", {"orderId": "o-1043"}, {"reservationId": "r-77122"})
h.activity("AuthorizePayment", {"orderId": "o-1043", "amount": 59.90}, {"paymentId": "pay-5523"})
h.activity("CreateShipment", {"orderId": "o-1043"}, final_failure=("AddressRejected", "carrier rejected address: postcode 99999 unknown"))
h.activity("VoidPayment", {"paymentId": "pay-5523"}, {"voided": True})
h.activity("ReleaseInventory", {"reservationId": "r-77122"}, {"released": True})
h.failed("AddressRejected", "checkout o-1043 cancelled: carrier rejected address (compensated)")
h.write(f"{PASS}/sagas/checkout-o-1043.json")

h = History("checkout-o-2207", "CheckoutSaga", datetime(2026, 11, 21, 9, 30, 2, tzinfo=timezone.utc), input={"orderId": "o-2207", "amount": 129.00})
h.activity("ReserveInventory", {"orderId": "o-2207"}, {"reservationId": "r-3310"})
h.activity("AuthorizePayment", {"orderId": "o-2207", "amount": 129.00}, final_failure=("CardDeclined", "card declined: do not honour"))
h.failed("CardDeclined", "checkout o-2207 failed: card declined: do not honour")
h.write(f"{FAIL}/sagas/checkout-o-2207.json")
