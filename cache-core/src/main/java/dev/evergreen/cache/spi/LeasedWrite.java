package dev.evergreen.cache.spi;

/**
 * One fenced write for {@link StoreSpace#writeAll}: store {@code entry} for {@code id} only while
 * {@code lease} is held.
 *
 * @param <K> the id type
 * @param <V> the entity type
 * @since 0.1.0
 */
public record LeasedWrite<K, V>(K id, Lease lease, StoreEntry<V> entry) {}
