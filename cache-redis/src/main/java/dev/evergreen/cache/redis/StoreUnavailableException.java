package dev.evergreen.cache.redis;

import io.lettuce.core.RedisCommandExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * A Redis call that failed, timed out, was refused, or was not attempted because the circuit is
 * open. The engine catches it, counts {@code cache.store.errors}, and serves from the loader.
 */
final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StoreUnavailableException(String message) {
    super(message);
  }

  StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the server refused the command because it is at {@code maxmemory}. */
  boolean outOfMemory() {
    return serverErrorStartsWith("OOM");
  }

  /** Whether the key holds a value of another type than the command expects (foreign data). */
  boolean wrongType() {
    return serverErrorStartsWith("WRONGTYPE");
  }

  private boolean serverErrorStartsWith(String code) {
    @Nullable Throwable cause = getCause();
    return cause instanceof RedisCommandExecutionException
        && cause.getMessage() != null
        && cause.getMessage().startsWith(code);
  }
}
