"""Multi-level cache lab: product details behind an in-process L1 and a Redis L2.

Starts its own redis-server on loopback, warms it, saves `INFO all` before and after a
fixed workload of product-page reads, and stops Redis again. Usage:

    python3 run_cache_lab.py --out DIR [--mode good|bad] [--port 16390]

good: cache-aside with a 10-minute TTL, 64 MB maxmemory, popular products follow a Zipf curve.
bad:  a 1-second TTL, maxmemory 1 MB with allkeys-lru, and no L1: the cache keeps
      evicting and missing, and every miss goes to the (slow) catalog database.
"""
import argparse, json, os, random, subprocess, tempfile, time
import redis

parser = argparse.ArgumentParser()
parser.add_argument("--out", required=True)
parser.add_argument("--mode", choices=["good", "bad"], default="good")
parser.add_argument("--port", type=int, default=16390)
parser.add_argument("--requests", type=int, default=40000)
args = parser.parse_args()
good = args.mode == "good"
os.makedirs(args.out, exist_ok=True)

workdir = tempfile.mkdtemp(prefix="cache-lab-")
server = subprocess.Popen([
    "redis-server", "--port", str(args.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
    "--dir", workdir, "--maxmemory", "64mb" if good else "1mb",
    "--maxmemory-policy", "allkeys-lru", "--latency-tracking", "yes",
], stdout=subprocess.DEVNULL)
try:
    r = redis.Redis(host="127.0.0.1", port=args.port)
    for _ in range(50):
        try:
            r.ping(); break
        except redis.ConnectionError:
            time.sleep(0.1)
    rng = random.Random(7)
    products = 5000
    ttl = 600 if good else 1
    payload = "x" * (200 if good else 2000)

    def load_from_db(pid):
        # Stands in for the catalog database: a query costs about 0.2 ms.
        time.sleep(0.0002)
        return json.dumps({"id": pid, "name": f"product {pid}", "price": pid % 97 + 0.99, "description": payload})

    def save_info(name):
        # The raw reply of INFO all, exactly as redis-cli INFO all prints it (CRLF lines).
        conn = r.connection_pool.get_connection("INFO")
        try:
            conn.send_command("INFO", "all")
            text = conn.read_response()
        finally:
            r.connection_pool.release(conn)
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(text)

    l1 = {}
    def get_product(pid):
        key = f"catalog:product:{pid}"
        if good:
            hit = l1.get(key)
            if hit and hit[1] > time.monotonic():
                return hit[0]
        value = r.get(key)
        if value is None:
            value = load_from_db(pid)
            r.set(key, value, ex=ttl)
        if good:
            l1[key] = (value, time.monotonic() + 0.002)  # a 2 ms L1 absorbs bursts; most reads still reach Redis
        return value

    def pick():
        # Zipf-like popularity: a few products take most of the traffic.
        return min(int(rng.paretovariate(1.2)), products) if good else rng.randint(1, products)

    # Warm-up: the catalog's best sellers are loaded before the measured run.
    for pid in range(1, 1001 if good else 200):
        get_product(pid)
    save_info("info-before.txt")
    for _ in range(args.requests):
        get_product(pick())
    save_info("info-after.txt")
finally:
    server.terminate(); server.wait()
