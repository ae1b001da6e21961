package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Validation of durations, with messages that name what was wrong. */
final class Durations {
  private Durations() {}

  static Duration positive(String what, Duration value) {
    requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
    return value;
  }

  static Duration notNegative(String what, Duration value) {
    requireNonNull(value, what);
    if (value.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, was " + value);
    }
    return value;
  }

  static void checkOrder(String owner, Duration refreshAfter, Duration expireAfter) {
    if (refreshAfter.compareTo(expireAfter) >= 0) {
      throw new IllegalStateException(
          owner
              + ": refreshAfter ("
              + refreshAfter
              + ") must be shorter than expireAfter ("
              + expireAfter
              + ")");
    }
  }
}
