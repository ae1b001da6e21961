package dev.evergreen.cache.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * A Lua script run by {@code EVALSHA}: the server compiles it once, and each call sends 40 bytes
 * instead of the text. A server that does not know it (restarted, flushed, another cluster node)
 * answers {@code NOSCRIPT}, and the call is sent once more with {@code EVAL}, which loads it.
 */
final class Script {
  private final String text;
  private final String sha;

  Script(String text) {
    this.text = text;
    try {
      this.sha =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  /** Runs the script on {@code key}: EVALSHA, then EVAL if the server answered NOSCRIPT. */
  <T> CompletableFuture<T> run(
      RedisClusterAsyncCommands<String, byte[]> redis,
      ScriptOutputType type,
      String key,
      byte[]... args) {
    return runOn(redis, type, new String[] {key}, args);
  }

  /** Runs the script on {@code keys}, which must share one cluster slot. */
  <T> CompletableFuture<T> runOn(
      RedisClusterAsyncCommands<String, byte[]> redis,
      ScriptOutputType type,
      String[] keys,
      byte[]... args) {
    RedisFuture<T> bySha = redis.evalsha(sha, type, keys, args);
    return bySha
        .toCompletableFuture()
        .handle(
            (result, error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(result);
              }
              Throwable cause =
                  error instanceof java.util.concurrent.CompletionException
                      ? error.getCause()
                      : error;
              if (cause instanceof RedisNoScriptException) {
                RedisFuture<T> byText = redis.eval(text, type, keys, args);
                return byText.toCompletableFuture();
              }
              return CompletableFuture.<T>failedFuture(cause);
            })
        .thenCompose(future -> future);
  }
}
