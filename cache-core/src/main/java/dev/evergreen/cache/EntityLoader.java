package dev.evergreen.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Loads entities from their source of truth (usually a repository) by primary key.
 *
 * <p>Called on a miss in the caller's thread (one caller per key; concurrent callers wait for it)
 * and on a refresh in the refresh executor. A {@link RuntimeException} or {@link Error} thrown by
 * the loader on a miss reaches the caller as it is; a checked exception reaches it wrapped in
 * {@link EntityLoadException}. Nothing is cached when a load fails.
 *
 * @param <K> the id type
 * @param <V> the entity type
 * @since 0.1.0
 */
@FunctionalInterface
public interface EntityLoader<K, V> {

  /**
   * Loads the entity with id {@code id}.
   *
   * @return the entity, or {@code null} if there is none (remembered for {@code negativeTtl})
   */
  @Nullable V load(K id) throws Exception;

  /**
   * Loads several entities at once; called by {@link EntityCache#getAll} with all of its misses.
   *
   * <p>The default calls {@link #load} for each id; override it with one bulk query. Ids missing
   * from the returned map are remembered as absent.
   *
   * @param ids the ids to load, never empty
   * @return the entities found, by id; must not hold {@code null} values
   */
  default Map<K, V> loadAll(Set<? extends K> ids) throws Exception {
    Map<K, V> found = new HashMap<>(ids.size() * 2);
    for (K id : ids) {
      V value = load(id);
      if (value != null) {
        found.put(id, value);
      }
    }
    return found;
  }
}
