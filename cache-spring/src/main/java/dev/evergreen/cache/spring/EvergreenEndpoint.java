package dev.evergreen.cache.spring;

import dev.evergreen.cache.CacheStats;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/evergreen}: every entity cache with its name, schema hash, the schema hashes of
 * the entity live on the store (more than one during a rolling deploy), the descriptor that was
 * hashed, its durations, its hit, stale and miss counts, and its invalidations the store has not
 * confirmed yet.
 *
 * @since 0.1.0
 */
@Endpoint(id = "evergreen")
public class EvergreenEndpoint {
  private final Evergreen evergreen;

  public EvergreenEndpoint(Evergreen evergreen) {
    this.evergreen = evergreen;
  }

  /** One entity cache, as the endpoint shows it. */
  public record Entity(
      String name,
      String schemaHash,
      List<String> liveSchemaHashes,
      String descriptor,
      Duration refreshAfter,
      Duration expireAfter,
      Duration negativeTtl,
      Map<String, Long> gets,
      int pendingInvalidations,
      CacheStats stats) {}

  /** The endpoint's answer. */
  public record Entities(List<Entity> entities) {}

  @ReadOperation
  public Entities entities() {
    return new Entities(evergreen.entities().stream().map(EvergreenEndpoint::describe).toList());
  }

  private static Entity describe(EntityCache<?, ?> cache) {
    CacheStats stats = cache.stats();
    Map<String, Long> gets = new LinkedHashMap<>();
    gets.put("hit", stats.hits());
    gets.put("stale", stats.staleHits());
    gets.put("miss", stats.misses());
    return new Entity(
        cache.schema().name(),
        cache.schema().hash(),
        cache.liveSchemaHashes().stream().sorted().toList(),
        cache.schema().descriptor(),
        cache.settings().refreshAfter(),
        cache.settings().expireAfter(),
        cache.settings().negativeTtl(),
        gets,
        stats.pendingInvalidations(),
        stats);
  }
}
