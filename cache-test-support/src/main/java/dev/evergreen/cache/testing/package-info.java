/**
 * Real Redis for tests: {@link dev.evergreen.cache.testing.RedisExtension} hands a test class a
 * {@link dev.evergreen.cache.testing.RedisServer} or a {@link
 * dev.evergreen.cache.testing.RedisCluster} and stops every process it started afterwards.
 */
@NullMarked
package dev.evergreen.cache.testing;

import org.jspecify.annotations.NullMarked;
