package dev.evergreen.cache.spi;

import dev.evergreen.cache.InMemoryStore;

final class InMemoryStoreContractTest extends StoreContractTest {
  @Override
  protected CacheStore createStore() {
    return InMemoryStore.create();
  }
}
