package dev.evergreen.cache;

/**
 * Carries a checked exception thrown by an {@link EntityLoader} to the caller of {@link
 * EntityCache#get} (which declares none). Unchecked exceptions are never wrapped.
 *
 * @since 0.1.0
 */
public final class EntityLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EntityLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
