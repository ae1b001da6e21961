package dev.evergreen.cache.spring;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;

/** Finds a registered entity cache by name. */
final class Entities {
  private Entities() {}

  static EntityCache<?, ?> named(Evergreen evergreen, String name) {
    return evergreen.entities().stream()
        .filter(cache -> cache.schema().name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entity cache named " + name));
  }
}
