package dev.evergreen.cache.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code evergreen.*}. Durations take {@code 15m} or {@code PT15M}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("evergreen")
public class EvergreenProperties {
  /** Key prefix, to share one Redis between applications: "shop" gives "shop:User:...". */
  private @Nullable String namespace;

  /**
   * Which store: auto (Redis when evergreen.redis.uri, a Lettuce RedisClient bean, or Spring Boot's
   * spring.data.redis.* connection is there; else in memory), in-memory, or redis (fails startup if
   * none of those is there).
   */
  private Store store = Store.AUTO;

  /** Values of {@code evergreen.store}. */
  public enum Store {
    AUTO,
    IN_MEMORY,
    REDIS
  }

  public Store getStore() {
    return store;
  }

  public void setStore(Store store) {
    this.store = store;
  }

  /** Entries older than this are served stale while one refresh runs in the background. */
  private Duration refreshAfter = Duration.ofMinutes(15);

  /** Entries older than this are gone: the next read loads in the caller's thread. */
  private Duration expireAfter = Duration.ofHours(24);

  /** How long an id the loader found nothing for is remembered; 0 turns that off. */
  private Duration negativeTtl = Duration.ofMinutes(1);

  /** How long a load lease lasts when its holder dies (stores shared by several processes). */
  private Duration leaseTtl = Duration.ofSeconds(5);

  /** Values whose JSON is larger than this many bytes are not cached. */
  private int maxValueBytes = 1 << 20;

  /** Background refreshes: threads, and how many may wait before new ones are dropped. */
  private final Executor executor = new Executor();

  /** Warming a new schema version from the ids other live versions have cached (opt-in). */
  private final WarmUp warmUp = new WarmUp();

  /**
   * How long this instance's registration of each entity's schema version lasts unless renewed; a
   * version whose last instance is gone stops receiving writes after it.
   */
  private Duration schemaRegistrationTtl = Duration.ofSeconds(30);

  public WarmUp getWarmUp() {
    return warmUp;
  }

  public Duration getSchemaRegistrationTtl() {
    return schemaRegistrationTtl;
  }

  public void setSchemaRegistrationTtl(Duration schemaRegistrationTtl) {
    this.schemaRegistrationTtl = schemaRegistrationTtl;
  }

  /** The in-memory store, used when no Redis is configured. */
  private final InMemory inMemory = new InMemory();

  /** The Redis store, used when evergreen.redis.uri is set. */
  private final Redis redis = new Redis();

  /** Per-entity overrides, by entity name: evergreen.entities.User.refresh-after=5m. */
  private Map<String, Entity> entities = new LinkedHashMap<>();

  /** The Spring CacheManager bridge, for code on @Cacheable. */
  private final CacheManager cacheManager = new CacheManager();

  public @Nullable String getNamespace() {
    return namespace;
  }

  public void setNamespace(@Nullable String namespace) {
    this.namespace = namespace;
  }

  public Duration getRefreshAfter() {
    return refreshAfter;
  }

  public void setRefreshAfter(Duration refreshAfter) {
    this.refreshAfter = refreshAfter;
  }

  public Duration getExpireAfter() {
    return expireAfter;
  }

  public void setExpireAfter(Duration expireAfter) {
    this.expireAfter = expireAfter;
  }

  public Duration getNegativeTtl() {
    return negativeTtl;
  }

  public void setNegativeTtl(Duration negativeTtl) {
    this.negativeTtl = negativeTtl;
  }

  public Duration getLeaseTtl() {
    return leaseTtl;
  }

  public void setLeaseTtl(Duration leaseTtl) {
    this.leaseTtl = leaseTtl;
  }

  public int getMaxValueBytes() {
    return maxValueBytes;
  }

  public void setMaxValueBytes(int maxValueBytes) {
    this.maxValueBytes = maxValueBytes;
  }

  public Executor getExecutor() {
    return executor;
  }

  public InMemory getInMemory() {
    return inMemory;
  }

  public Redis getRedis() {
    return redis;
  }

  public Map<String, Entity> getEntities() {
    return entities;
  }

  public void setEntities(Map<String, Entity> entities) {
    this.entities = entities;
  }

  public CacheManager getCacheManager() {
    return cacheManager;
  }

