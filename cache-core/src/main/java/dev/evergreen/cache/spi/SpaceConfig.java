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
  private final KeyFormat keys;
  private final EntryCodec<V> codec;
  private final Duration expireAfter;
  private final Duration negativeTtl;
  private final Clock clock;
  private final StoreEvents events;
  private final boolean sharesValues;
  private final long maxValueBytes;

  /**
   * @param entityName the entity's name, used in logs and metrics
   * @param keys builds and matches this space's keys; a remote store uses nothing else for that
   * @param codec turns entries into bytes for stores that keep bytes
   * @param expireAfter how long a value (and a tombstone) may live
   * @param negativeTtl how long a remembered absence may live
   * @param clock the engine's time source; a store that expires entries itself reads this one
   * @param events where the store reports evictions and undecodable payloads
   * @param sharesValues whether a store that keeps objects may hand every reader the same instance;
   *     if not, it must return a new copy on every read (see {@link #sharesValues()})
   * @param maxValueBytes the largest encoded entry the engine stores; a store that finds a larger
   *     one (foreign data) reads it as absent without transferring it, if it can
   */
  public SpaceConfig(
      String entityName,
      KeyFormat keys,
      EntryCodec<V> codec,
      Duration expireAfter,
      Duration negativeTtl,
      Clock clock,
      StoreEvents events,
      boolean sharesValues,
      long maxValueBytes) {
    this.entityName = requireNonNull(entityName, "entityName");
    this.keys = requireNonNull(keys, "keys");
    this.codec = requireNonNull(codec, "codec");
    this.expireAfter = requireNonNull(expireAfter, "expireAfter");
    this.negativeTtl = requireNonNull(negativeTtl, "negativeTtl");
    this.clock = requireNonNull(clock, "clock");
    this.events = requireNonNull(events, "events");
    this.sharesValues = sharesValues;
    this.maxValueBytes = maxValueBytes;
  }

  public String entityName() {
    return entityName;
  }

  /** The format of this space's keys, {@code [namespace:]Entity:hash:id}. */
  public KeyFormat keys() {
    return keys;
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
   * Whether the values may be shared: true for types that cannot change (records, classes of final
   * immutable fields) or that the user declared shareable. When false, a store that keeps objects
   * in memory must hand each reader its own copy (e.g. decoded from bytes it keeps instead of the
   * object), so that no caller changes what another one reads. A store that decodes bytes on every
   * read (Redis) already does.
   */
  public boolean sharesValues() {
    return sharesValues;
  }

  /**
   * The largest encoded entry ({@link StoreEntry#encoded}) the engine ever stores. Anything larger
   * under one of this space's keys is foreign: a store should refuse it on read, without
   * transferring it where it can, report {@link StoreEvents#oversized} and delete it.
   */
  public long maxValueBytes() {
    return maxValueBytes;
  }

  /**
   * How long a store should keep {@code entry}: {@link #negativeTtl()} for a remembered absence,
   * {@link #expireAfter()} for a value or a tombstone.
   */
  public Duration ttlOf(StoreEntry<?> entry) {
    return entry.kind() == StoreEntry.Kind.ABSENT ? negativeTtl : expireAfter;
  }
}
