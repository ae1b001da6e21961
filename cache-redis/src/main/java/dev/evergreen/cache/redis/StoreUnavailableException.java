package dev.evergreen.cache.redis;

/**
 * A Redis call that failed, timed out, or was not attempted because the circuit is open. The engine
 * catches it, counts {@code cache.store.errors}, and serves from the loader.
 */
final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StoreUnavailableException(String message) {
    super(message);
  }

  StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