  /**
   * Warm-up of a new schema version during a rolling deploy: at startup, every cached entity whose
   * other schema versions are live reads their cached ids (key names only) through its loaders.
   */
  public static class WarmUp {
    /** Ids read per second per entity; unset or 0: no warm-up. Keep it gentle, e.g. 200. */
    private int rowsPerSecond;

    public int getRowsPerSecond() {
      return rowsPerSecond;
    }

    public void setRowsPerSecond(int rowsPerSecond) {
      this.rowsPerSecond = rowsPerSecond;
    }
  }

  /** Background refresh executor. */
  public static class Executor {
    /** Refreshes at once. Unset: 64 on virtual threads (JDK 21+), 32 platform threads before. */
    private @Nullable Integer threads;

    /** Refreshes that may wait for a thread before new ones are dropped (and counted). */
    private int queueCapacity = 1024;

    public @Nullable Integer getThreads() {
      return threads;
    }

    public void setThreads(@Nullable Integer threads) {
      this.threads = threads;
    }

    public int getQueueCapacity() {
      return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
    }
  }

  /** In-memory store. */
  public static class InMemory {
    /** Entries kept per entity before the least valuable are evicted. */
    private long maximumSizePerEntity = 100_000;

    public long getMaximumSizePerEntity() {
      return maximumSizePerEntity;
    }

    public void setMaximumSizePerEntity(long maximumSizePerEntity) {
      this.maximumSizePerEntity = maximumSizePerEntity;
    }
  }

  /** Redis store. */
  public static class Redis {
    /** redis://host:port, rediss:// for TLS, redis://user:password@host for ACL users. */
    private @Nullable String uri;

    /** Whether the URI names a node of a Redis Cluster. */
    private boolean cluster;

    /** How long a caller waits for one Redis command before the loader serves instead. */
    private Duration commandTimeout = Duration.ofMillis(250);

    public @Nullable String getUri() {
      return uri;
    }

    public void setUri(@Nullable String uri) {
      this.uri = uri;
    }

    public boolean isCluster() {
      return cluster;
    }

    public void setCluster(boolean cluster) {
      this.cluster = cluster;
    }

    public Duration getCommandTimeout() {
      return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }
  }

  /** Overrides for one entity; unset values fall back to the evergreen.* defaults. */
  public static class Entity {
    /** Overrides evergreen.refresh-after for this entity. */
    private @Nullable Duration refreshAfter;

    /** Overrides evergreen.expire-after for this entity. */
    private @Nullable Duration expireAfter;

    /** Overrides evergreen.negative-ttl for this entity. */
    private @Nullable Duration negativeTtl;

    public @Nullable Duration getRefreshAfter() {
      return refreshAfter;
    }

    public void setRefreshAfter(@Nullable Duration refreshAfter) {
      this.refreshAfter = refreshAfter;
    }

    public @Nullable Duration getExpireAfter() {
      return expireAfter;
    }

    public void setExpireAfter(@Nullable Duration expireAfter) {
      this.expireAfter = expireAfter;
    }

    public @Nullable Duration getNegativeTtl() {
      return negativeTtl;
    }

    public void setNegativeTtl(@Nullable Duration negativeTtl) {
      this.negativeTtl = negativeTtl;
    }
  }

  /** The CacheManager bridge. */
  public static class CacheManager {
    /** Registers a CacheManager backed by Evergreen (use @Cacheable(sync = true) for refresh). */
    private boolean enabled;

    /** Value type per cache name, for the schema hash and for decoding from Redis. */
    private Map<String, Class<?>> types = new LinkedHashMap<>();

    /**
     * Whether caches store null values (for the entity's negative-ttl), as Spring's own managers do
     * by default.
     */
    private boolean allowNullValues = true;

    /** Per cache name: allow-null-values for that cache alone. */
    private Map<String, Boolean> allowNullValuesFor = new LinkedHashMap<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Map<String, Class<?>> getTypes() {
      return types;
    }

    public void setTypes(Map<String, Class<?>> types) {
      this.types = types;
    }

    public boolean isAllowNullValues() {
      return allowNullValues;
    }

    public void setAllowNullValues(boolean allowNullValues) {
      this.allowNullValues = allowNullValues;
    }

    public Map<String, Boolean> getAllowNullValuesFor() {
      return allowNullValuesFor;
    }

    public void setAllowNullValuesFor(Map<String, Boolean> allowNullValuesFor) {
      this.allowNullValuesFor = allowNullValuesFor;
    }
  }
}
