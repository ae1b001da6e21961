package dev.evergreen.cache.redis;

import dev.evergreen.cache.spi.Claim;
import dev.evergreen.cache.spi.CorruptEntryException;
import dev.evergreen.cache.spi.EntryCodec;
import dev.evergreen.cache.spi.KeyFormat;
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
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One entity's entries in Redis, one key per id, each value a {@link RedisValue}: the stamp and the
 * lease in a fixed header, then the JSON entry. Bulk reads and claims are sent in pipelined chunks,
 * so no single command holds the server for long.
 */
final class RedisSpace<K, V> implements StoreSpace<K, V> {
  /** Keys per MGET, and commands per pipeline. */
  static final int CHUNK = 500;

  private static final int CLEAR_ATTEMPTS = 3;

  private final RedisAccess access;
  private final SpaceConfig<V> config;
  private final KeyFormat keys;
  private final EntryCodec<V> codec;

  RedisSpace(RedisAccess access, SpaceConfig<V> config) {
    this.access = access;
    this.config = config;
    this.keys = config.keys();
    this.codec = config.codec();
  }

  @Override
  public @Nullable StoreEntry<V> get(K id) {
    String key = keys.key(id);
    byte[] value;
    try {
      value = access.call("GET", redis -> redis.get(key));
    } catch (StoreUnavailableException e) {
      if (!e.wrongType()) {
        throw e;
      }
      return foreign(key, e); // another type under our key: a miss, and deleted
    }
    return decode(key, value, true);
  }

