package dev.evergreen.cache.history;

/** A row of the {@link ModelDb}: every write gives it the next version. */
public record Row(long id, long version) {}
