package dev.evergreen.cache;

import java.time.Duration;

/** What an entity cache was built with. */
record EntitySettings<V>(
    String name,
    Class<V> type,
    Duration refreshAfter,
    Duration expireAfter,
    Duration negativeTtl,
    boolean sharesValues) {}
