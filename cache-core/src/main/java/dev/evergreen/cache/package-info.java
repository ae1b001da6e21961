/**
 * Evergreen: a cache for entity data with schema-hashed keys and stale-while-revalidate.
 *
 * <p>Start at {@link dev.evergreen.cache.Evergreen#builder()}; build one {@link
 * dev.evergreen.cache.EntityCache} per entity with {@link dev.evergreen.cache.Evergreen#entity}.
 */
@NullMarked
package dev.evergreen.cache;

import org.jspecify.annotations.NullMarked;
