package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.spi.EntryCodec;
import dev.evergreen.cache.spi.Lease;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The refresh engine of one entity: decides fresh / stale / miss from an entry's age, lets one
 * caller per key load a miss, queues one refresh per stale key, and writes loaded values with a
 * conditional write so that nothing older lands after an invalidation or a put.
 */
final class DefaultEntityCache<K, V> implements EntityCache<K, V> {
  private static final System.Logger LOG = System.getLogger("dev.evergreen.cache");
  private static final long MAX_FILL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private enum State {
    FRESH,
    STALE,
    MISS
  }

  /** What {@link #read} returns when the store failed: a miss, and a sign to leave it alone. */
  private static final StoreEntry<?> UNREADABLE = StoreEntry.tombstone(0, 0);

  private final String name;
  private final Class<V> type;
  private final CacheSettings settings;
  private final EntitySchema schema;
  private final String keyPrefix;
  private final EntityLoader<K, V> loader;
  private final StoreSpace<K, V> space;
  private final EntryCodec<V> codec;
  private final Clock clock;
  private final Executor executor;
  private final EntityMetrics metrics;
  private final long refreshAfterMillis;
  private final long expireAfterMillis;
  private final long negativeTtlMillis;
  private final long maxValueBytes;
  private final Duration leaseTtl;

  private final Map<K, CompletableFuture<@Nullable V>> loads = new ConcurrentHashMap<>();
  private final Map<K, CompletableFuture<@Nullable V>> refreshes = new ConcurrentHashMap<>();
  private final RefreshBackoff<K> backoff;
  private final RateLimitedLog storeLog = new RateLimitedLog();
  private final RateLimitedLog refreshLog = new RateLimitedLog();
  private final AtomicBoolean oversizeLogged = new AtomicBoolean();

  /**
   * Writers share it; {@link #invalidateAll} and {@link #close} take it alone, so no write that
   * began before them can land after them.
   */
  private final ReentrantReadWriteLock writeGuard = new ReentrantReadWriteLock();

  private volatile long epoch;
  private volatile boolean closed;

  DefaultEntityCache(
      EntitySettings<V> settings,
      EntitySchema schema,
      String keyPrefix,
      EntityLoader<K, V> loader,
      StoreSpace<K, V> space,
      EntryCodec<V> codec,
      Clock clock,
      Executor executor,
      EntityMetrics metrics,
      long maxValueBytes,
      Duration leaseTtl) {
    this.name = settings.name();
    this.type = settings.type();
    this.settings =
        new CacheSettings(settings.refreshAfter(), settings.expireAfter(), settings.negativeTtl());
    this.schema = schema;
    this.keyPrefix = keyPrefix;
    this.loader = loader;
    this.space = space;
    this.codec = codec;
    this.clock = clock;
    this.executor = executor;
    this.metrics = metrics;
    this.refreshAfterMillis = settings.refreshAfter().toMillis();
    this.expireAfterMillis = settings.expireAfter().toMillis();
    this.negativeTtlMillis = settings.negativeTtl().toMillis();
    this.maxValueBytes = maxValueBytes;
    this.leaseTtl = leaseTtl;
    this.backoff = new RefreshBackoff<>(refreshAfterMillis);
  }

  // ---- reads -------------------------------------------------------------------------------

  @Override
  public @Nullable V get(K id) {
    Names.checkId(name, id);
    if (closed) {
      return callLoader(id);
    }
    StoreEntry<V> entry = read(id);
    if (entry != null) {
      State state = state(entry, clock.millis());
      if (state == State.FRESH) {
        metrics.hit();
        return entry.value();
      }
      if (state == State.STALE) {
        metrics.stale();
        refreshInBackground(id);
        return entry.value();
      }
    }
    metrics.miss(1);
    return loadOnMiss(id, entry != UNREADABLE);
  }

  @Override
  public @Nullable V getIfPresent(K id) {
    Names.checkId(name, id);
    if (closed) {
      return null;
    }
    StoreEntry<V> entry = read(id);
    State state = state(entry, clock.millis());
    if (state == State.MISS) {
      metrics.miss(1);
      return null;
    }
    if (state == State.STALE) {
      metrics.stale();
      refreshInBackground(id);
    } else {
      metrics.hit();
    }
    return requireNonNull(entry).value();
  }

