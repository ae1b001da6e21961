package dev.evergreen.cache.spi;

/**
 * What a store reports back to the engine, which counts it in metrics. Methods must be cheap and
 * never throw; a store may call them from any thread.
 *
 * @since 0.1.0
 */
public interface StoreEvents {

  /** Ignores every event. */
  StoreEvents NONE =
      new StoreEvents() {
        @Override
        public void evicted() {}

        @Override
        public void decodeFailed(String key, RuntimeException cause) {}

        @Override
        public void oversized(String key) {}
      };

  /**
   * The store dropped an entry to stay within its size bound. Counted as {@code cache.evictions}.
   */
  void evicted();

  /**
   * The bytes under {@code key} could not be decoded; the store treats the key as absent (and a
   * remote store deletes it). Counted as {@code cache.decode.failures}.
   */
  void decodeFailed(String key, RuntimeException cause);

  /**
   * The value under {@code key} was larger than {@link SpaceConfig#maxValueBytes()}; the store read
   * it as absent (and a remote store deletes it). Counted as {@code cache.oversized}.
   */
  void oversized(String key);
}
