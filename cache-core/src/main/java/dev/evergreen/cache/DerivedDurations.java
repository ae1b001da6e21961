package dev.evergreen.cache;

import java.time.Duration;

/** An index's or query's durations: the entity's unless set. */
final class DerivedDurations {
  Duration refreshAfter;
  Duration expireAfter;
  Duration negativeTtl;

  DerivedDurations(CacheSettings entity) {
    this.refreshAfter = entity.refreshAfter();
    this.expireAfter = entity.expireAfter();
    this.negativeTtl = entity.negativeTtl();
  }

  void refreshAfter(Duration refreshAfter) {
    this.refreshAfter = Durations.positive("refreshAfter", refreshAfter);
  }

  void expireAfter(Duration expireAfter) {
    this.expireAfter = Durations.positive("expireAfter", expireAfter);
  }

  void negativeTtl(Duration negativeTtl) {
    this.negativeTtl = Durations.notNegative("negativeTtl", negativeTtl);
  }
}
