"""The order service of the CQRS lab, serving GET /v1/orders/{id}/summary on loopback.

    python3 order_service.py --model write|read [--port 8081] [--seconds 40]

write: the summary is assembled on every request from the normalized write model
       (orders, customers, order_lines, products in SQLite) with joins and a GROUP BY.
read:  the summary is read from the order_summaries projection, one row per order keyed by
       order id, which the OrderPlaced/OrderLineAdded handlers keep up to date (built here at
       start-up from the same tables).
view:  the summary is read from order_summaries_view, a plain SQL VIEW over the same joins (a
       "read model" that is not materialized: every read still runs the joins).
The server exits by itself after --seconds.
"""
import argparse, json, os, random, re, sqlite3, tempfile, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--model", choices=["write", "read", "view"], required=True)
parser.add_argument("--port", type=int, default=8081)
parser.add_argument("--seconds", type=int, default=40)
args = parser.parse_args()

path = os.path.join(tempfile.mkdtemp(prefix="orders-"), "orders.db")
db = sqlite3.connect(path)
rng = random.Random(3)
db.executescript("""
CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, tier TEXT);
CREATE TABLE products(id INTEGER PRIMARY KEY, sku TEXT, price REAL);
CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, status TEXT, placed_at TEXT);
CREATE TABLE order_lines(order_id INTEGER, product_id INTEGER, qty INTEGER);
CREATE TABLE order_summaries(order_id INTEGER PRIMARY KEY, body TEXT);
""")
db.executemany("INSERT INTO customers VALUES (?,?,?)", [(i, f"customer {i}", rng.choice(["gold", "std"])) for i in range(1, 501)])
db.executemany("INSERT INTO products VALUES (?,?,?)", [(i, f"SKU-{i:05}", round(rng.uniform(2, 300), 2)) for i in range(1, 2001)])
db.executemany("INSERT INTO orders VALUES (?,?,?,?)", [(i, rng.randint(1, 500), "PLACED", "2024-05-01") for i in range(1, 2001)])
db.executemany("INSERT INTO order_lines VALUES (?,?,?)", [(rng.randint(1, 2000), rng.randint(1, 2000), rng.randint(1, 4)) for _ in range(60000)])
SUMMARY = """
SELECT o.id, o.status, c.name, c.tier, COUNT(l.product_id), SUM(l.qty), ROUND(SUM(l.qty * p.price), 2)
FROM orders o JOIN customers c ON c.id = o.customer_id
JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
WHERE o.id = ? GROUP BY o.id"""
def body(row):
    return json.dumps({"orderId": row[0], "status": row[1], "customer": {"name": row[2], "tier": row[3]},
                       "lines": row[4], "items": row[5], "total": row[6]})
if args.model == "read":
    # The projection: what the event handlers maintain, one denormalized row per order.
    db.executemany("INSERT INTO order_summaries VALUES (?,?)",
                   [(row[0], body(row)) for row in db.execute(SUMMARY.replace("WHERE o.id = ?", ""))])
if args.model == "view":
    db.execute("CREATE VIEW order_summaries_view AS " + SUMMARY.replace("WHERE o.id = ?", ""))
db.commit(); db.close()
local = threading.local()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once, no 40 ms delayed-ACK stall
    def log_message(self, *a): pass
    def do_GET(self):
        m = re.fullmatch(r"/v1/orders/(\d+)/summary", self.path)
        if not m:
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        if not hasattr(local, "db"):
            local.db = sqlite3.connect(path, check_same_thread=False)
        oid = int(m.group(1))
        if args.model == "read":
            row = local.db.execute("SELECT body FROM order_summaries WHERE order_id = ?", (oid,)).fetchone()
            text = row[0] if row else None
        elif args.model == "view":
            row = local.db.execute("SELECT * FROM order_summaries_view WHERE id = ?", (oid,)).fetchone()
            text = body(row) if row else None
        else:
            row = local.db.execute(SUMMARY, (oid,)).fetchone()
            text = body(row) if row else None
        data = (text or '{"title": "order not found"}').encode()
        self.send_response(200 if text else 404)
        self.send_header("Content-Type", "application/json"); self.send_header("Content-Length", str(len(data)))
        self.end_headers(); self.wfile.write(data)

server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
threading.Timer(args.seconds, server.shutdown).start()
print("ready", flush=True)
server.serve_forever()
