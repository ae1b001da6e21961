package dev.evergreen.cache.spi;

/**
 * The right to load one key and write what was loaded, granted by {@link StoreSpace#claim} to one
 * holder at a time across every process that shares the store (memcache's lease).
 *
 * <p>A lease is a fence: {@link StoreSpace#put}, {@link StoreSpace#invalidate} and {@link
 * StoreSpace#clear} revoke it, and a lease that is revoked, expired, or lost with its key (evicted,
 * or the store restarted empty) no longer lets {@link StoreSpace#write} store anything. So a load
 * that began before a write can never store its older value after that write, whatever happened to
 * the write's own entry meanwhile. Thread-safe.
 *
 * @since 0.1.0
 */
public interface Lease extends AutoCloseable {

  /**
   * Gives the lease up and waits for the store's answer.
   *
   * @return whether this holder still held it: no put, invalidation or clear of the key took it,
   *     and it neither expired nor disappeared with its key
   * @throws RuntimeException if the store could not answer
   */
  boolean release();

  /** Gives the lease up without waiting for an answer. Idempotent; never throws. */
  @Override
  void close();
}
