package dev.evergreen.cache;

import org.jspecify.annotations.Nullable;

/**
 * The result of a load, and whether callers that merely waited for it may return it: only if its
 * fenced write landed, which proves no write of the key landed while it ran, or if it never touched
 * the store (the store was unreadable, and there is nothing newer to know of).
 */
record Outcome<V>(@Nullable V value, Fence fence) {
  /** How a loaded value met the store. */
  enum Fence {
    /** Written (or, with nothing to write, its lease was still held when released). */
    LANDED,
    /** A put, invalidation or clear of the key landed while it ran: nothing written. */
    FENCED_OUT,
    /** The store failed, or the value could not be stored: nothing written. */
    FAILED,
    /** Never offered to the store: the current entry, or a load while the store was failing. */
    UNFENCED
  }

  boolean landed() {
    return fence == Fence.LANDED;
  }
}
