package dev.evergreen.cache.spi;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

/**
 * Everything a store needs to know to hold one entity's entries.
 *
 * <p>Created by the engine when an entity cache is built; immutable and thread-safe.
 *
 * @param <V> the entity type
 * @since 0.1.0
 */
public final class SpaceConfig<V> {
  private final String entityName;
  private final String keyPrefix;
  private final EntryCodec<V> codec;
  private final Duration expireAfter;
  private final Duration negativeTtl;
  private final Clock clock;
  private final StoreEvents events;

  /**
   * @param entityName the entity's name, used in logs and metrics
   * @param keyPrefix {@code [namespace:]Entity:hash:}, to which a remote store appends the id
   * @param codec turns entries into bytes for stores that keep bytes
   * @param expireAfter how long a value (and a tombstone) may live
   * @param negativeTtl how long a remembered absence may live
   * @param clock the engine's time source; a store that expires entries itself reads this one
   * @param events where the store reports evictions and undecodable payloads
   */
  public SpaceConfig(
      String entityName,
      String keyPrefix,
      EntryCodec<V> codec,
      Duration expireAfter,
      Duration negativeTtl,
      Clock clock,
      StoreEvents events) {
    this.entityName = requireNonNull(entityName, "entityName");
    this.keyPrefix = requireNonNull(keyPrefix, "keyPrefix");
    this.codec = requireNonNull(codec, "codec");
    this.expireAfter = requireNonNull(expireAfter, "expireAfter");
    this.negativeTtl = requireNonNull(negativeTtl, "negativeTtl");
    this.clock = requireNonNull(clock, "clock");
    this.events = requireNonNull(events, "events");
  }

  public String entityName() {
    return entityName;
  }

  /** The key prefix, {@code [namespace:]Entity:hash:}. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** The full key of {@code id}: {@code [namespace:]Entity:hash:id}. */
  public String key(Object id) {
    return keyPrefix + id;
  }

  public EntryCodec<V> codec() {
    return codec;
  }

  public Duration expireAfter() {
    return expireAfter;
  }

  public Duration negativeTtl() {
    return negativeTtl;
  }

  public Clock clock() {
    return clock;
  }

  public StoreEvents events() {
    return events;
  }

  /**
   * How long a store should keep {@code entry}: {@link #negativeTtl()} for a remembered absence,
   * {@link #expireAfter()} for a value or a tombstone (a tombstone must outlive any load that
   * started before it).
   */
  public Duration ttlOf(StoreEntry<?> entry) {
    return entry.kind() == StoreEntry.Kind.ABSENT ? negativeTtl : expireAfter;
  }
}
