package dev.evergreen.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The loads in flight per key: at most one is joinable for each key at any time. */
final class Flights<K, R> {
  private final Map<K, Flight<R>> byKey = new ConcurrentHashMap<>();

  /**
   * Returns the flight of {@code id} that admits {@code mine}'s basis, or registers {@code mine}
   * (replacing a flight that started from an older entry, which then runs on unjoinable). The
   * caller owns the load if the result is {@code mine}.
   */
  Flight<R> joinOrStart(K id, Flight<R> mine) {
    return byKey.compute(
        id, (key, current) -> current != null && current.admits(mine.basis) ? current : mine);
  }

  /** Registers {@code mine} only if no flight of {@code id} runs; returns whether it did. */
  boolean startIfIdle(K id, Flight<R> mine) {
    return byKey.putIfAbsent(id, mine) == null;
  }

  boolean isRunning(K id) {
    return byKey.containsKey(id);
  }

  @Nullable Flight<R> get(K id) {
    return byKey.get(id);
  }

  /** Called by the owner when its flight is over. */
  void finish(K id, Flight<R> flight) {
    byKey.remove(id, flight);
  }

  /** A local write of {@code id}: the flight writes nothing, and nobody joins it any more. */
  void cancel(K id) {
    Flight<R> flight = byKey.remove(id);
    if (flight != null) {
      flight.cancel();
    }
  }

  /** Cancels every flight; for {@code invalidateAll} and {@code close}. */
  void cancelAll() {
    byKey.forEach(
        (id, flight) -> {
          flight.cancel();
          byKey.remove(id, flight);
        });
  }

  Iterable<Flight<R>> all() {
    return byKey.values();
  }
}
