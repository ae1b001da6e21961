package dev.evergreen.cache;

import java.util.concurrent.CompletableFuture;

/**
 * One load in flight for one key: what stored entry it started from (its basis), the {@code
 * invalidateAll} epoch it started in, and its result, which callers that read the same basis may
 * share. It closes to new callers before its write is sent, so a caller that shares its result
 * always began before that write could land. A local write of the key cancels it: it then writes
 * nothing.
 */
final class Flight<R> {
  final long basis;
  final long epoch;
  final CompletableFuture<R> result = new CompletableFuture<>();
  private volatile boolean open = true;
  private volatile boolean cancelled;

  Flight(long basis, long epoch) {
    this.basis = basis;
    this.epoch = epoch;
  }

  /** Whether a caller that read an entry stamped {@code seen} may share this flight's result. */
  boolean admits(long seen) {
    return open && seen == basis;
  }

  /** No caller joins from now on: the flight's write is about to be sent. */
  void closeToJoiners() {
    open = false;
  }

  void cancel() {
    cancelled = true;
    open = false;
  }

  boolean isCancelled() {
    return cancelled;
  }
}
