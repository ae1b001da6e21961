/**
 * The Redis store: {@link dev.evergreen.cache.redis.RedisStore}, on Lettuce, for standalone Redis
 * and Redis Cluster.
 */
@NullMarked
package dev.evergreen.cache.redis;

import org.jspecify.annotations.NullMarked;