  @Override
  public Map<K, StoreEntry<V>> getAll(Collection<? extends K> ids) {
    List<K> order = new ArrayList<>(ids);
    List<
            Function<
                RedisClusterAsyncCommands<String, byte[]>,
                ? extends CompletionStage<List<KeyValue<String, byte[]>>>>>
        chunks = new ArrayList<>();
    for (int from = 0; from < order.size(); from += CHUNK) {
      String[] chunk = new String[Math.min(CHUNK, order.size() - from)];
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = keys.key(order.get(from + i));
      }
      // On a cluster Lettuce splits each MGET by slot and keeps the order.
      chunks.add(redis -> redis.mget(chunk));
    }
    Map<K, StoreEntry<V>> found = new HashMap<>();
    int index = 0;
    for (List<KeyValue<String, byte[]>> values : access.callAll("MGET", chunks)) {
      for (KeyValue<String, byte[]> value : values) {
        K id = order.get(index++);
        if (value.hasValue()) {
          StoreEntry<V> entry = decode(value.getKey(), value.getValue(), true);
          if (entry != null) {
            found.put(id, entry);
          }
        }
      }
    }
    return found;
  }

  @Override
  public Claim<V> claim(K id, Duration leaseTtl) {
    return claimAll(List.of(id), leaseTtl).get(id);
  }

  @Override
  public Map<K, Claim<V>> claimAll(Collection<? extends K> ids, Duration leaseTtl) {
    long ttlMillis = Math.max(leaseTtl.toMillis(), 1);
    byte[] ttl = ascii(ttlMillis);
    List<K> order = new ArrayList<>(ids);
    List<String> claimedKeys = new ArrayList<>(order.size());
    List<byte[]> tokens = new ArrayList<>(order.size());
    List<
            Function<
                RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<List<Object>>>>
        claims = new ArrayList<>(order.size());
    for (K id : order) {
      String key = keys.key(id);
      byte[] token = RedisValue.newToken();
      claimedKeys.add(key);
      tokens.add(token);
      claims.add(redis -> Scripts.CLAIM.run(redis, ScriptOutputType.MULTI, key, token, ttl));
    }
    Map<K, Claim<V>> result = new LinkedHashMap<>();
    for (int from = 0; from < order.size(); from += CHUNK) {
      int to = Math.min(from + CHUNK, order.size());
      List<List<Object>> replies = access.callAll("claim", claims.subList(from, to));
      for (int i = from; i < to; i++) {
        List<Object> reply = replies.get(i - from);
        String key = claimedKeys.get(i);
        boolean granted = Long.valueOf(1).equals(reply.get(0));
        StoreEntry<V> current = decode(key, (byte[]) reply.get(1), false);
        Lease lease = granted ? new RedisLease(access, key, tokens.get(i), ttlMillis) : null;
        result.put(order.get(i), new Claim<>(current, lease));
      }
    }
    return result;
  }

  @Override
  public boolean write(K id, Lease lease, StoreEntry<V> entry) {
    RedisLease held = (RedisLease) lease;
    held.stopRenewing();
    byte[] value = encode(entry);
    byte[] ttl = ascii(config.ttlOf(entry).toMillis());
    Long written =
        access.call(
            "fenced write",
            redis ->
                Scripts.WRITE.<Long>run(
                    redis, ScriptOutputType.INTEGER, held.key(), held.token(), value, ttl));
    return written != null && written == 1L;
  }

  @Override
  public void put(K id, StoreEntry<V> entry) {
    String key = keys.key(id);
    byte[] value = encode(entry);
    long ttl = config.ttlOf(entry).toMillis();
    access.call("SET", redis -> redis.set(key, value, SetArgs.Builder.px(ttl)));
  }

  /** The tombstone; when Redis is out of memory (noeviction), a DEL, which it always accepts. */
  @Override
  public void invalidate(K id, StoreEntry<V> tombstone) {
    String key = keys.key(id);
    byte[] value = encode(tombstone);
    long ttl = config.ttlOf(tombstone).toMillis();
    try {
      access.call("SET (tombstone)", redis -> redis.set(key, value, SetArgs.Builder.px(ttl)));
    } catch (StoreUnavailableException e) {
      if (!e.outOfMemory()) {
        throw e;
      }
      access.call("DEL (out of memory)", redis -> redis.del(key));
    }
  }

  /**
   * SCANs this space's keys (on every master of a cluster) and UNLINKs them, never a key {@link
   * KeyFormat#owns} does not accept. Each step is retried; a step that keeps failing fails the
   * clear.
   */
  @Override
  public void clear() {
    ScanArgs matching = ScanArgs.Builder.matches(keys.scanPattern()).limit(CHUNK);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      ScanCursor from = cursor;
      KeyScanCursor<String> page = retrying("SCAN", redis -> redis.scan(from, matching));
      String[] ours = page.getKeys().stream().filter(keys::owns).toArray(String[]::new);
      if (ours.length > 0) {
        retrying("UNLINK", redis -> redis.unlink(ours));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  private <T> T retrying(
      String what,
      Function<RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<T>> command) {
    for (int attempt = 1; ; attempt++) {
      try {
        return access.call(what, command);
      } catch (StoreUnavailableException e) {
        if (attempt == CLEAR_ATTEMPTS || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100L * attempt));
      }
    }
  }

  private byte[] encode(StoreEntry<V> entry) {
    return RedisValue.of(entry.stamp(), codec.encode(entry));
  }

  /**
   * Reads a stored value. A lease without an entry reads as none; bytes that are not an entry of
   * this entity are reported and read as none, and, when {@code repair} is set, deleted (a claim
   * replaces them itself).
   */
  private @Nullable StoreEntry<V> decode(String key, byte @Nullable [] value, boolean repair) {
    if (value == null) {
      return null;
    }
    try {
      if (!RedisValue.hasHeader(value)) {
        throw new CorruptEntryException(
            config.entityName() + ": stored value of " + value.length + " bytes has no header");
      }
      if (RedisValue.isLeaseOnly(value)) {
        return null;
      }
      return codec.decode(value, RedisValue.HEADER_LENGTH, value.length - RedisValue.HEADER_LENGTH);
    } catch (CorruptEntryException e) {
      config.events().decodeFailed(key, e);
      if (repair) {
        access.send(redis -> redis.unlink(key));
      }
      return null;
    }
  }

  private @Nullable StoreEntry<V> foreign(String key, RuntimeException e) {
    config.events().decodeFailed(key, e);
    access.send(redis -> redis.unlink(key));
    return null;
  }

  private static byte[] ascii(long number) {
    return String.valueOf(number).getBytes(StandardCharsets.US_ASCII);
  }
}
