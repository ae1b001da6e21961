package dev.evergreen.cache.redis;

import dev.evergreen.cache.spi.Claim;
import dev.evergreen.cache.spi.CorruptEntryException;
import dev.evergreen.cache.spi.EntryCodec;
import dev.evergreen.cache.spi.KeyFormat;
import dev.evergreen.cache.spi.Lease;
import dev.evergreen.cache.spi.LeasedWrite;
import dev.evergreen.cache.spi.SpaceConfig;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One entity's entries in Redis, one key per id, each value a {@link RedisValue}: stamp, lease and
 * server write time in a fixed header, then the JSON entry. No read transfers more than the entity
 * ever stores: a single read is a {@code GETRANGE} bounded there, a bulk read a script that checks
 * each length first. Bulk reads, claims and writes are each one script per group of at most {@value
 * #CHUNK} keys of one slot (and a write group at most {@value #WRITE_BYTES} value bytes), all
 * groups pipelined: few commands, none holding the server for long.
 */
final class RedisSpace<K, V> implements StoreSpace<K, V> {
  /** Keys per bulk command. */
  static final int CHUNK = 500;

  /** Value bytes per bulk write command (a single larger value goes alone). */
  static final long WRITE_BYTES = 1 << 20;

  private static final int CLEAR_ATTEMPTS = 3;

  private final RedisAccess access;
  private final SpaceConfig<V> config;
  private final KeyFormat keys;
  private final EntryCodec<V> codec;
  private final ServerClock serverClock;
  private final long maxStored;
  private final byte[] maxStoredArg;

  RedisSpace(RedisAccess access, SpaceConfig<V> config) {
    this.access = access;
    this.config = config;
    this.keys = config.keys();
    this.codec = config.codec();
    this.serverClock = new ServerClock(access, config.clock());
    this.maxStored = config.maxValueBytes() + RedisValue.HEADER_LENGTH;
    this.maxStoredArg = ascii(maxStored);
  }

  @Override
  public @Nullable StoreEntry<V> get(K id) {
    String key = keys.key(id);
    byte[] value;
    try {
      // One byte more than the largest value of ours: getting it back means "too large".
      value = access.call("GETRANGE", redis -> redis.getrange(key, 0, maxStored));
    } catch (StoreUnavailableException e) {
      if (!e.wrongType()) {
        throw e;
      }
      return foreign(key, e); // another type under our key: a miss, and deleted
    }
    if (value == null || value.length == 0) {
      return null;
    }
    if (value.length > maxStored) {
      config.events().oversized(key);
      access.send(redis -> redis.unlink(key));
      return null;
    }
    return decode(key, value, true);
  }

  @Override
  public Map<K, StoreEntry<V>> getAll(Collection<? extends K> ids) {
    List<List<K>> groups = SlotGroups.of(ids, access.isCluster(), keys::key, CHUNK);
    List<
            Function<
                RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<List<Object>>>>
        reads = new ArrayList<>(groups.size());
    for (List<K> group : groups) {
      String[] groupKeys = group.stream().map(keys::key).toArray(String[]::new);
      reads.add(
          redis -> Scripts.READ_ALL.runOn(redis, ScriptOutputType.MULTI, groupKeys, maxStoredArg));
    }
    Map<K, StoreEntry<V>> found = new HashMap<>();
    List<List<Object>> replies = access.callAll("read", reads);
    for (int g = 0; g < groups.size(); g++) {
      List<K> group = groups.get(g);
      List<Object> values = replies.get(g);
      for (int i = 0; i < group.size(); i++) {
        K id = group.get(i);
        StoreEntry<V> entry = read(keys.key(id), (byte[]) values.get(i));
        if (entry != null) {
          found.put(id, entry);
        }
      }
    }
    return found;
  }

  /** What the bulk read script returned for one key. */
  private @Nullable StoreEntry<V> read(String key, byte @Nullable [] value) {
    if (value == null) {
      return null;
    }
    if (value.length > 0 && value[0] == '!') { // the script found foreign data and deleted it
      if (value.length == 4) {
        config.events().oversized(key);
      } else {
        config.events().decodeFailed(key, new CorruptEntryException(key + " held another type"));
      }
      return null;
    }
    return decode(key, value, true);
  }

  @Override
  public Claim<V> claim(K id, Duration leaseTtl) {
    return claimAll(List.of(id), leaseTtl).get(id);
  }

  @Override
  public Map<K, Claim<V>> claimAll(Collection<? extends K> ids, Duration leaseTtl) {
    long ttlMillis = Math.max(leaseTtl.toMillis(), 1);
    byte[] ttl = ascii(ttlMillis);
    // A key twice in one script would be refused its own lease, and that lease never released.
    Collection<? extends K> unique = ids instanceof Set ? ids : new LinkedHashSet<>(ids);
    List<List<K>> groups = SlotGroups.of(unique, access.isCluster(), keys::key, CHUNK);
    List<byte[][]> tokens = new ArrayList<>(groups.size());
    List<
            Function<
                RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<List<Object>>>>
        claims = new ArrayList<>(groups.size());
    for (List<K> group : groups) {
      String[] groupKeys = new String[group.size()];
      byte[][] groupTokens = new byte[group.size()][];
      byte[][] args = new byte[group.size() + 2][];
      args[0] = maxStoredArg;
      args[1] = ttl;
      for (int i = 0; i < group.size(); i++) {
        groupKeys[i] = keys.key(group.get(i));
        groupTokens[i] = RedisValue.newToken();
        args[i + 2] = groupTokens[i];
      }
      tokens.add(groupTokens);
      claims.add(redis -> Scripts.CLAIM.runOn(redis, ScriptOutputType.MULTI, groupKeys, args));
    }
    List<List<Object>> replies = access.callAll("claim", claims);
    Map<K, Claim<V>> bySlot = new HashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      List<K> group = groups.get(g);
      List<Object> reply = replies.get(g);
      for (int i = 0; i < group.size(); i++) {
        String key = keys.key(group.get(i));
        boolean granted = Long.valueOf(1).equals(reply.get(2 * i));
        StoreEntry<V> current = decode(key, (byte[]) reply.get(2 * i + 1), false);
        Lease lease = granted ? new RedisLease(access, key, tokens.get(g)[i], ttlMillis) : null;
        bySlot.put(group.get(i), new Claim<>(current, lease));
      }
    }
    Map<K, Claim<V>> inOrder = new LinkedHashMap<>(); // groups follow slots; the caller's order
    for (K id : unique) {
      inOrder.put(id, bySlot.get(id));
    }
    return inOrder;
  }

  @Override
  public boolean write(K id, Lease lease, StoreEntry<V> entry) {
    return !writeAll(List.of(new LeasedWrite<>(id, lease, entry))).isEmpty();
  }

  /** A write ready to send: its lease and its encoded value. */
  private record Encoded<K>(K id, RedisLease lease, byte[] value, byte[] ttl) {}

  @Override
  public Set<K> writeAll(List<LeasedWrite<K, V>> writes) {
    List<Encoded<K>> encoded = new ArrayList<>(writes.size());
    for (LeasedWrite<K, V> write : writes) {
      RedisLease held = (RedisLease) write.lease();
      held.stopRenewing();
      encoded.add(
          new Encoded<>(
              write.id(),
              held,
              encode(write.entry()),
              ascii(config.ttlOf(write.entry()).toMillis())));
    }
    List<List<Encoded<K>>> groups =
        SlotGroups.of(
            encoded,
            access.isCluster(),
            write -> write.lease().key(),
            CHUNK,
            write -> write.value().length,
            WRITE_BYTES);
    List<Function<RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<List<Long>>>>
        commands = new ArrayList<>(groups.size());
    for (List<Encoded<K>> group : groups) {
      String[] groupKeys = new String[group.size()];
      byte[][] args = new byte[3 * group.size()][];
      for (int i = 0; i < group.size(); i++) {
        Encoded<K> write = group.get(i);
        groupKeys[i] = write.lease().key();
        args[3 * i] = write.lease().token();
        args[3 * i + 1] = write.value();
        args[3 * i + 2] = write.ttl();
      }
      commands.add(redis -> Scripts.WRITE.runOn(redis, ScriptOutputType.MULTI, groupKeys, args));
    }
    List<List<Long>> replies = access.callAll("fenced write", commands);
    Set<K> written = new HashSet<>();
    for (int g = 0; g < groups.size(); g++) {
      List<Encoded<K>> group = groups.get(g);
      for (int i = 0; i < group.size(); i++) {
        if (Long.valueOf(1).equals(replies.get(g).get(i))) {
          written.add(group.get(i).id());
        }
      }
    }
    return written;
  }

  @Override
  public void put(K id, StoreEntry<V> entry) {
    store("put", keys.key(id), entry);
  }

  /** The tombstone; when Redis is out of memory (noeviction), a DEL, which it always accepts. */
  @Override
  public void invalidate(K id, StoreEntry<V> tombstone) {
    String key = keys.key(id);
    try {
      store("invalidate", key, tombstone);
    } catch (StoreUnavailableException e) {
      if (!e.outOfMemory()) {
        throw e;
      }
      access.call("DEL (out of memory)", redis -> redis.del(key));
    }
  }

  private void store(String what, String key, StoreEntry<V> entry) {
    byte[] value = encode(entry);
    byte[] ttl = ascii(config.ttlOf(entry).toMillis());
    access.call(what, redis -> Scripts.PUT.run(redis, ScriptOutputType.INTEGER, key, value, ttl));
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

  /** SCANs this space's keys (on every master of a cluster); hands over each page's ids. */
  @Override
  public void forEachIdText(java.util.function.Consumer<List<String>> batch) {
    ScanArgs matching = ScanArgs.Builder.matches(keys.scanPattern()).limit(CHUNK);
    ScanCursor cursor = ScanCursor.INITIAL;
    int prefix = keys.prefix().length();
    do {
      ScanCursor from = cursor;
      KeyScanCursor<String> page = retrying("SCAN", redis -> redis.scan(from, matching));
      List<String> ids = new ArrayList<>();
      for (String key : page.getKeys()) {
        if (keys.owns(key)) {
          ids.add(key.substring(prefix));
        }
      }
      if (!ids.isEmpty()) {
        batch.accept(ids);
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
    return RedisValue.of(entry.stamp(), entry.encoded(codec));
  }

  /**
   * Reads a stored value, its age by the server's write time (see {@link ServerClock}). A lease
   * without an entry reads as none; bytes that are not an entry of this entity are reported and
   * read as none, and, when {@code repair} is set, deleted (a claim replaces them itself).
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
      StoreEntry<V> entry =
          codec.decode(value, RedisValue.HEADER_LENGTH, value.length - RedisValue.HEADER_LENGTH);
      long writtenAt = serverClock.toLocal(RedisValue.writtenAt(value));
      return switch (entry.kind()) {
        case VALUE -> StoreEntry.value(entry.value(), writtenAt, entry.stamp());
        case ABSENT -> StoreEntry.absent(writtenAt, entry.stamp());
        case TOMBSTONE -> StoreEntry.tombstone(writtenAt, entry.stamp());
      };
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
