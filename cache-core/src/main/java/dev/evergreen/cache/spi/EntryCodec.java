package dev.evergreen.cache.spi;

import tools.jackson.databind.ObjectMapper;

/**
 * Turns entries into bytes and back, for stores that keep bytes.
 *
 * <p>The codec the engine hands out ({@link SpaceConfig#codec()}) writes JSON with the configured
 * Jackson mapper and reads values only into the entity's declared type: no type information is read
 * from the payload, so a payload cannot choose which class gets instantiated. Thread-safe.
 *
 * @param <V> the entity type
 * @since 0.1.0
 */
public interface EntryCodec<V> {

  /**
   * The JSON codec: {@code {"k":"V","t":<writtenAt>,"s":<stamp>,"d":<value>}}, the value written
   * and read by {@code mapper} as {@code type} only.
   *
   * @param entityName named in the message of a {@link CorruptEntryException}
   */
  static <V> EntryCodec<V> json(ObjectMapper mapper, Class<V> type, String entityName) {
    return new JsonEntryCodec<>(mapper, mapper.constructType(type), entityName);
  }

  /** Encodes {@code entry}, value and metadata together. */
  byte[] encode(StoreEntry<V> entry);

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @throws CorruptEntryException if the bytes are truncated, foreign, or do not fit the entity
   *     type
   */
  StoreEntry<V> decode(byte[] bytes);

  /**
   * Decodes {@code length} bytes of {@code bytes} from {@code offset}: for stores that keep
   * something before the entry (the Redis store keeps the stamp), without copying. The default
   * copies and calls {@link #decode(byte[])}.
   *
   * @throws CorruptEntryException if the bytes are truncated, foreign, or do not fit the entity
   *     type
   */
  default StoreEntry<V> decode(byte[] bytes, int offset, int length) {
    return decode(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
  }
}
