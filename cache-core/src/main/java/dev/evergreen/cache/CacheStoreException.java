package dev.evergreen.cache;

/**
 * Thrown by an operator's call that the store could not carry out in full, such as {@link
 * EntityCache#invalidateAll()} against an unreachable Redis. Request paths ({@code get}, {@code
 * put}, {@code invalidate}, ...) never throw it: they fail open.
 *
 * @since 0.1.0
 */
public final class CacheStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CacheStoreException(String message) {
    super(message);
  }

  public CacheStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
