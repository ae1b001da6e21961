package dev.evergreen.cache.redis;

import dev.evergreen.cache.CacheEntity;

/** The next version of {@link Account}: one field added, so another schema hash and other keys. */
@CacheEntity("Account")
record AccountV2(long id, String name, String email) {}
