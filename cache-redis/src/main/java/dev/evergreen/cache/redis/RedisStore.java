package dev.evergreen.cache.redis;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.SchemaRegistry;
import dev.evergreen.cache.spi.SpaceConfig;
import dev.evergreen.cache.spi.StoreSpace;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A store in Redis, standalone or Cluster, through one shared Lettuce connection.
 *
 * <pre>{@code
 * Evergreen.builder().store(RedisStore.create("redis://localhost:6379")).build();
 * }</pre>
 *
 * <h2>Commands</h2>
 *
 * A {@code get} is one {@code GET}; a {@code getAll} is pipelined {@code MGET}s of at most 500 keys
 * (split by slot on a cluster); a caller's put is {@code SET ... PX <ttl>}; an invalidation is a
 * {@code SET} of a tombstone, or a {@code DEL} when Redis refuses it for memory. Claiming a key
 * (its entry and its lease in one call), the fenced write of a loaded value, and renewing and
 * releasing a lease are Lua scripts on one key each, run by {@code EVALSHA}. The lease lives in the
 * entry's own value (see the README's Redis section), so anything that replaces or removes the
 * entry revokes it. Commands are asynchronous and pipelined on the shared connection; each caller
 * waits at most the command timeout per reply.
 *
 * <h2>Failure</h2>
 *
 * Every failure reaches the engine as an exception it counts ({@code cache.store.errors}) and
 * answers from the loader (a failed put or invalidation is retried until it lands); no caller sees
 * it. After {@link Builder#circuitBreaker 3} consecutive failures (timeouts, lost connection) the
 * circuit opens and calls fail at once for 1 s; then one call probes the server again. If Redis is
 * down when the store is created, it connects in the background and serves from loaders meanwhile.
 * A value that does not decode is a miss, counted as {@code cache.decode.failures}, and deleted.
 *
 * <p>Thread-safe. {@link #close()} closes the connection, and the client too when this store
 * created it from a URI; a client passed in is left open.
 *
 * @since 0.1.0
 */
public final class RedisStore implements CacheStore {
  /** How long a caller waits for one Redis command unless configured otherwise. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisAccess access;
  private final RedisSchemaRegistry schemas;

  private RedisStore(RedisAccess access) {
    this.access = access;
    this.schemas = new RedisSchemaRegistry(access);
  }

  /** A store on a standalone (or Sentinel) client you own; {@link #close()} leaves it open. */
  public static RedisStore create(RedisClient client) {
    return builder(client).build();
  }

  /** A store on a Redis Cluster client you own; {@link #close()} leaves it open. */
  public static RedisStore create(RedisClusterClient client) {
    return builder(client).build();
  }

  /**
   * A store on a standalone server: {@code redis://host:port}, {@code rediss://} for TLS, {@code
   * redis://user:password@host} for ACL users, {@code /database} to pick one. The store owns the
   * client it creates.
   *
   * @throws IllegalArgumentException if the URI is malformed
   */
  public static RedisStore create(String uri) {
    return builder(uri).build();
  }

  /** A store on a Redis Cluster reached through any of its nodes' URI; it owns its client. */
  public static RedisStore createCluster(String uri) {
    return clusterBuilder(uri).build();
  }

  public static Builder builder(RedisClient client) {
    return new Builder(requireNonNull(client, "client"), null);
  }

  public static Builder builder(RedisClusterClient client) {
    return new Builder(requireNonNull(client, "client"), null);
  }

  /**
   * @throws IllegalArgumentException if the URI is malformed
   */
  public static Builder builder(String uri) {
    return ownedClient(uri, RedisClient::create);
  }

  /**
   * @throws IllegalArgumentException if the URI is malformed
   */
  public static Builder clusterBuilder(String uri) {
    return ownedClient(uri, RedisClusterClient::create);
  }

  /**
   * A store on a standalone (or Sentinel) server given as a Lettuce {@link RedisURI} (host, port,
   * database, credentials, TLS): what Spring Boot's connection details translate to. The store owns
   * the client it creates.
   */
  public static Builder builder(RedisURI uri) {
    requireNonNull(uri, "uri");
    return ownedClientOf(
        uri.getHost() + ":" + uri.getPort(), resources -> RedisClient.create(resources, uri));
  }

  /** A store on a Redis Cluster reached through any of {@code seeds}; it owns its client. */
  public static Builder clusterBuilder(List<RedisURI> seeds) {
    if (requireNonNull(seeds, "seeds").isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one seed node");
    }
    return ownedClientOf(
        seeds.get(0).getHost() + ":" + seeds.get(0).getPort() + " (cluster)",
        resources -> RedisClusterClient.create(resources, List.copyOf(seeds)));
  }

  private static Builder ownedClient(
      String uri, BiFunction<ClientResources, String, AbstractRedisClient> create) {
    requireNonNull(uri, "uri");
    return ownedClientOf(uri, resources -> create.apply(resources, uri));
  }

  /**
   * The message names the URI with its user information hidden, and keeps the underlying exception
   * as the cause only if nothing in its chain quotes the credentials (Lettuce's may).
   */
  private static Builder ownedClientOf(
      String described, Function<ClientResources, AbstractRedisClient> create) {
    ClientResources resources = ownedResources();
    try {
      return new Builder(create.apply(resources), resources);
    } catch (RuntimeException e) {
      resources.shutdown();
      String message =
          "invalid Redis URI '"
              + Redaction.uri(described)
              + "': "
              + Redaction.message(e.getMessage(), described);
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (Redaction.leaks(c.getMessage(), described)
            || Redaction.leaks(c.toString(), described)) {
          return failWithout(message, e);
        }
      }
      throw new IllegalArgumentException(message, e);
    }
  }

  private static Builder failWithout(String message, RuntimeException cause) {
    throw new IllegalArgumentException(
        message + " (" + cause.getClass().getName() + "; its message quoted the credentials)");
  }

  /** A cache should come back soon after Redis does: reconnect within 5 s, not Lettuce's 30 s. */
  private static ClientResources ownedResources() {
    return DefaultClientResources.builder()
        .reconnectDelay(
            Delay.exponential(
                Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS))
        .build();
  }

  @Override
  public <K, V> StoreSpace<K, V> space(SpaceConfig<V> config) {
    return new RedisSpace<>(access, config);
  }

  /**
   * The schema versions of each entity that processes sharing this Redis use, one small hash per
   * entity under {@code [namespace:]Entity:schemas}.
   */
  @Override
  public SchemaRegistry schemas() {
    return schemas;
  }

  /**
   * {@code uri} with its user information (user name, password) replaced by {@code ***}, for
   * messages and logs; also for a malformed URI.
   */
  public static String redactedUri(String uri) {
    return Redaction.uri(requireNonNull(uri, "uri"));
  }

  /** Whether the circuit breaker currently keeps calls away from Redis. */
  public boolean isCircuitOpen() {
    return access.isCircuitOpen();
  }

  /** Leases held through this store and being renewed now: for tests. */
  int heldLeases() {
    return access.leaseRenewer().size();
  }

  @Override
  public void close() {
    access.close();
  }

  /** Options of a {@link RedisStore}. Not thread-safe. */
  public static final class Builder {
    private final AbstractRedisClient client;
    private final boolean ownsClient;
    private final @Nullable ClientResources ownedResources;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private int failureThreshold = 3;
    private Duration openFor = Duration.ofSeconds(1);
    private @Nullable SslOptions sslOptions;

    private Builder(AbstractRedisClient client, @Nullable ClientResources ownedResources) {
      this.client = client;
      this.ownsClient = ownedResources != null;
      this.ownedResources = ownedResources;
    }

    /**
     * How long a caller waits for one command before it counts as failed and the loader serves.
     * Default: {@link #DEFAULT_COMMAND_TIMEOUT} (250 ms).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder commandTimeout(Duration timeout) {
      requireNonNull(timeout, "commandTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("commandTimeout must be positive, was " + timeout);
      }
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * Opens the circuit after {@code consecutiveFailures} failed calls in a row, for {@code
     * openFor} before one probe. Default: 3 failures, 1 s.
     *
     * @throws IllegalArgumentException if either is not positive
     */
    public Builder circuitBreaker(int consecutiveFailures, Duration openFor) {
      requireNonNull(openFor, "openFor");
      if (consecutiveFailures <= 0 || openFor.isNegative() || openFor.isZero()) {
        throw new IllegalArgumentException(
            "circuitBreaker needs positive values, was " + consecutiveFailures + ", " + openFor);
      }
      this.failureThreshold = consecutiveFailures;
      this.openFor = openFor;
      return this;
    }

    /**
     * TLS trust and key material for a client the store creates (a {@code rediss://} URI, or a URI
     * with TLS on); without, the JVM's default trust store. Ignored for a client passed in.
     */
    public Builder sslOptions(SslOptions options) {
      this.sslOptions = requireNonNull(options, "options");
      return this;
    }

    /**
     * Creates the store and connects (in the background if Redis does not answer now). A client the
     * store created from a URI times commands out after the command timeout, and a standalone one
     * rejects commands while disconnected, so nothing is buffered and replayed late; a client
     * passed in keeps its own options.
     */
    public RedisStore build() {
      CircuitBreaker breaker = new CircuitBreaker(failureThreshold, openFor);
      Supplier<StatefulConnection<String, byte[]>> connector;
      Function<StatefulConnection<String, byte[]>, RedisClusterAsyncCommands<String, byte[]>>
          commandsOf;
      if (client instanceof RedisClusterClient cluster) {
        if (ownsClient) {
          // Not REJECT_COMMANDS here: a cluster connection opens its node connections lazily,
          // and would reject commands routed to a node it is still connecting to. The timeout
          // cancels a command that waits longer than a caller would.
          cluster.setOptions(
              withSsl(ClusterClientOptions.builder())
                  .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                  .socketOptions(socketOptions())
                  .build());
        }
        connector = () -> cluster.connect(CODEC);
        commandsOf =
            connection -> ((StatefulRedisClusterConnection<String, byte[]>) connection).async();
      } else {
        RedisClient standalone = (RedisClient) client;
        if (ownsClient) {
          standalone.setOptions(
              withSsl(ClientOptions.builder())
                  .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                  .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                  .socketOptions(socketOptions())
                  .build());
        }
        connector = () -> standalone.connect(CODEC);
        commandsOf = connection -> ((StatefulRedisConnection<String, byte[]>) connection).async();
      }
      return new RedisStore(
          new RedisAccess(client, ownedResources, connector, commandsOf, commandTimeout, breaker));
    }

    private <B extends ClientOptions.Builder> B withSsl(B options) {
      if (sslOptions != null) {
        options.sslOptions(sslOptions);
      }
      return options;
    }

    private static SocketOptions socketOptions() {
      return SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build();
    }
  }

  @Override
  public String toString() {
    return "RedisStore{" + access.describe() + "}";
  }
}
