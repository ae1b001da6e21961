package dev.evergreen.cache;

import java.time.Duration;

/**
 * How long one entity's entries stay fresh, stay at all, and how long an absence is remembered:
 * what {@link EntityCacheBuilder} was given, after defaults. Immutable.
 *
 * @since 0.1.0
 */
public record CacheSettings(Duration refreshAfter, Duration expireAfter, Duration negativeTtl) {}