  @Override
  public Map<K, V> getAll(Iterable<? extends K> ids) {
    requireNonNull(ids, "ids");
    Set<K> wanted = new LinkedHashSet<>();
    for (K id : ids) {
      Names.checkId(name, id);
      wanted.add(id);
    }
    if (wanted.isEmpty()) {
      return Map.of();
    }
    Map<K, @Nullable V> resolved = new HashMap<>();
    if (closed) {
      resolved.putAll(callLoadAll(wanted));
    } else {
      Map<K, StoreEntry<V>> found = readAll(wanted);
      boolean storeAnswered = found != null;
      if (found == null) {
        found = Map.of();
      }
      long now = clock.millis();
      List<K> missing = new ArrayList<>();
      for (K id : wanted) {
        StoreEntry<V> entry = found.get(id);
        State state = state(entry, now);
        if (state == State.MISS) {
          missing.add(id);
          continue;
        }
        if (state == State.STALE) {
          metrics.stale();
          refreshInBackground(id);
        } else {
          metrics.hit();
        }
        resolved.put(id, requireNonNull(entry).value());
      }
      if (!missing.isEmpty()) {
        metrics.miss(missing.size());
        if (storeAnswered) {
          loadMisses(missing, resolved);
        } else {
          resolved.putAll(callLoadAll(new LinkedHashSet<>(missing)));
        }
      }
    }
    Map<K, V> result = new LinkedHashMap<>();
    for (K id : wanted) {
      V value = resolved.get(id);
      if (value != null) {
        result.put(id, value);
      }
    }
    return result;
  }

  private State state(@Nullable StoreEntry<V> entry, long now) {
    if (entry == null) {
      return State.MISS;
    }
    long age = now - entry.writtenAt();
    StoreEntry.Kind kind = entry.kind();
    if (kind == StoreEntry.Kind.VALUE) {
      return age < refreshAfterMillis
          ? State.FRESH
          : age < expireAfterMillis ? State.STALE : State.MISS;
    }
    if (kind == StoreEntry.Kind.ABSENT) {
      return age < negativeTtlMillis ? State.FRESH : State.MISS;
    }
    return State.MISS;
  }

  // ---- misses: one loader call per key, concurrent callers wait --------------------------------

  /**
   * @param storeAnswered false when the read that found the miss failed: then the store is not
   *     asked again in this call (a paused Redis would cost a timeout per step), only the loader
   */
  private @Nullable V loadOnMiss(K id, boolean storeAnswered) {
    CompletableFuture<@Nullable V> mine = new CompletableFuture<>();
    CompletableFuture<@Nullable V> inFlight = loads.putIfAbsent(id, mine);
    if (inFlight != null) {
      return await(inFlight);
    }
    try {
      V value = storeAnswered ? loadAndStore(id) : callLoader(id);
      mine.complete(value);
      return value;
    } catch (Throwable t) {
      mine.completeExceptionally(t);
      throw t;
    } finally {
      loads.remove(id, mine);
    }
  }

  private @Nullable V loadAndStore(K id) {
    // A caller that loaded this key may have finished between our read and our claim.
    StoreEntry<V> current = read(id);
    if (current == UNREADABLE) {
      return callLoader(id);
    }
    if (state(current, clock.millis()) != State.MISS) {
      return requireNonNull(current).value();
    }
    Lease lease = tryLease(id);
    try {
      if (lease == null) { // another process is loading this key: wait for its value, bounded
        long deadline = System.nanoTime() + leaseTtl.toNanos();
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(2);
        while (lease == null && System.nanoTime() - deadline < 0) {
          LockSupport.parkNanos(pauseNanos);
          pauseNanos = Math.min(pauseNanos * 2, MAX_FILL_POLL_NANOS);
          current = read(id);
          if (current == UNREADABLE) {
            break; // the store failed while we waited: load without it
          }
          if (state(current, clock.millis()) != State.MISS) {
            return requireNonNull(current).value();
          }
          lease = tryLease(id); // granted once the holder released it, or died and it expired
        }
      }
      if (lease != null && lease != Lease.LOCAL) {
        // The holder before us may have stored the value and released the lease between our
        // read and our lease: look again before loading.
        current = read(id);
        if (current != UNREADABLE && state(current, clock.millis()) != State.MISS) {
          return requireNonNull(current).value();
        }
      }
      long epochAtStart = epoch;
      long startedAt = clock.millis();
      V value = callLoader(id);
      if (current != UNREADABLE) {
        store(id, current, value, epochAtStart, startedAt);
      }
      return value;
    } finally {
      if (lease != null) {
        lease.close();
      }
    }
  }

