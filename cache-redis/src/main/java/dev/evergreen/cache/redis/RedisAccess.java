package dev.evergreen.cache.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one shared connection, and the rules for using it: every call has an explicit timeout, and a
 * circuit breaker stops waiting on a server that keeps failing. Connecting happens in the
 * background when Redis is down at start, so creating a store never fails or blocks for long.
 */
final class RedisAccess implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.evergreen.cache.redis");
  private static final long MAX_RECONNECT_DELAY_MILLIS = 30_000;

  /** Commands of one {@link #callAll} awaiting a reply at once. */
  static final int WINDOW = 8;

  private final AbstractRedisClient client;
  private final @Nullable ClientResources ownedResources;
  private final Supplier<StatefulConnection<String, byte[]>> connector;
  private final Function<
          StatefulConnection<String, byte[]>, RedisClusterAsyncCommands<String, byte[]>>
      commandsOf;
  private final long timeoutNanos;
  private final CircuitBreaker breaker;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean reconnectScheduled = new AtomicBoolean();
  private volatile @Nullable StatefulConnection<String, byte[]> connection;
  private volatile @Nullable RedisClusterAsyncCommands<String, byte[]> commands;
  private volatile boolean closed;
  private long reconnectDelayMillis = 500;
  private final LeaseRenewer leaseRenewer = new LeaseRenewer(this);

  RedisAccess(
      AbstractRedisClient client,
      @Nullable ClientResources ownedResources,
      Supplier<StatefulConnection<String, byte[]>> connector,
      Function<StatefulConnection<String, byte[]>, RedisClusterAsyncCommands<String, byte[]>>
          commandsOf,
      Duration timeout,
      CircuitBreaker breaker) {
    this.client = client;
    this.ownedResources = ownedResources;
    this.connector = connector;
    this.commandsOf = commandsOf;
    this.timeoutNanos = timeout.toNanos();
    this.breaker = breaker;
    this.scheduler = client.getResources().eventExecutorGroup();
    connect();
  }

  private void connect() {
    try {
      StatefulConnection<String, byte[]> connected = connector.get();
      connection = connected;
      commands = commandsOf.apply(connected);
      if (closed) {
        connected.close(); // closed while we connected
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot connect to Redis yet; the cache serves from loaders", e);
      scheduleReconnect();
    }
  }

  private void scheduleReconnect() {
    if (closed || !reconnectScheduled.compareAndSet(false, true)) {
      return;
    }
    long delay = reconnectDelayMillis;
    reconnectDelayMillis = Math.min(delay * 2, MAX_RECONNECT_DELAY_MILLIS);
    // Connecting blocks, and the scheduler is Lettuce's event loop: connect on a plain thread.
    scheduler.schedule(
        () -> {
          Thread thread =
              new Thread(
                  () -> {
                    reconnectScheduled.set(false);
                    if (!closed && commands == null) {
                      connect();
                    }
                  },
                  "evergreen-redis-connect");
          thread.setDaemon(true);
          thread.start();
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Runs one command and waits for it at most the command timeout.
   *
   * @throws StoreUnavailableException if not connected, the circuit is open, or the command failed
   *     or timed out
   */
  <T> T call(
      String what,
      Function<RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<T>> command) {
    return callAll(what, List.of(command)).get(0);
  }

  /**
   * Sends commands pipelined on the shared connection, at most {@value #WINDOW} awaiting a reply at
   * once, and waits for all of them, each reply at most the command timeout after the one before.
   *
   * <p>The window is what makes a long pipeline safe: Lettuce times a command out from when it was
   * sent, so 200 bulk scripts sent at once had to be answered within one command timeout all
   * together, and a cold {@code getAll} of 100,000 ids on a slow server timed out and went to the
   * loader whole. With at most {@value #WINDOW} queued, each waits only for those ahead of it,
   * while the server still always has the next one to run.
   *
   * @return their results, in order
   * @throws StoreUnavailableException if not connected, the circuit is open, or any command failed
   *     or timed out (those sent before may have been carried out)
   */
  <T> List<T> callAll(
      String what,
      List<Function<RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<T>>>
          commands) {
    RedisClusterAsyncCommands<String, byte[]> current = this.commands;
    if (current == null) {
      throw new StoreUnavailableException("not connected to Redis (yet); " + what + " skipped");
    }
    if (!breaker.allowsCall()) {
      throw new StoreUnavailableException(
          "Redis circuit open after repeated failures; " + what + " skipped");
    }
    // Every way out of here tells the breaker how the call went; a probe left unsettled (an
    // interrupt, an unexpected exception) would keep the circuit open for good.
    boolean settled = false;
    List<CompletableFuture<T>> futures = new ArrayList<>(commands.size());
    try {
      List<T> results = new ArrayList<>(commands.size());
      for (int next = 0; next < commands.size(); next++) {
        while (futures.size() < commands.size() && futures.size() < next + WINDOW) {
          futures.add(commands.get(futures.size()).apply(current).toCompletableFuture());
        }
        results.add(futures.get(next).get(timeoutNanos, TimeUnit.NANOSECONDS));
      }
      breaker.succeeded();
      settled = true;
      return results;
    } catch (TimeoutException e) {
      futures.forEach(future -> future.cancel(false));
      breaker.failed();
      settled = true;
      throw new StoreUnavailableException(
          "Redis " + what + " timed out after " + Duration.ofNanos(timeoutNanos).toMillis() + " ms",
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RedisCommandExecutionException) {
        breaker.succeeded(); // the server answered, with an error
      } else {
        breaker.failed();
      }
      settled = true;
      throw new StoreUnavailableException("Redis " + what + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      futures.forEach(future -> future.cancel(false));
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for Redis " + what, e);
    } catch (RuntimeException e) {
      breaker.failed();
      settled = true;
      throw new StoreUnavailableException("Redis " + what + " failed: " + e, e);
    } finally {
      if (!settled) {
        breaker.abandoned();
      }
    }
  }

  /**
   * Sends a command without waiting for it; skipped when not connected or the circuit is open.
   *
   * @return whether it was sent
   */
  boolean send(
      Function<RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<?>> command) {
    RedisClusterAsyncCommands<String, byte[]> current = commands;
    if (current == null || breaker.isOpen()) {
      return false;
    }
    try {
      command.apply(current);
      return true;
    } catch (RuntimeException e) {
      // Best effort by design: a lease expires, a corrupt key is overwritten later.
      return false;
    }
  }

  ScheduledFuture<?> schedule(Runnable task, long delayMillis, long periodMillis) {
    return scheduler.scheduleAtFixedRate(task, delayMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Renews the leases held through this connection. */
  LeaseRenewer leaseRenewer() {
    return leaseRenewer;
  }

  String describe() {
    String kind =
        client instanceof io.lettuce.core.cluster.RedisClusterClient ? "cluster" : "standalone";
    return kind
        + ", commandTimeout="
        + Duration.ofNanos(timeoutNanos).toMillis()
        + "ms, "
        + (commands == null ? "not connected" : "connected")
        + (breaker.isOpen() ? ", circuit open" : "");
  }

  boolean isCluster() {
    return client instanceof io.lettuce.core.cluster.RedisClusterClient;
  }

  boolean isCircuitOpen() {
    return breaker.isOpen();
  }

  @Override
  public void close() {
    closed = true;
    leaseRenewer.close();
    StatefulConnection<String, byte[]> current = connection;
    commands = null;
    if (current != null) {
      current.close();
    }
    if (ownedResources != null) { // the store created the client: shut both down
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      ownedResources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
