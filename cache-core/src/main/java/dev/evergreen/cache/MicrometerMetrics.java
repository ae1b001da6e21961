package dev.evergreen.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Meters named like Micrometer's own cache binders ({@code cache.gets{result}}, {@code cache.puts},
 * {@code cache.evictions}, {@code cache.loads{result}} as a timer), tagged {@code cache=<entity>};
 * facts those binders lack get names of their own.
 */
final class MicrometerMetrics implements EntityMetrics {
  private final Counter hits;
  private final Counter stales;
  private final Counter misses;
  private final Counter puts;
  private final Counter evictions;
  private final Timer loadSuccesses;
  private final Timer loadFailures;
  private final Counter refreshSuccesses;
  private final Counter refreshFailures;
  private final Counter refreshDrops;
  private final Counter warmedUp;
  private final Counter refreshSupersessions;
  private final Counter serializeFailures;
  private final DistributionSummary servedAge;
  private final MeterRegistry registry;
  private final String cache;
  private final Counter decodeFailures;
  private final Counter storeErrors;
  private final Counter oversized;

  MicrometerMetrics(MeterRegistry registry, String cache) {
    this.registry = registry;
    this.cache = cache;
    hits = gets(registry, cache, "hit");
    stales = gets(registry, cache, "stale");
    misses = gets(registry, cache, "miss");
    puts = counter(registry, "cache.puts", cache, "Entries written to the store");
    evictions = counter(registry, "cache.evictions", cache, "Entries the store evicted for size");
    loadSuccesses = loads(registry, cache, "success");
    loadFailures = loads(registry, cache, "failure");
    refreshSuccesses = refreshes(registry, cache, "success");
    refreshFailures = refreshes(registry, cache, "failure");
    refreshDrops = refreshes(registry, cache, "dropped");
    refreshSupersessions = refreshes(registry, cache, "superseded");
    warmedUp =
        counter(
            registry,
            "cache.warmup.ids",
            cache,
            "Ids a warm-up read into this schema version's keys from another version's key names");
    servedAge =
        DistributionSummary.builder("cache.served.age")
            .tag("cache", cache)
            .baseUnit("milliseconds")
            .description(
                "How old the values served from the cache were: fresh ones below refreshAfter,"
                    + " stale ones above it until their refresh lands")
            .publishPercentiles(0.5, 0.99)
            .publishPercentileHistogram()
            .register(registry);
    serializeFailures =
        counter(registry, "cache.serialize.failures", cache, "Values that could not be serialized");
    decodeFailures =
        counter(registry, "cache.decode.failures", cache, "Stored payloads that did not decode");
    storeErrors = counter(registry, "cache.store.errors", cache, "Store calls that failed");
    oversized = counter(registry, "cache.oversized", cache, "Values too large to cache");
  }

  private static Counter gets(MeterRegistry registry, String cache, String result) {
    return Counter.builder("cache.gets")
        .tag("cache", cache)
        .tag("result", result)
        .description("Reads, by whether the entry was fresh (hit), stale, or missing (miss)")
        .register(registry);
  }

  private static Timer loads(MeterRegistry registry, String cache, String result) {
    return Timer.builder("cache.loads")
        .tag("cache", cache)
        .tag("result", result)
        .description("Loader calls on a miss, and how long they took")
        .register(registry);
  }

  private static Counter refreshes(MeterRegistry registry, String cache, String result) {
    return Counter.builder("cache.refreshes")
        .tag("cache", cache)
        .tag("result", result)
        .description(
            "Background refreshes: stored (success), failed, dropped (executor full), or not stored"
                + " because a write of the key landed meanwhile (superseded)")
        .register(registry);
  }

  private static Counter counter(
      MeterRegistry registry, String name, String cache, String description) {
    return Counter.builder(name).tag("cache", cache).description(description).register(registry);
  }

  @Override
  public void hit() {
    hits.increment();
  }

  @Override
  public void stale() {
    stales.increment();
  }

  @Override
  public void served(long ageMillis) {
    servedAge.record(Math.max(ageMillis, 0));
  }

  @Override
  public void miss(int count) {
    misses.increment(count);
  }

  @Override
  public void put() {
    puts.increment();
  }

  @Override
  public void loadSucceeded(long nanos) {
    loadSuccesses.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void loadFailed(long nanos) {
    loadFailures.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void refreshSucceeded() {
    refreshSuccesses.increment();
  }

  @Override
  public void refreshFailed() {
    refreshFailures.increment();
  }

  @Override
  public void refreshDropped() {
    refreshDrops.increment();
  }

  @Override
  public void warmedUp(int count) {
    warmedUp.increment(count);
  }

  @Override
  public void refreshSuperseded() {
    refreshSupersessions.increment();
  }

  @Override
  public void serializeFailed() {
    serializeFailures.increment();
  }

  @Override
  public void storeError() {
    storeErrors.increment();
  }

  @Override
  public void oversized() {
    oversized.increment();
  }

  @Override
  public void evicted() {
    evictions.increment();
  }

  @Override
  public void decodeFailed(String key, RuntimeException cause) {
    decodeFailures.increment();
  }

  @Override
  public void pendingInvalidations(IntSupplier pending) {
    // Strong: the supplier is a method reference nothing else holds, and Micrometer would let it
    // be collected, after which the gauge reads NaN forever.
    Gauge.builder("cache.invalidations.pending", pending, IntSupplier::getAsInt)
        .strongReference(true)
        .tag("cache", cache)
        .description(
            "Invalidations the store has not confirmed; their keys bypass the cache in this process")
        .register(registry);
  }

  @Override
  public void size(java.util.function.LongSupplier size) {
    Gauge.builder("cache.size", size, LongSupplier::getAsLong)
        .strongReference(true)
        .tag("cache", cache)
        .description("Entries the store holds, tombstones and remembered absences included")
        .register(registry);
  }

  @Override
  public CacheStats stats(int pendingInvalidations) {
    return new CacheStats(
        count(hits),
        count(stales),
        count(misses),
        loadSuccesses.count(),
        loadFailures.count(),
        (long)
            (loadSuccesses.totalTime(TimeUnit.NANOSECONDS)
                + loadFailures.totalTime(TimeUnit.NANOSECONDS)),
        count(refreshSuccesses),
        count(refreshFailures),
        count(refreshDrops),
        count(refreshSupersessions),
        count(puts),
        count(evictions),
        count(storeErrors),
        count(decodeFailures),
        count(oversized),
        count(serializeFailures),
        pendingInvalidations);
  }

  private static long count(Counter counter) {
    return (long) counter.count();
  }
}
