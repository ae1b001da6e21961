package dev.evergreen.cache.spi;

import org.jspecify.annotations.Nullable;

/**
 * What {@link StoreSpace#claim} found: the key's current entry, and the lease to load it if no
 * other holder has one.
 *
 * @param current the entry stored now, of any kind; null if there is none
 * @param lease the lease, to be used in {@link StoreSpace#write} or closed; null if another holder
 *     has it
 * @param <V> the entity type
 * @since 0.1.0
 */
public record Claim<V>(@Nullable StoreEntry<V> current, @Nullable Lease lease) {}
