package dev.evergreen.benchmarks;

import dev.evergreen.cache.testing.RedisServer;

/**
 * The Redis the Redis benchmarks use: {@code REDIS_URL} if set, else a redis-server (Testcontainers
 * or the local binary) started for the trial and stopped after it. The harness is the tests' own.
 */
final class RedisFixture {
  private RedisFixture() {}

  static RedisServer start() {
    return RedisServer.start();
  }
}
