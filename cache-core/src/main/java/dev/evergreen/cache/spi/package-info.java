/**
 * The store SPI: what a place that holds cache entries implements.
 *
 * <p>A {@link dev.evergreen.cache.spi.CacheStore} hands out one {@link
 * dev.evergreen.cache.spi.StoreSpace} per entity cache. The engine in {@code dev.evergreen.cache}
 * decides freshness, single-flight loading, refresh and race protection; a store only has to keep
 * {@link dev.evergreen.cache.spi.StoreEntry entries} and offer one atomic conditional write. Every
 * store runs the same contract test suite, shipped in {@code evergreen-cache-core}'s test-jar.
 */
@NullMarked
package dev.evergreen.cache.spi;

import org.jspecify.annotations.NullMarked;
