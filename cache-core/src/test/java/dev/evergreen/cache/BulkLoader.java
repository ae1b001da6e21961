package dev.evergreen.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A loader for tests of {@code getAll}: loads only in bulk, through {@code loadAll}, and fails the
 * test if the engine ever loads one id alone.
 */
public final class BulkLoader<K, V> implements EntityLoader<K, V> {
  /** What {@code loadAll} does. */
  @FunctionalInterface
  public interface Bulk<K, V> {
    Map<K, V> load(Set<? extends K> ids) throws Exception;
  }

  private final Bulk<K, V> bulk;

  private BulkLoader(Bulk<K, V> bulk) {
    this.bulk = bulk;
  }

  /** A loader whose {@code loadAll} is {@code bulk}. */
  public static <K, V> BulkLoader<K, V> of(Bulk<K, V> bulk) {
    return new BulkLoader<>(bulk);
  }

  /** A loader of {@code row(id)} for every id asked for, running {@code onEachCall} per call. */
  public static <K, V> BulkLoader<K, V> rows(Function<? super K, V> row, Runnable onEachCall) {
    return new BulkLoader<>(
        ids -> {
          onEachCall.run();
          return rowsOf(ids, row);
        });
  }

  /** {@code row(id)} for every id. */
  public static <K, V> Map<K, V> rowsOf(Set<? extends K> ids, Function<? super K, V> row) {
    Map<K, V> found = new HashMap<>();
    ids.forEach(id -> found.put(id, row.apply(id)));
    return found;
  }

  @Override
  public V load(K id) {
    throw new AssertionError("getAll loads in bulk, but " + id + " was loaded alone");
  }

  @Override
  public Map<K, V> loadAll(Set<? extends K> ids) throws Exception {
    return bulk.load(ids);
  }
}
