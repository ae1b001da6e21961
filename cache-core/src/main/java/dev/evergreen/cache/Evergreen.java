package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.KeyFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * The entry point: one store, one refresh executor, and the entity caches built on them.
 *
 * {@snippet class="dev.evergreen.cache.ReadmeExampleTest" region="quick-start"}
 *
 * <p>Thread-safe. {@link #close()} stops the refresh executor (interrupting running refreshes and
 * waiting up to 5 s for them), stops the clock thread, and closes the store; no entry is written
 * after it returns.
 *
 * @since 0.1.0
 */
public interface Evergreen extends AutoCloseable {

  /** Returns a new builder with the defaults described on each of its methods. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Starts building the cache of one entity type.
   *
   * @param type the entity class; its serialized shape gives the schema hash
   * @throws IllegalStateException if this instance is closed
   */
  <V> EntityCacheBuilder<V> entity(Class<V> type);

  /**
   * Returns the store the entries live in: the one given to {@link Builder#store}, or the default
   * in-memory one. For health checks and diagnostics; entity caches already use it.
   */
  CacheStore store();

  /** Returns the entity caches built so far, in the order they were built. */
  java.util.List<EntityCache<?, ?>> entities();

  /**
   * Stops refreshing and closes the store. Idempotent. Afterwards entity caches call their loaders
   * directly and write nothing.
   */
  @Override
  void close();

  /**
   * Configures an {@link Evergreen}. Setters validate at once; {@link #build()} may be called more
   * than once and leaves the builder reusable. Not thread-safe.
   */
  final class Builder {
    @Nullable CacheStore store;
    @Nullable String namespace;
    @Nullable ObjectMapper objectMapper;
    @Nullable MeterRegistry meterRegistry;
    boolean recordStats;
    @Nullable Clock clock;
    @Nullable Executor refreshExecutor;
    int refreshThreads; // 0: the default, by JDK
    int refreshQueueCapacity = 1024;
    int maxValueBytes = 1 << 20;
    Duration refreshAfter = Duration.ofMinutes(15);
    Duration expireAfter = Duration.ofHours(24);
    Duration negativeTtl = Duration.ofMinutes(1);
    Duration leaseTtl = Duration.ofSeconds(5);
    Duration schemaTtl = Duration.ofSeconds(30);
    @Nullable Maintenance maintenance; // tests only: runs retries when the test says

    private Builder() {}

