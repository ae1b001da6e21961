#!/usr/bin/env bash
# Runs the benchmark suite on this machine and writes benchmarks/results/RESULTS.md and chart.svg.
# Every group runs in one JMH invocation so its numbers are ratios within one run. Takes ~19 min.
# Redis benchmarks use REDIS_URL, else start their own redis-server on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B package -pl benchmarks -am -DskipTests -Dspotless.skip -Dbenchmarks.smoke.skip=true
jar=benchmarks/target/benchmarks.jar
raw=benchmarks/results/raw
mkdir -p "$raw"

run() {
  local name=$1
  shift
  echo "== $name: java -jar $jar $*"
  java -jar "$jar" "$@" -rf json -rff "$raw/$name.json" > "$raw/$name.log" 2>&1
}

for threads in 1 2 4; do
  run "in-memory-hit-t$threads" InMemoryHit -t "$threads" -prof gc
done
run annotated-repository-hit AnnotatedRepository -prof gc
for threads in 1 2 4; do
  run "redis-hit-t$threads" RedisHit -t "$threads" -prof gc
done
run batch Batch
run slow-source SlowSource
run redis-miss 'RedisMiss.*(lettuceGetLoadSet|evergreenGet)$'
run redis-miss-batch 'RedisMiss.*(lettuceMgetLoadPipelinedSets|evergreenGetAll)$'
run query-in-memory QueryInMemory -prof gc
run query-on-redis QueryOnRedis -prof gc

# Not JMH: how old the values readers get are, under load (see ServedAgeLoad's Javadoc).
echo "== served age: java -cp $jar dev.evergreen.benchmarks.ServedAgeLoad"
java -cp "$jar" dev.evergreen.benchmarks.ServedAgeLoad > benchmarks/results/served-age.txt 2>&1
echo "== query footprint: java -cp $jar dev.evergreen.benchmarks.QueryFootprint"
java -cp "$jar" dev.evergreen.benchmarks.QueryFootprint > benchmarks/results/query-footprint.txt 2>&1

python3 benchmarks/report.py "$raw" benchmarks/results
echo "Wrote benchmarks/results/RESULTS.md and benchmarks/results/chart.svg"
