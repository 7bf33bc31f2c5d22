#!/usr/bin/env python3
"""Writes a deterministic shipments CSV for benchmarks: N rows from a few warehouse
origins to destination ZIPs spread over the country, weights 2 oz to 40 lb, some
with dimensions, some residential. Usage: gen_shipments.py N > shipments.csv"""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
rng = random.Random(20261121)
origins = ["85027", "43215", "90640"]
# Destination ZIP3s that are real sectional centres in every region.
dest3 = [f"{z:03d}" for z in list(range(10, 70)) + list(range(100, 150)) + list(range(200, 300))
         + list(range(300, 400)) + list(range(400, 500)) + list(range(500, 600)) + list(range(600, 700))
         + list(range(700, 800)) + list(range(800, 900)) + list(range(900, 962))]
print("id,from,to,weight,dims,residential,ship_date")
for i in range(n):
    o = rng.choice(origins)
    d = rng.choice(dest3) + f"{rng.randrange(1, 99):02d}"
    w = rng.choice([f"{rng.randrange(2, 16)}oz", f"{rng.randrange(1, 20)}lb", f"{rng.randrange(1, 40)}.{rng.randrange(10)}lb"])
    dims = "" if rng.random() < 0.3 else f"{rng.randrange(4, 24)}x{rng.randrange(4, 16)}x{rng.randrange(2, 12)}in"
    res = "yes" if rng.random() < 0.6 else "no"
    print(f"S{i},{o},{d},{w},{dims},{res},2025-11-03")
