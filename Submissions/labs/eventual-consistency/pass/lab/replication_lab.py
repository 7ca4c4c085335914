"""Eventual-consistency lab on real Redis servers (loopback only, stops by itself).

    python3 replication_lab.py replicas --out DIR [--wan-ms 0]
        One primary and two replicas (replicaof). The cart service writes cart versions to the
        primary; a poller per replica logs every version it sees. --wan-ms puts a TCP proxy
        that holds the replication stream back by that many ms in front of replica-2.
    python3 replication_lab.py lww --out DIR [--blind]
        Two active-active regions (independent Redis servers). Each region takes local writes of
        a customer's shipping address stamped with a hybrid timestamp (version), and a
        replicator ships each write to the other region 10-40 ms later. The replicator applies
        a write only when its version is newer (a Lua compare-and-set: last writer wins);
        --blind applies it whatever its version, as a plain SET would.

Each run writes writes.jsonl (key, version, ts in epoch ms) and reads.jsonl (key, version,
replica, ts), and lasts a few seconds.
"""
import argparse, json, os, random, socket, subprocess, tempfile, threading, time
import redis

parser = argparse.ArgumentParser()
parser.add_argument("mode", choices=["replicas", "lww"])
parser.add_argument("--out", required=True)
parser.add_argument("--wan-ms", type=int, default=0)
parser.add_argument("--blind", action="store_true")
parser.add_argument("--base-port", type=int, default=16400)
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)
servers, lock, stop = [], threading.Lock(), threading.Event()
writes_log = open(os.path.join(args.out, "writes.jsonl"), "w")
reads_log = open(os.path.join(args.out, "reads.jsonl"), "w")
now_ms = lambda: round(time.time() * 1000, 3)


def start(port, *extra):
    d = tempfile.mkdtemp(prefix="repl-lab-")
    servers.append(subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                     "--appendonly", "no", "--dir", d, *extra], stdout=subprocess.DEVNULL))
    client = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)
    for _ in range(100):
        try:
            client.ping(); return client
        except redis.ConnectionError:
            time.sleep(0.05)
    raise SystemExit(f"redis on {port} did not start")


def log(f, record):
    with lock:
        f.write(json.dumps(record) + "\n")


def delaying_proxy(listen, target, delay):
    """Forwards a TCP connection, holding every chunk back by `delay` seconds (a slow WAN link)."""
    server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", listen)); server.listen(4); server.settimeout(0.2)

    def pump(src, dst):
        queue, cond = [], threading.Condition()
        def sender():
            while not stop.is_set():
                with cond:
                    while not queue and not stop.is_set():
                        cond.wait(0.1)
                    if not queue: continue
                    due, data = queue.pop(0)
                time.sleep(max(0, due - time.monotonic()))
                try: dst.sendall(data)
                except OSError: return
        threading.Thread(target=sender, daemon=True).start()
        while not stop.is_set():
            try: data = src.recv(65536)
            except OSError: return
            if not data: return
            with cond:
                queue.append((time.monotonic() + delay, data)); cond.notify()

    def accept():
        while not stop.is_set():
            try: client, _ = server.accept()
            except socket.timeout: continue
            upstream = socket.create_connection(("127.0.0.1", target))
            threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
    threading.Thread(target=accept, daemon=True).start()


def poller(name, client, keys):
    seen = {}
    while not stop.is_set():
        values = client.mget(keys)
        t = now_ms()
        for key, value in zip(keys, values):
            if value is None: continue
            version = int(value.split("|", 1)[0])
            if seen.get(key) != version:
                seen[key] = version
                log(reads_log, {"key": key, "version": version, "replica": name, "ts": t})
        time.sleep(0.001)


try:
    rng = random.Random(42)
    b = args.base_port
    if args.mode == "replicas":
        primary = start(b)
        replica1 = start(b + 1, "--replicaof", "127.0.0.1", str(b))
        upstream = b
        if args.wan_ms:
            delaying_proxy(b + 10, b, args.wan_ms / 1000); upstream = b + 10
        replica2 = start(b + 2, "--replicaof", "127.0.0.1", str(upstream))
        for r in (replica1, replica2):
            while r.info("replication").get("master_link_status") != "up": time.sleep(0.05)
        keys = [f"cart:{n}" for n in range(1001, 1021)]
        for name, r in (("replica-1", replica1), ("replica-2", replica2)):
            threading.Thread(target=poller, args=(name, r, keys), daemon=True).start()
        versions = {}
        for _ in range(400):  # ~4 s of cart updates
            key = rng.choice(keys)
            versions[key] = versions.get(key, 0) + 1
            t = now_ms()
            primary.set(key, f"{versions[key]}|{{\"items\": {versions[key]}}}")
            log(writes_log, {"key": key, "version": versions[key], "ts": t, "node": "primary"})
            time.sleep(0.01)
        time.sleep(1 + args.wan_ms / 1000)
    else:
        east, west = start(b + 3), start(b + 4)
        regions = {"eu-west": west, "us-east": east}
        apply_if_newer = """
local cur = redis.call('GET', KEYS[1])
if cur then
  local v = tonumber(string.match(cur, '^(%d+)|'))
  if v >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2]); return 1"""
        lww = {name: r.register_script(apply_if_newer) for name, r in regions.items()}
        keys = [f"customer:{n}:shipping-address" for n in range(501, 511)]
        for name, r in regions.items():
            threading.Thread(target=poller, args=(name, r, keys), daemon=True).start()
        pending, counter = [], [0]

        def replicator():
            while not stop.is_set() or pending:
                with lock:
                    due = [p for p in pending if p[0] <= time.monotonic()]
                    for p in due: pending.remove(p)
                for _, target, key, version, value in sorted(due, key=lambda p: p[0]):
                    if args.blind:
                        regions[target].set(key, f"{version}|{value}")
                    else:
                        lww[target](keys=[key], args=[version, value])
                time.sleep(0.001)
        rep = threading.Thread(target=replicator); rep.start()

        def hlc():
            counter[0] += 1
            return int(time.time() * 1000) * 1000 + counter[0] % 1000

        for i in range(300):  # ~3 s; customers edit their address from both regions at once
            key = rng.choice(keys)
            for origin in rng.sample(list(regions), rng.choice([1, 1, 2])):
                version, value = hlc(), f"address-{i}-{origin}"
                t = now_ms()
                if args.blind:
                    regions[origin].set(key, f"{version}|{value}")
                else:
                    lww[origin](keys=[key], args=[version, value])
                log(writes_log, {"key": key, "version": version, "ts": t, "node": origin})
                other = "us-east" if origin == "eu-west" else "eu-west"
                with lock:
                    pending.append((time.monotonic() + rng.uniform(0.01, 0.04), other, key, version, value))
            time.sleep(0.01)
        time.sleep(1)
        stop.set(); rep.join()
        time.sleep(0.2)
finally:
    stop.set()
    time.sleep(0.2)
    writes_log.close(); reads_log.close()
    for s in servers:
        s.terminate(); s.wait()
