package dev.evergreen.cache.redis;

import dev.evergreen.cache.spi.KeyFormat;
import dev.evergreen.cache.spi.SchemaRegistry;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Live schema versions in Redis: one small hash per entity under {@link KeyFormat#schemasKey()},
 * read and written by scripts on the server's clock (see {@link Scripts#REGISTER_SCHEMA}).
 */
final class RedisSchemaRegistry implements SchemaRegistry {
  /** How long the record of a lapsed version is kept: longer than any entry lives by default. */
  static final Duration KEEP_LAPSED = Duration.ofDays(7);

  private final RedisAccess access;

  RedisSchemaRegistry(RedisAccess access) {
    this.access = access;
  }

  @Override
  public Registration register(KeyFormat keys, Duration ttl) {
    byte[] hash = ascii(keys.schemaHash());
    byte[] ttlArg = ascii(String.valueOf(Math.max(ttl.toMillis(), 1)));
    byte[] keep = ascii(String.valueOf(KEEP_LAPSED.toMillis()));
    List<Object> reply =
        access.call(
            "schema registration",
            redis ->
                Scripts.REGISTER_SCHEMA.run(
                    redis, ScriptOutputType.MULTI, keys.schemasKey(), hash, ttlArg, keep));
    long trusted = (Long) reply.get(0);
    boolean joined = Long.valueOf(1).equals(reply.get(1));
    return new Registration(
        hashes(reply.subList(2, reply.size())),
        trusted < 0 ? null : Duration.ofMillis(trusted),
        joined);
  }

  @Override
  public Set<String> live(KeyFormat keys) {
    List<Object> reply =
        access.call(
            "live schemas",
            redis -> Scripts.LIVE_SCHEMAS.run(redis, ScriptOutputType.MULTI, keys.schemasKey()));
    return hashes(reply);
  }

  private static Set<String> hashes(List<Object> values) {
    Set<String> hashes = new HashSet<>();
    for (Object value : values) {
      hashes.add(new String((byte[]) value, StandardCharsets.US_ASCII));
    }
    return hashes;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
