package dev.evergreen.cache.redis;

import dev.evergreen.cache.CacheEntity;

/** The entity the Redis tests cache. */
@CacheEntity("Account")
record Account(long id, String name) {}
