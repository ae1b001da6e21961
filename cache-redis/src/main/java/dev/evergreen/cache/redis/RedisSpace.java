package dev.evergreen.cache.redis;

import dev.evergreen.cache.spi.CorruptEntryException;
import dev.evergreen.cache.spi.EntryCodec;
import dev.evergreen.cache.spi.Lease;
import dev.evergreen.cache.spi.SpaceConfig;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entity's entries in Redis. A value is the entry's stamp as 16 hex characters followed by the
 * JSON entry, so the compare-and-set script can check the stamp without parsing JSON.
 */
final class RedisSpace<K, V> implements StoreSpace<K, V> {
  private static final int STAMP_LENGTH = 16;
  private static final String LEASE_PREFIX = ":lease:"; // no entry key starts with ':'
  private static final byte[] NO_ENTRY = new byte[0];

  private final RedisAccess access;
  private final SpaceConfig<V> config;
  private final EntryCodec<V> codec;

  RedisSpace(RedisAccess access, SpaceConfig<V> config) {
    this.access = access;
    this.config = config;
    this.codec = config.codec();
  }

  @Override
  public @Nullable StoreEntry<V> get(K id) {
    String key = config.key(id);
    return decode(key, access.call("GET", redis -> redis.get(key)));
  }

  @Override
  public Map<K, StoreEntry<V>> getAll(Collection<? extends K> ids) {
    List<K> order = new ArrayList<>(ids);
    String[] keys = new String[order.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = config.key(order.get(i));
    }
    // One MGET; on a cluster Lettuce splits it by slot and keeps the order.
    List<KeyValue<String, byte[]>> values = access.call("MGET", redis -> redis.mget(keys));
    Map<K, StoreEntry<V>> found = new HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      KeyValue<String, byte[]> value = values.get(i);
      if (value.hasValue()) {
        StoreEntry<V> entry = decode(keys[i], value.getValue());
        if (entry != null) {
          found.put(order.get(i), entry);
        }
      }
    }
    return found;
  }

  @Override
  public void put(K id, StoreEntry<V> entry) {
    String key = config.key(id);
    byte[] value = encode(entry);
    long ttl = config.ttlOf(entry).toMillis();
    access.call("SET", redis -> redis.set(key, value, SetArgs.Builder.px(ttl)));
  }

  @Override
  public boolean replace(K id, @Nullable StoreEntry<V> expected, StoreEntry<V> next) {
    String key = config.key(id);
    byte[] expectedStamp = expected == null ? NO_ENTRY : stampBytes(expected.stamp());
    byte[] value = encode(next);
    byte[] ttl = ascii(String.valueOf(config.ttlOf(next).toMillis()));
    Long written =
        access.call(
            "compare-and-set",
            redis ->
                redis.eval(
                    Scripts.REPLACE,
                    ScriptOutputType.INTEGER,
                    new String[] {key},
                    expectedStamp,
                    value,
                    ttl));
    return written != null && written == 1L;
  }

  @Override
  public void clear() {
    ScanArgs matching = ScanArgs.Builder.matches(escapeGlob(config.keyPrefix()) + "*").limit(500);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      ScanCursor from = cursor;
      KeyScanCursor<String> page = access.call("SCAN", redis -> redis.scan(from, matching));
      if (!page.getKeys().isEmpty()) {
        String[] keys = page.getKeys().toArray(String[]::new);
        access.call("UNLINK", redis -> redis.unlink(keys));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  @Override
  public @Nullable Lease tryLease(K id, Duration ttl) {
    String key = LEASE_PREFIX + config.key(id);
    byte[] token = ascii(UUID.randomUUID().toString());
    long ttlMillis = Math.max(ttl.toMillis(), 1);
    String ok =
        access.call(
            "SET NX (lease)", redis -> redis.set(key, token, SetArgs.Builder.nx().px(ttlMillis)));
    return "OK".equals(ok) ? new RedisLease(access, key, token, ttlMillis) : null;
  }

  private byte[] encode(StoreEntry<V> entry) {
    byte[] json = codec.encode(entry);
    byte[] value = new byte[STAMP_LENGTH + json.length];
    System.arraycopy(stampBytes(entry.stamp()), 0, value, 0, STAMP_LENGTH);
    System.arraycopy(json, 0, value, STAMP_LENGTH, json.length);
    return value;
  }

  /** Decodes a stored value; one that does not decode is reported, deleted, and read as absent. */
  private @Nullable StoreEntry<V> decode(String key, byte @Nullable [] value) {
    if (value == null) {
      return null;
    }
    try {
      if (value.length <= STAMP_LENGTH) {
        throw new CorruptEntryException(
            config.entityName() + ": stored value of " + value.length + " bytes is too short");
      }
      return codec.decode(value, STAMP_LENGTH, value.length - STAMP_LENGTH);
    } catch (CorruptEntryException e) {
      config.events().decodeFailed(key, e);
      access.send(redis -> redis.unlink(key));
      return null;
    }
  }

  private static byte[] stampBytes(long stamp) {
    return ascii(String.format("%016x", stamp));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Escapes SCAN's glob characters, which entity names and namespaces may contain. */
  static String escapeGlob(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
