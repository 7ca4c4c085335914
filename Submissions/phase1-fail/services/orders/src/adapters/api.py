from flask import Flask, request

from ..application.place_order import place_order

app = Flask(__name__)


@app.post("/orders")
def create_order():
    body = request.get_json()
    order = place_order(body["id"], body["customer_id"], body["lines"])
    return {"id": order.id}, 201