    /**
     * The store entries live in. Default: a new {@link InMemoryStore#create()}. {@link
     * Evergreen#close()} closes it.
     */
    public Builder store(CacheStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /**
     * A prefix for every key, {@code shop} in {@code shop:User:96f8148eb2b7:42}, so that several
     * applications can share one Redis. Default: none.
     *
     * @throws IllegalArgumentException if empty, or it holds {@code :}, whitespace, control
     *     characters or unpaired surrogates (see {@link KeyFormat})
     */
    public Builder namespace(String namespace) {
      this.namespace = KeyFormat.checkName("namespace", namespace);
      return this;
    }

    /**
     * The Jackson 3 mapper that both the schema hash and serialization follow (naming strategy,
     * modules, {@code @JsonProperty}). Default: {@code JsonMapper.shared()}.
     *
     * @throws IllegalArgumentException if the mapper has default typing activated: payloads are
     *     only ever decoded into the entity's declared type
     */
    public Builder objectMapper(ObjectMapper objectMapper) {
      requireNonNull(objectMapper, "objectMapper");
      if (objectMapper
              .deserializationConfig()
              .getDefaultTyper(objectMapper.constructType(Object.class))
          != null) {
        throw new IllegalArgumentException(
            "objectMapper has default typing activated; Evergreen decodes payloads only into the"
                + " entity's declared type and refuses type ids in payloads");
      }
      this.objectMapper = objectMapper;
      return this;
    }

    /**
     * Where metrics go, and what {@link EntityCache#stats()} reads. Default: none, and then the hit
     * path does no metrics work at all.
     */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * Counts hits, misses, loads and the rest for {@link EntityCache#stats()} without a meter
     * registry of the application's (in a private one). Not needed with {@link #meterRegistry}.
     * Default: off.
     */
    public Builder recordStats() {
      this.recordStats = true;
      return this;
    }

    /**
     * The time source for entry ages, for tests. Default: a millisecond clock advanced by one
     * daemon thread, so that a cache hit reads a field instead of the system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs background refreshes. Must not block in {@code execute}: throw {@link
     * java.util.concurrent.RejectedExecutionException} when full, and the refresh is dropped
     * (counted). Not shut down by {@link Evergreen#close()}. Default: at most {@link
     * #refreshThreads} refreshes at once, on virtual threads on JDK 21+ and daemon platform threads
     * before, named {@code evergreen-refresh-N}, with at most {@link #refreshQueueCapacity}
     * waiting.
     */
    public Builder refreshExecutor(Executor executor) {
      this.refreshExecutor = requireNonNull(executor, "executor");
      return this;
    }

    /**
     * How many refreshes the default executor runs at once. Refreshes wait on the store and the
     * database, so they want many: default 64 on virtual threads (JDK 21+), 32 platform threads
     * (created as needed, ended after a minute idle) before.
     */
    public Builder refreshThreads(int threads) {
      this.refreshThreads = positive("refreshThreads", threads);
      return this;
    }

    /** Queued refreshes the default executor holds before it drops new ones. Default: 1024. */
    public Builder refreshQueueCapacity(int capacity) {
      this.refreshQueueCapacity = positive("refreshQueueCapacity", capacity);
      return this;
    }

    /**
     * Values whose JSON form is larger than this are returned to the caller but not cached (counted
     * as {@code cache.oversized}, logged). Default: 1 MiB.
     */
    public Builder maxValueBytes(int bytes) {
      this.maxValueBytes = positive("maxValueBytes", bytes);
      return this;
    }

    /** Default {@link EntityCacheBuilder#refreshAfter} of every entity. Default: 15 minutes. */
    public Builder refreshAfter(Duration refreshAfter) {
      this.refreshAfter = Durations.positive("refreshAfter", refreshAfter);
      return this;
    }

    /** Default {@link EntityCacheBuilder#expireAfter} of every entity. Default: 24 hours. */
    public Builder expireAfter(Duration expireAfter) {
      this.expireAfter = Durations.positive("expireAfter", expireAfter);
      return this;
    }

    /** Default {@link EntityCacheBuilder#negativeTtl} of every entity. Default: 1 minute. */
    public Builder negativeTtl(Duration negativeTtl) {
      this.negativeTtl = Durations.notNegative("negativeTtl", negativeTtl);
      return this;
    }

    /**
     * How long a load lease lasts when its holder dies, for stores shared by several processes
     * (Redis). A process that finds another one loading a missing key waits for that value at most
     * this long, then loads it itself; a stale key's refresh is skipped while another process holds
     * its lease. Stores renew a lease while its load runs, so a slow load keeps it. Default: 5 s.
     */
    public Builder leaseTtl(Duration leaseTtl) {
      this.leaseTtl = Durations.positive("leaseTtl", leaseTtl);
      return this;
    }

    /**
     * Shared stores (Redis): how long this process's registration of each entity's schema version
     * lasts unless renewed (it is renewed every third of this, in the background). While another
     * process uses another version of an entity, every put, invalidation and clear reaches that
     * version's keys too; once its last registration has lapsed, writes stop reaching it. A version
     * that comes back after another was live without it (a rollback) reads its older entries as
     * absent. Default: 30 s. See the README's "Deploys".
     */
    public Builder schemaRegistrationTtl(Duration ttl) {
      this.schemaTtl = Durations.positive("schemaRegistrationTtl", ttl);
      return this;
    }

    /**
     * Builds the instance: starts the clock thread (unless a clock was given) and the default
     * refresh executor (unless one was given).
     *
     * @throws IllegalStateException if the default {@code refreshAfter} is not shorter than the
     *     default {@code expireAfter}
     */
    public Evergreen build() {
      Durations.checkOrder("Evergreen", refreshAfter, expireAfter);
      return new DefaultEvergreen(this);
    }

    private static int positive(String what, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(what + " must be positive, was " + value);
      }
      return value;
    }
  }
}
