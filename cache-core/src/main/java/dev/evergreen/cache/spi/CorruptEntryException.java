package dev.evergreen.cache.spi;

/**
 * Thrown by {@link EntryCodec#decode} for bytes that are not an entry of this entity. Stores report
 * it to {@link StoreEvents#decodeFailed} and treat the key as absent; it never reaches a caller.
 *
 * @since 0.1.0
 */
public final class CorruptEntryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptEntryException(String message, Throwable cause) {
    super(message, cause);
  }

  public CorruptEntryException(String message) {
    super(message);
  }
}
