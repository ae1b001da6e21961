package dev.evergreen.cache.spi;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One stored entry: a value, the remembered absence of a value, or a tombstone.
 *
 * <p>Immutable and thread-safe. {@link #writtenAt()} is the epoch-millisecond time the entry was
 * written, from which the engine computes its age; {@link #stamp()} identifies this write: callers
 * that read the same stamp may share one load, callers that read different ones never do.
 *
 * @param <V> the entity type
 * @since 0.1.0
 */
public final class StoreEntry<V> {

  /** What an entry means. */
  public enum Kind {
    /** Holds a value the loader returned or a caller put. */
    VALUE,
    /** The loader returned no value for this id: remembered for {@code negativeTtl}. */
    ABSENT,
    /**
     * Left by an invalidation, so that every process sees at once that the entry changed. Read as a
     * miss.
     */
    TOMBSTONE
  }

  private final @Nullable V value;
  private final long writtenAt;
  private final long stamp;
  private final Kind kind;

  /**
   * The bytes {@link #encoded} produced, and the codec that produced them: the engine checks the
   * size of exactly what a store then writes, and nothing is serialized twice. A benign race: two
   * threads may both encode, and either result is right.
   */
  private volatile @Nullable Encoding encoding;

  private record Encoding(EntryCodec<?> codec, byte[] bytes) {}

  private StoreEntry(@Nullable V value, long writtenAt, long stamp, Kind kind) {
    this.value = value;
    this.writtenAt = writtenAt;
    this.stamp = stamp;
    this.kind = kind;
  }

  /** An entry holding {@code value}. */
  public static <V> StoreEntry<V> value(V value, long writtenAt, long stamp) {
    return new StoreEntry<>(requireNonNull(value, "value"), writtenAt, stamp, Kind.VALUE);
  }

  /** An entry remembering that the id has no value. */
  public static <V> StoreEntry<V> absent(long writtenAt, long stamp) {
    return new StoreEntry<>(null, writtenAt, stamp, Kind.ABSENT);
  }

  /** An entry left by an invalidation. */
  public static <V> StoreEntry<V> tombstone(long writtenAt, long stamp) {
    return new StoreEntry<>(null, writtenAt, stamp, Kind.TOMBSTONE);
  }

  /** The value; non-null exactly when {@link #kind()} is {@link Kind#VALUE}. */
  public @Nullable V value() {
    return value;
  }

  /** Epoch milliseconds at which the entry was written. */
  public long writtenAt() {
    return writtenAt;
  }

  /** Identifies this write: random, never reused. */
  public long stamp() {
    return stamp;
  }

  /** What this entry means. */
  public Kind kind() {
    return kind;
  }

  /**
   * This entry encoded by {@code codec}, encoded once: later calls with the same codec return the
   * same array, which callers must not change.
   */
  public byte[] encoded(EntryCodec<V> codec) {
    Encoding known = encoding;
    if (known != null && known.codec() == codec) {
      return known.bytes();
    }
    byte[] bytes = codec.encode(this);
    encoding = new Encoding(codec, bytes);
    return bytes;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof StoreEntry<?> that
        && writtenAt == that.writtenAt
        && stamp == that.stamp
        && kind == that.kind
        && java.util.Objects.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(value, writtenAt, stamp, kind);
  }

  @Override
  public String toString() {
    return "StoreEntry{" + kind + ", writtenAt=" + writtenAt + ", stamp=" + stamp + "}";
  }
}
