package dev.evergreen.cache;

import java.time.Duration;

/**
 * What an entity cache was built with; {@code ids} is how to read an entity's id, when declared
 * (indexes and queries need it).
 */
record EntitySettings<V>(
    String name,
    Class<V> type,
    Duration refreshAfter,
    Duration expireAfter,
    Duration negativeTtl,
    boolean sharesValues,
    @org.jspecify.annotations.Nullable EntityIds ids) {}
