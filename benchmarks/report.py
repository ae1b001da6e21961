#!/usr/bin/env python3
"""Turns JMH JSON results into RESULTS.md (tables, ratios, targets) and chart.svg."""
import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone

RAW, OUT = sys.argv[1], sys.argv[2]

# (file, title, reference benchmark) in report order; the reference is listed first.
GROUPS = [
    ("in-memory-hit-t1", "1. In-memory hit, 1 thread", "caffeine", "InMemoryHit -t 1 -prof gc"),
    ("in-memory-hit-t2", "1. In-memory hit, 2 threads", "caffeine", "InMemoryHit -t 2 -prof gc"),
    ("in-memory-hit-t4", "1. In-memory hit, 4 threads", "caffeine", "InMemoryHit -t 4 -prof gc"),
    ("annotated-repository-hit", "2. Annotated repository hit (Spring proxies)", "springCacheable",
     "AnnotatedRepository -prof gc"),
    ("redis-hit-t1", "3. Redis hit, 1 thread", "lettuceAndJackson", "RedisHit -t 1 -prof gc"),
    ("redis-hit-t2", "3. Redis hit, 2 threads", "lettuceAndJackson", "RedisHit -t 2 -prof gc"),
    ("redis-hit-t4", "3. Redis hit, 4 threads", "lettuceAndJackson", "RedisHit -t 4 -prof gc"),
    ("batch", "4. Batch: 100 ids on Redis", "sequentialGets", "Batch"),
    ("slow-source", "5. Tail latency, loader 50 ms, 4 threads", "cacheAside", "SlowSource"),
    ("redis-miss", "6. Redis miss: read, load, store", "lettuceGetLoadSet",
     "'RedisMiss.*(lettuceGetLoadSet|evergreenGet)$'"),
    ("redis-miss-batch", "7. Redis miss, 100 ids at once", "lettuceMgetLoadPipelinedSets",
     "'RedisMiss.*(lettuceMgetLoadPipelinedSets|evergreenGetAll)$'"),
    ("query-in-memory", "8. Cached query of 50 entities, in memory, through Spring proxies",
     "springCacheableWholeList", "QueryInMemory -prof gc"),
    ("query-on-redis", "9. Cached query of 50 entities on Redis", "lettuceAndJacksonWholeList",
     "QueryOnRedis -prof gc"),
]


