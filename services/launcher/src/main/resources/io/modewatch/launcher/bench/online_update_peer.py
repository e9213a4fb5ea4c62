#!/usr/bin/env python3
"""The per-event online RD update, one event at a time, in numpy: the peer the Java core is
measured against (`modewatch bench core` runs both in the same run and prints the ratio).

It does what OnlineRdClusterer.observe does for a bootstrapped scope between structure passes,
on the same synthetic scope as OnlineUpdateBenchmark (K components with random centroids, unit
embeddings, signatures with 256 of 2048 units active): decay the scale, centre and scale the
signature, the squared L2 distance to every semantic centroid and the L1 distance to every
signature centroid, the E-step choice (rate plus weighted distortions), the chosen component's
mass, semantic sum, unit centroid and distortion sums, its reservoir and the poorly-explained
buffer. numpy works over the K components and the dimensions at once; Python loops over events.

Prints one line: "numpy peer K=<k> <kind>: <ns> ns per event (<rate> events/s)".
"""
import argparse
import collections
import time

import numpy as np

SEMANTIC_DIM = 384
SIGNATURE_DIM = 2048
ACTIVE_UNITS = 256


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--k", type=int, default=32)
    parser.add_argument("--signature", choices=["sparse", "dense"], default="sparse")
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    k = args.k
    beta_e, beta_a = 5 * 0.8, 5 * 0.2
    growth = 2 ** (1 / 8000)
    reservoir_capacity, buffer_capacity, poorly_factor = 48, 96, 2.0

    semantic_sum = rng.standard_normal((k, SEMANTIC_DIM))
    semantic_centroid = semantic_sum / np.linalg.norm(semantic_sum, axis=1, keepdims=True)
    signature_centroid = np.where(rng.integers(0, 8, (k, SIGNATURE_DIM)) == 0,
                                  rng.standard_normal((k, SIGNATURE_DIM)), 0.0).astype(np.float32)
    # Unit-major, as the Java layout keeps it: the active units' rows are gathered per event.
    signature_by_unit = np.ascontiguousarray(signature_centroid.T)
    signature_l1 = np.abs(signature_centroid).sum(axis=1)
    mass = np.full(k, 100.0)
    distortion_e = np.zeros(k)
    distortion_a = np.zeros(k)
    assigned = np.zeros(k, dtype=np.int64)
    var_e = np.ones(k)
    var_a = np.full(k, 1000.0)
    floor_e, floor_a = 0.0, 0.0
    reservoirs = [collections.deque() for _ in range(k)]
    buffer = collections.deque()
    centre_idx = np.zeros(0, dtype=np.int64)
    centre_val = np.zeros(0, dtype=np.float32)
    rms_scale = 1.0

    n_events = 4096
    events = []
    for i in range(n_events):
        e = rng.standard_normal(SEMANTIC_DIM).astype(np.float32)
        e /= np.linalg.norm(e)
        if args.signature == "dense":
            idx = np.arange(SIGNATURE_DIM)
            val = rng.standard_normal(SIGNATURE_DIM).astype(np.float32)
        else:
            idx = np.sort(rng.choice(SIGNATURE_DIM, ACTIVE_UNITS, replace=False))
            val = rng.standard_normal(ACTIVE_UNITS).astype(np.float32)
        events.append(("e%d" % i, 0.5 + 0.5 * rng.random(), e, idx, val))

    state = {"scale": 1.0, "total": float(mass.sum()), "events": 0}

    def observe(event):
        name, weight, e, idx, val = event
        state["events"] += 1
        state["scale"] *= growth
        # Centre by the (sparse) median and divide by the RMS scale, on the union of supports.
        if centre_idx.size:
            union = np.union1d(idx, centre_idx)
            dense = np.zeros(SIGNATURE_DIM, dtype=np.float32)
            dense[idx] = val
            dense[centre_idx] -= centre_val
            a_idx, a_val = union, dense[union] / rms_scale
        else:
            a_idx, a_val = idx, val / rms_scale
        d_e = ((semantic_centroid - e) ** 2).sum(axis=1)
        rows = signature_by_unit[a_idx]
        d_a = np.maximum(0.0, signature_l1 + (np.abs(a_val[:, None] - rows) - np.abs(rows)).sum(axis=0))
        share = mass / state["total"]
        cost = -np.log(share + 1e-10) + beta_e * d_e + beta_a * d_a
        best = int(np.argmin(cost))
        inflated = weight * state["scale"]
        mass[best] += inflated
        state["total"] += inflated
        semantic_sum[best] += inflated * e
        semantic_centroid[best] = semantic_sum[best] / np.linalg.norm(semantic_sum[best])
        distortion_e[best] += inflated * d_e[best]
        distortion_a[best] += inflated * d_a[best]
        assigned[best] += 1
        member = (state["events"], name, weight, e, a_idx, a_val)
        reservoir = reservoirs[best]
        reservoir.append(member)
        while len(reservoir) > reservoir_capacity:
            reservoir.popleft()
        if d_e[best] > poorly_factor * var_e[best] + floor_e or d_a[best] > poorly_factor * var_a[best] + floor_a:
            buffer.append(member)
            while len(buffer) > buffer_capacity:
                buffer.popleft()
        return best

    for i in range(2000):  # warm-up
        observe(events[i % n_events])
    best_ns = float("inf")
    for _ in range(args.rounds):
        start = time.process_time_ns()
        for i in range(args.events):
            observe(events[i % n_events])
        best_ns = min(best_ns, (time.process_time_ns() - start) / args.events)
    print("numpy peer K=%d %s: %.0f ns per event (%.1fk events/s)" % (k, args.signature, best_ns, 1e6 / best_ns))


if __name__ == "__main__":
    main()
