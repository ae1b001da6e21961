package dev.evergreen.cache.spi;

/**
 * The right to load or refresh one key, held by one process until closed or expired.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Lease extends AutoCloseable {

  /** The lease of a store that lives in one process: always granted, nothing to release. */
  Lease LOCAL = () -> {};

  /** Releases the lease if this holder still owns it. Never throws; idempotent. */
  @Override
  void close();
}
