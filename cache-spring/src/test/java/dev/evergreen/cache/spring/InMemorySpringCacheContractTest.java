package dev.evergreen.cache.spring;

import dev.evergreen.cache.InMemoryStore;
import dev.evergreen.cache.spi.CacheStore;

/** Spring's {@code Cache} contract on the in-memory store. */
final class InMemorySpringCacheContractTest extends SpringCacheContract {
  @Override
  protected CacheStore createStore() {
    return InMemoryStore.create();
  }
}
