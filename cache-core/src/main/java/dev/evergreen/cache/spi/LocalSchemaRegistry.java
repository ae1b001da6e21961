package dev.evergreen.cache.spi;

import java.time.Duration;
import java.util.Set;

/** {@link SchemaRegistry#local()}: the caller's version alone, all of it trusted. */
enum LocalSchemaRegistry implements SchemaRegistry {
  INSTANCE;

  @Override
  public Registration register(KeyFormat keys, Duration ttl) {
    return new Registration(Set.of(keys.schemaHash()), null, false);
  }

  @Override
  public Set<String> live(KeyFormat keys) {
    return Set.of(keys.schemaHash());
  }

  @Override
  public boolean isShared() {
    return false;
  }
}
