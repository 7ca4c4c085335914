"""Orchestrated booking saga (Day 38-39 lab): book a flight, a hotel and a car, then charge the
card; when a step fails for good, cancel the steps that completed, in the order they were booked.
Transient faults are retried (at most 2 retries, backoff 10 ms × 2^n). Each step, each
compensation and the saga's outcome are written to a saga log (CSV).

The participants are in-process stand-ins with seeded fault injection, so a run is repeatable:
  python3 saga.py --sagas 40 --seed 7 --out ../sagas/booking-saga-log.csv
"""

import argparse
import csv
import random
import time
from datetime import datetime, timezone


class Transient(Exception):
    pass


class Permanent(Exception):
    pass


def participant(name, transient, permanent, rng):
    def call(booking):
        time.sleep(rng.uniform(0.0005, 0.002))
        draw = rng.random()
        if draw < permanent:
            raise Permanent(f"{name} rejected booking {booking}")
        if draw < permanent + transient:
            raise Transient(f"{name} unavailable")
        return f"{name}-{booking}"
    return call


def compensation(name, rng):
    def call(booking):
        time.sleep(rng.uniform(0.0005, 0.002))
        if rng.random() < 0.1:
            raise Transient(f"{name} timed out")
        return True
    return call


def run(args):
    rng = random.Random(args.seed)
    steps = [
        ("BookFlight", participant("flights", 0.10, 0.04, rng), "CancelFlight", compensation("flights", rng)),
        ("BookHotel", participant("hotels", 0.10, 0.08, rng), "CancelHotel", compensation("hotels", rng)),
        ("BookCar", participant("cars", 0.10, 0.12, rng), "CancelCar", compensation("cars", rng)),
        ("ChargePayment", participant("payments", 0.10, 0.10, rng), "RefundPayment", compensation("payments", rng)),
    ]
    with open(args.out, "w", newline="") as f:
        log = csv.writer(f)
        log.writerow(["saga_id", "step", "status", "attempt", "time"])

        def write(saga, step, status, attempt=""):
            log.writerow([saga, step, status, attempt, datetime.now(timezone.utc).isoformat(timespec="milliseconds")])

        def attempt_step(saga, name, call, booking, retries):
            for attempt in range(1, retries + 2):
                write(saga, name, "started", attempt)
                try:
                    call(booking)
                    write(saga, name, "completed", attempt)
                    return True
                except Transient:
                    write(saga, name, "failed" if attempt == retries + 1 else "retrying", attempt)
                    time.sleep(0.01 * 2 ** (attempt - 1))
                except Permanent:
                    write(saga, name, "failed", attempt)
                    return False
            return False

        for n in range(1, args.sagas + 1):
            saga, booking = f"trip-{1000 + n}", f"B{1000 + n}"
            done = []
            for name, call, undo_name, undo in steps:
                if attempt_step(saga, name, call, booking, retries=2):
                    done.append((undo_name, undo))
                    continue
                for undo_name, undo in done:
                    # Best effort: try each cancellation once.
                    attempt_step(saga, undo_name, undo, booking, retries=args.compensation_retries)
                write(saga, "", "compensated")
                break
            else:
                write(saga, "", "completed")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sagas", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--compensation-retries", type=int, default=0)
    parser.add_argument("--out", required=True)
    run(parser.parse_args())