def load(name):
    path = os.path.join(RAW, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        rows = json.load(f)
    result = {}
    for row in rows:
        method = row["benchmark"].rsplit(".", 1)[1]
        primary = row["primaryMetric"]
        gc = row.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        result[method] = {
            "score": primary["score"],
            "error": primary["scoreError"],
            "unit": primary["scoreUnit"],
            "percentiles": primary.get("scorePercentiles", {}),
            "bop": gc["score"] if gc else None,
            "threads": row["threads"],
            "mode": row["mode"],
        }
    return result


def fmt(value):
    value = float(value)  # JMH writes "NaN" as a string when there was one iteration
    if value != value:
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


data = {name: load(name) for name, _, _, _ in GROUPS}
lines = []
machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
lines += [
    "# Benchmark results",
    "",
    f"One run of `benchmarks/run-benchmarks.sh` on {machine}, {java}, "
    f"{datetime.now(timezone.utc):%Y-%m-%d}. The machine is shared and noisy: read the ratios, "
    "which compare benchmarks measured in the same JMH run, not the absolute times. "
    "Raw JMH output is in `raw/`.",
    "",
    "![ratio to the reference in each group](chart.svg)",
    "",
]

chart = []  # (group title, method, ratio)
for name, title, reference, command in GROUPS:
    group = data[name]
    if not group:
        lines += [f"## {title}", "", "_not run_", ""]
        continue
    ref = group[reference]
    lines += [f"## {title}", "",
              f"Reference: `{reference}`. Command: `java -jar benchmarks/target/benchmarks.jar "
              f"{command} -rf json`", ""]
    if name == "slow-source":
        lines += ["| benchmark | p50 | p99 | p99.9 | unit | p99 / reference p99 |", "|---|---|---|---|---|---|"]
        ref99 = ref["percentiles"].get("99.0")
        for method in [reference] + sorted(m for m in group if m != reference):
            p = group[method]["percentiles"]
            ratio = p["99.0"] / ref99
            lines.append(
                f"| `{method}` | {fmt(p['50.0'])} | {fmt(p['99.0'])} | {fmt(p['99.9'])} | "
                f"{group[method]['unit']} | {ratio:.4f} |")
            chart.append((title, method, ratio))
    else:
        lines += ["| benchmark | score | error | unit | B/op | ratio to reference |", "|---|---|---|---|---|---|"]
        for method in [reference] + sorted(m for m in group if m != reference):
            row = group[method]
            ratio = row["score"] / ref["score"]
            bop = "" if row["bop"] is None else fmt(row["bop"])
            lines.append(
                f"| `{method}` | {fmt(row['score'])} | ± {fmt(row['error'])} | {row['unit']} | "
                f"{bop} | {ratio:.2f}x |")
            chart.append((title, method, ratio))
    lines.append("")


def get(name, method, key="score"):
    group = data.get(name) or {}
    return group.get(method, {}).get(key)


targets = []


def target(text, ok, measured):
    targets.append(f"| {text} | {measured} | {'met' if ok else '**missed**'} |")


t1 = data.get("in-memory-hit-t1")
if t1:
    r = t1["evergreenFresh"]["score"] / t1["caffeine"]["score"]
    target("fresh in-memory hit <= 3x raw Caffeine", r <= 3, f"{r:.2f}x")
    bop = t1["evergreenFresh"]["bop"] or 0
    target("fresh in-memory hit 0 B/op", bop < 1, f"{bop:.3f} B/op")
    for peer in ("springCacheable", "jetcacheLocal"):
        r = t1[peer]["score"] / t1["evergreenFresh"]["score"]
        target(f"fresh in-memory hit >= 10x faster than `{peer}`", r >= 10, f"{r:.1f}x faster")
ann = data.get("annotated-repository-hit")
if ann:
    r = ann["evergreenCacheRead"]["score"] / ann["springCacheable"]["score"]
    target("annotated repository hit <= 0.5x Spring @Cacheable", r <= 0.5, f"{r:.2f}x")
red = data.get("redis-hit-t1")
if red:
    r = red["evergreen"]["score"] / red["lettuceAndJackson"]["score"]
    target("Redis hit <= 1.10x raw Lettuce + Jackson", r <= 1.10, f"{r:.2f}x")
    for peer in ("springDataRedisCache", "jetcacheRemote"):
        r = red["evergreen"]["score"] / red[peer]["score"]
        target(f"Redis hit no slower than `{peer}`", r <= 1.0, f"{r:.2f}x")
bat = data.get("batch")
if bat:
    r = bat["sequentialGets"]["score"] / bat["getAll"]["score"]
    target("getAll(100) >= 10x faster than 100 sequential gets", r >= 10, f"{r:.1f}x faster")
slow = data.get("slow-source")
if slow:
    e99 = slow["evergreenUnderSlowSource"]["percentiles"]["99.0"]
    h99 = slow["evergreenPlainHit"]["percentiles"]["99.0"]
    c99 = slow["cacheAside"]["percentiles"]["99.0"]
    unit = slow["cacheAside"]["unit"]
    target("under the slow source, Evergreen p99 <= 2x its plain-hit p99", e99 <= 2 * h99,
           f"{e99 / h99:.2f}x ({fmt(e99)} vs {fmt(h99)} {unit})")
    target("cache-aside p99 >= the loader's 50 ms", c99 >= 50_000, f"{fmt(c99)} {unit}")
miss = data.get("redis-miss")
if miss:
    r = miss["evergreenGet"]["score"] / miss["lettuceGetLoadSet"]["score"]
    target("Redis miss <= 2.5x hand-rolled GET + SET (issue 9)", r <= 2.5, f"{r:.2f}x")
many = data.get("redis-miss-batch")
if many:
    r = many["evergreenGetAll"]["score"] / many["lettuceMgetLoadPipelinedSets"]["score"]
    target("getAll of 100 misses <= 3x MGET + pipelined SETs (issue 9)", r <= 3, f"{r:.2f}x")

lines += ["## Targets (issues 5 and 9)", "", "| target | measured (same run) | |", "|---|---|---|"] + targets + [""]
with open(os.path.join(OUT, "RESULTS.md"), "w") as f:
    f.write("\n".join(lines))

# Chart: one bar per benchmark, its ratio to the group's reference, log scale (1x marked).
import math

row_h, left, width = 18, 330, 420
groups_seen = []
rows = []
for title, method, ratio in chart:
    if title not in groups_seen:
        groups_seen.append(title)
        rows.append(("title", title, None))
    rows.append(("bar", method, ratio))
height = 40 + row_h * len(rows) + 30
lo, hi = math.log10(0.001), math.log10(1000)


def x(ratio):
    return left + (math.log10(max(ratio, 0.001)) - lo) / (hi - lo) * width


svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" height="{height}" '
       'font-family="sans-serif" font-size="11">',
       '<text x="10" y="18" font-size="13" font-weight="bold">Time per operation, as a ratio to the '
       'group reference (log scale; shorter is faster)</text>']
for tick in (0.001, 0.01, 0.1, 1, 10, 100, 1000):
    svg.append(f'<line x1="{x(tick):.1f}" y1="28" x2="{x(tick):.1f}" y2="{height - 25}" '
               f'stroke="{"#333" if tick == 1 else "#ddd"}"/>')
    svg.append(f'<text x="{x(tick):.1f}" y="{height - 10}" text-anchor="middle">{tick:g}x</text>')
y = 40
for kind, label, ratio in rows:
    if kind == "title":
        svg.append(f'<text x="10" y="{y + 12}" font-weight="bold">{label}</text>')
    else:
        color = "#2e7d32" if label.startswith("evergreen") or label == "getAll" else "#90a4ae"
        x0, x1 = x(1), x(ratio)
        svg.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{label}</text>')
        svg.append(f'<rect x="{min(x0, x1):.1f}" y="{y + 3}" width="{abs(x1 - x0) + 1:.1f}" '
                   f'height="{row_h - 6}" fill="{color}"/>')
        svg.append(f'<text x="{left + width + 6}" y="{y + 12}">{ratio:.3g}x</text>')
    y += row_h
svg.append("</svg>")
with open(os.path.join(OUT, "chart.svg"), "w") as f:
    f.write("\n".join(svg))
