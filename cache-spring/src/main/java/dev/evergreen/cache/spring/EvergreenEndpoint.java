package dev.evergreen.cache.spring;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/evergreen}: every entity cache with its name, schema hash, the descriptor that
 * was hashed, its durations, and (with a meter registry) its hit, stale and miss counts.
 *
 * @since 0.1.0
 */
@Endpoint(id = "evergreen")
public class EvergreenEndpoint {
  private final Evergreen evergreen;
  private final @Nullable MeterRegistry registry;

  public EvergreenEndpoint(Evergreen evergreen, @Nullable MeterRegistry registry) {
    this.evergreen = evergreen;
    this.registry = registry;
  }

  /** One entity cache, as the endpoint shows it. */
  public record Entity(
      String name,
      String schemaHash,
      String descriptor,
      Duration refreshAfter,
      Duration expireAfter,
      Duration negativeTtl,
      @Nullable Map<String, Long> gets) {}

  /** The endpoint's answer. */
  public record Entities(List<Entity> entities) {}

  @ReadOperation
  public Entities entities() {
    return new Entities(evergreen.entities().stream().map(this::describe).toList());
  }

  private Entity describe(EntityCache<?, ?> cache) {
    return new Entity(
        cache.schema().name(),
        cache.schema().hash(),
        cache.schema().descriptor(),
        cache.settings().refreshAfter(),
        cache.settings().expireAfter(),
        cache.settings().negativeTtl(),
        gets(cache.schema().name()));
  }

  private @Nullable Map<String, Long> gets(String name) {
    if (registry == null) {
      return null;
    }
    Map<String, Long> gets = new LinkedHashMap<>();
    for (String result : List.of("hit", "stale", "miss")) {
      Counter counter =
          registry.find("cache.gets").tag("cache", name).tag("result", result).counter();
      gets.put(result, counter == null ? 0 : (long) counter.count());
    }
    return gets;
  }
}
