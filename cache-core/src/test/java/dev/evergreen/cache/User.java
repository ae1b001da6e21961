package dev.evergreen.cache;

/** The entity most tests cache. */
public record User(long id, String name) {}