  private void loadMisses(List<K> missing, Map<K, @Nullable V> resolved) {
    Map<K, CompletableFuture<@Nullable V>> mine = new LinkedHashMap<>();
    Map<K, CompletableFuture<@Nullable V>> theirs = new HashMap<>();
    for (K id : missing) {
      CompletableFuture<@Nullable V> future = new CompletableFuture<>();
      CompletableFuture<@Nullable V> inFlight = loads.putIfAbsent(id, future);
      if (inFlight == null) {
        mine.put(id, future);
      } else {
        theirs.put(id, inFlight);
      }
    }
    try {
      if (!mine.isEmpty()) {
        loadClaimed(mine, resolved);
      }
    } finally {
      mine.forEach(loads::remove);
    }
    theirs.forEach((id, future) -> resolved.put(id, await(future)));
  }

  private void loadClaimed(
      Map<K, CompletableFuture<@Nullable V>> claimed, Map<K, @Nullable V> resolved) {
    Map<K, StoreEntry<V>> current = readAll(claimed.keySet());
    boolean storeAnswered = current != null;
    if (current == null) {
      current = Map.of();
    }
    long now = clock.millis();
    Set<K> toLoad = new LinkedHashSet<>();
    for (Map.Entry<K, CompletableFuture<@Nullable V>> claim : claimed.entrySet()) {
      StoreEntry<V> entry = current.get(claim.getKey());
      if (state(entry, now) == State.MISS) {
        toLoad.add(claim.getKey());
      } else {
        V value = requireNonNull(entry).value();
        resolved.put(claim.getKey(), value);
        claim.getValue().complete(value);
      }
    }
    if (toLoad.isEmpty()) {
      return;
    }
    long epochAtStart = epoch;
    long startedAt = clock.millis();
    Map<K, V> loaded;
    try {
      loaded = callLoadAll(toLoad);
    } catch (Throwable t) {
      toLoad.forEach(id -> claimed.get(id).completeExceptionally(t));
      throw t;
    }
    for (K id : toLoad) {
      V value = loaded.get(id);
      if (storeAnswered) {
        store(id, current.get(id), value, epochAtStart, startedAt);
      }
      resolved.put(id, value);
      claimed.get(id).complete(value);
    }
  }

  private @Nullable V await(CompletableFuture<@Nullable V> inFlight) {
    try {
      return inFlight.join();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new EntityLoadException(name + ": load failed", cause);
    }
  }

  // ---- refresh: one per stale key, in the background, never blocking a reader ----------------

  private void refreshInBackground(K id) {
    if (refreshes.containsKey(id) || backoff.isWaiting(id, clock.millis())) {
      return; // already running (the common case under load): allocate nothing
    }
    CompletableFuture<@Nullable V> future = new CompletableFuture<>();
    if (refreshes.putIfAbsent(id, future) == null) {
      submitRefresh(id, future, false);
    }
  }

