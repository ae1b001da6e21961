package dev.evergreen.cache;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Single-flight for callers that cannot use the store (it failed, or an invalidation of the key is
 * pending): they cannot see whether another process wrote the key, so a caller shares only a load
 * that had not begun when it arrived. Per key, at most one load runs while the next one gathers the
 * callers that arrive meanwhile; its first caller runs it once the running one is done. So the
 * database sees at most one load per key at a time, and no caller gets a value older than a write
 * that returned before the caller began.
 */
final class StorelessLoads<K, V> {
  private static final class Batch<V> {
    final CompletableFuture<V> result = new CompletableFuture<>();
  }

  /** Guarded by {@code ConcurrentHashMap.compute} on the key. */
  private static final class Key<V> {
    volatile @Nullable Batch<V> running;
    volatile @Nullable Batch<V> gathering;
  }

  private final Map<K, Key<@Nullable V>> keys = new ConcurrentHashMap<>();
  private final Function<K, @Nullable V> loader;
  private final UnaryOperator<@Nullable V> copyForWaiter;

  StorelessLoads(Function<K, @Nullable V> loader, UnaryOperator<@Nullable V> copyForWaiter) {
    this.loader = loader;
    this.copyForWaiter = copyForWaiter;
  }

  @Nullable V load(K id) {
    Joined<@Nullable V> joined = join(id);
    if (joined.role == Role.WAIT) {
      return copyForWaiter.apply(await(joined.batch));
    }
    if (joined.role == Role.RUN_NEXT) {
      Key<@Nullable V> state = keys.get(id);
      awaitQuietly(state == null ? null : state.running);
      promote(id, joined.batch);
    }
    return run(id, joined.batch);
  }

  private enum Role {
    /** Nothing runs or gathers: run at once. */
    RUN_NOW,
    /** A load runs: gather callers, and run once it is done. */
    RUN_NEXT,
    /** Another caller gathers: wait for its load. */
    WAIT
  }

  private record Joined<V>(Batch<V> batch, Role role) {}

  private Joined<@Nullable V> join(K id) {
    @SuppressWarnings("unchecked")
    Joined<@Nullable V>[] joined = new Joined[1];
    keys.compute(
        id,
        (key, state) -> {
          Key<@Nullable V> current = state != null ? state : new Key<>();
          if (current.gathering != null) {
            joined[0] = new Joined<>(current.gathering, Role.WAIT);
          } else if (current.running == null) {
            current.running = new Batch<>();
            joined[0] = new Joined<>(current.running, Role.RUN_NOW);
          } else {
            current.gathering = new Batch<>();
            joined[0] = new Joined<>(current.gathering, Role.RUN_NEXT);
          }
          return current;
        });
    return joined[0];
  }

  /** The running load is done: the gathering batch runs now, and a new one gathers. */
  private void promote(K id, Batch<@Nullable V> batch) {
    keys.computeIfPresent(
        id,
        (key, state) -> {
          if (state.gathering == batch) {
            state.running = batch;
            state.gathering = null;
          }
          return state;
        });
  }

  private @Nullable V run(K id, Batch<@Nullable V> batch) {
    try {
      V value = loader.apply(id);
      batch.result.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      batch.result.completeExceptionally(e);
      throw e;
    } finally {
      keys.computeIfPresent(
          id,
          (key, state) -> {
            if (state.running == batch) {
              state.running = null;
            }
            return state.running == null && state.gathering == null ? null : state;
          });
    }
  }

  private static void awaitQuietly(@Nullable Batch<?> running) {
    if (running != null) {
      running.result.exceptionally(e -> null).join();
    }
  }

  private @Nullable V await(Batch<@Nullable V> batch) {
    try {
      return batch.result.join();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw (Error) cause;
    }
  }
}