  @Override
  public CompletableFuture<@Nullable V> refresh(K id) {
    Names.checkId(name, id);
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException(name + ": cache is closed"));
    }
    CompletableFuture<@Nullable V> future = new CompletableFuture<>();
    CompletableFuture<@Nullable V> inFlight = refreshes.putIfAbsent(id, future);
    if (inFlight != null) {
      return inFlight;
    }
    submitRefresh(id, future, true);
    return future;
  }

  private void submitRefresh(K id, CompletableFuture<@Nullable V> future, boolean evenIfFresh) {
    try {
      executor.execute(() -> runRefresh(id, future, evenIfFresh));
    } catch (RejectedExecutionException e) {
      refreshes.remove(id, future);
      metrics.refreshDropped();
      future.completeExceptionally(e);
    }
  }

  private void runRefresh(K id, CompletableFuture<@Nullable V> future, boolean evenIfFresh) {
    Lease lease = null;
    try {
      if (closed) {
        future.cancel(false);
        return;
      }
      // Read again: a put, or another node's refresh, may have made the entry fresh since.
      StoreEntry<V> current = read(id);
      if (!evenIfFresh && state(current, clock.millis()) == State.FRESH) {
        future.complete(requireNonNull(current).value());
        return;
      }
      boolean storeAnswered = current != UNREADABLE;
      lease = storeAnswered ? tryLease(id) : Lease.LOCAL;
      if (lease == null) { // another process is refreshing this key
        future.complete(current == null ? null : current.value());
        return;
      }
      if (lease != Lease.LOCAL && !evenIfFresh) {
        // Another process may have refreshed and released between our read and our lease.
        StoreEntry<V> again = read(id);
        if (again != UNREADABLE && state(again, clock.millis()) == State.FRESH) {
          future.complete(requireNonNull(again).value());
          return;
        }
        current = again;
        storeAnswered = again != UNREADABLE;
      }
      long epochAtStart = epoch;
      long startedAt = clock.millis();
      V value = callLoader(id);
      if (storeAnswered) {
        store(id, current, value, epochAtStart, startedAt);
      }
      backoff.forget(id);
      metrics.refreshSucceeded();
      future.complete(value);
    } catch (Throwable t) {
      backoff.failed(id, clock.millis());
      metrics.refreshFailed();
      refreshLog.warn(
          name + ": background refresh of id " + id + " failed; serving the stale value", t);
      future.completeExceptionally(t);
    } finally {
      refreshes.remove(id, future);
      if (lease != null) {
        lease.close();
      }
    }
  }

  private @Nullable Lease tryLease(K id) {
    try {
      return space.tryLease(id, leaseTtl);
    } catch (RuntimeException e) {
      storeFailed("lease", e);
      return Lease.LOCAL; // the store is failing: load locally, its write will be skipped anyway
    }
  }

  // ---- the loader --------------------------------------------------------------------------

  private @Nullable V callLoader(K id) {
    long start = System.nanoTime();
    Object value;
    try {
      value = loader.load(id);
    } catch (Exception e) {
      loadFailed(start);
      throw unchecked(e, "loader failed for id " + id);
    }
    if (value != null && !type.isInstance(value)) {
      loadFailed(start);
      throw wrongType(id, value);
    }
    loadSucceeded(start);
    return type.cast(value);
  }

  private Map<K, V> callLoadAll(Set<K> ids) {
    long start = System.nanoTime();
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(ids);
    } catch (Exception e) {
      loadFailed(start);
      throw unchecked(e, "loadAll failed for ids " + ids);
    }
    if (loaded == null) {
      loadFailed(start);
      throw new IllegalStateException(name + ": loadAll returned null for ids " + ids);
    }
    for (Map.Entry<K, V> entry : loaded.entrySet()) {
      Object value = entry.getValue();
      if (value != null && !type.isInstance(value)) {
        loadFailed(start);
        throw wrongType(entry.getKey(), value);
      }
    }
    loadSucceeded(start);
    return loaded;
  }

  /**
   * A loader's unchecked exception reaches the caller as it is; a checked one, which {@code get}
   * cannot declare, is wrapped. An {@link Error} is never caught at all.
   */
  private RuntimeException unchecked(Exception e, String what) {
    if (e instanceof RuntimeException runtime) {
      return runtime;
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new EntityLoadException(name + ": " + what + ": " + e, e);
  }

  private IllegalStateException wrongType(Object id, Object value) {
    return new IllegalStateException(
        name
            + ": loader returned a "
            + value.getClass().getName()
            + " for id "
            + id
            + ", expected a "
            + type.getName());
  }

  private void loadSucceeded(long startNanos) {
    metrics.loadSucceeded(System.nanoTime() - startNanos);
  }

  private void loadFailed(long startNanos) {
    metrics.loadFailed(System.nanoTime() - startNanos);
  }

  // ---- writes ------------------------------------------------------------------------------

  @Override
  public void put(K id, V value) {
    Names.checkId(name, id);
    if (value == null) {
      throw new IllegalArgumentException(name + ": value for id " + id + " must not be null");
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          name
              + ": value for id "
              + id
              + " is a "
              + value.getClass().getName()
              + ", expected a "
              + type.getName());
    }
    if (!fits(id, value)) {
      return;
    }
    guardedWrite(id, StoreEntry.value(value, clock.millis(), newStamp()));
  }

  @Override
  public void invalidate(K id) {
    Names.checkId(name, id);
    backoff.forget(id);
    // A tombstone, not a delete: a load that read the old row must see the entry changed.
    guardedWrite(id, StoreEntry.tombstone(clock.millis(), newStamp()));
  }

  @Override
  public void invalidateAll() {
    Lock lock = writeGuard.writeLock();
    lock.lock();
    try {
      epoch++;
      if (!closed) {
        space.clear();
      }
    } catch (RuntimeException e) {
      storeFailed("clear", e);
    } finally {
      lock.unlock();
    }
  }

  private void guardedWrite(K id, StoreEntry<V> entry) {
    Lock lock = writeGuard.readLock();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      space.put(id, entry);
      metrics.put();
    } catch (RuntimeException e) {
      storeFailed("write", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stores what a load returned, unless the entry changed since it was read as {@code expected} (an
   * invalidation or a put landed), invalidateAll ran, or the cache closed meanwhile.
   */
  private void store(
      K id,
      @Nullable StoreEntry<V> expected,
      @Nullable V value,
      long epochAtStart,
      long startedAt) {
    StoreEntry<V> next;
    if (value == null) {
      if (negativeTtlMillis == 0) {
        return;
      }
      next = StoreEntry.absent(startedAt, newStamp());
    } else {
      if (!fits(id, value)) {
        return;
      }
      next = StoreEntry.value(value, startedAt, newStamp());
    }
    Lock lock = writeGuard.readLock();
    lock.lock();
    try {
      if (closed || epoch != epochAtStart) {
        return;
      }
      if (space.replace(id, expected, next)) {
        metrics.put();
      }
    } catch (RuntimeException e) {
      storeFailed("write", e);
    } finally {
      lock.unlock();
    }
  }

  private boolean fits(K id, V value) {
    long size;
    try {
      size = codec.sizeOf(value);
    } catch (RuntimeException e) {
      storeFailed("serialize", e);
      return false;
    }
    if (size <= maxValueBytes) {
      return true;
    }
    metrics.oversized();
    if (oversizeLogged.compareAndSet(false, true)) {
      LOG.log(
          Level.WARNING,
          name
              + ": value for id "
              + id
              + " is "
              + size
              + " bytes of JSON, more than maxValueBytes ("
              + maxValueBytes
              + "); values this large are returned but not cached (logged once)");
    }
    return false;
  }

  private static long newStamp() {
    return ThreadLocalRandom.current().nextLong();
  }

  // ---- store calls never fail a caller ---------------------------------------------------

  /** The stored entry, or {@link #UNREADABLE} if the store failed (counted and logged). */
  @SuppressWarnings("unchecked")
  private @Nullable StoreEntry<V> read(K id) {
    try {
      return space.get(id);
    } catch (RuntimeException e) {
      storeFailed("read", e);
      return (StoreEntry<V>) UNREADABLE;
    }
  }

  /** The stored entries, or {@code null} if the store failed (counted and logged). */
  private @Nullable Map<K, StoreEntry<V>> readAll(Set<K> ids) {
    try {
      return space.getAll(ids);
    } catch (RuntimeException e) {
      storeFailed("read", e);
      return null;
    }
  }

  private void storeFailed(String operation, RuntimeException e) {
    metrics.storeError();
    storeLog.warn(name + ": store " + operation + " failed; the loader serves instead", e);
  }

  // ---- identity ----------------------------------------------------------------------------

  @Override
  public String key(K id) {
    Names.checkId(name, id);
    return keyPrefix + id;
  }

  @Override
  public EntitySchema schema() {
    return schema;
  }

  @Override
  public CacheSettings settings() {
    return settings;
  }

  /** Stops all writes; returns once no write is in progress. */
  void close() {
    Lock lock = writeGuard.writeLock();
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "EntityCache{" + keyPrefix + "}";
  }
}
