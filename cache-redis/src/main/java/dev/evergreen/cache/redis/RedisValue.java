package dev.evergreen.cache.redis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bytes under an entry key, and the one place that builds and reads them: a 64-byte header,
 * then the JSON entry of {@code EntryCodec}.
 *
 * <pre>
 * [0, 16)   the entry's stamp, 16 hex digits
 * [16, 32)  the lease holder's token, 16 hex digits; all '0' when no lease is held
 * [32, 48)  the lease's expiry in Redis server time (epoch ms), 16 decimal digits
 * [48, 64)  when the entry was written, in Redis server time (epoch ms), 16 decimal digits
 * [64, ...) the JSON entry; nothing at all for a lease taken on a key with no entry yet
 * </pre>
 *
 * The lease lives inside the entry it guards, so every script touches one key (cluster-safe, no
 * hash tags, and the key format stays {@code [namespace:]Entity:hash:id}), and anything that
 * replaces or removes the entry (a put, an invalidation, an eviction, a restart) takes the lease
 * with it: a load's fenced write then fails, as it must. Every script that writes an entry stamps
 * the server's time into it, so an entry's age never depends on which node's clock wrote it. The
 * Lua scripts in {@link Scripts} read the same offsets.
 */
final class RedisValue {
  static final int HEADER_LENGTH = 64;
  static final int WRITTEN_AT = 48;
  static final String NO_LEASE = "0000000000000000";
  private static final byte[] NO_LEASE_EXPIRY_OR_TIME =
      (NO_LEASE + "0000000000000000" + "0000000000000000").getBytes(StandardCharsets.US_ASCII);

  private RedisValue() {}

  /**
   * A stored value: the header of an entry with {@code stamp}, no lease and a write time the
   * writing script fills in, then {@code json}.
   */
  static byte[] of(long stamp, byte[] json) {
    byte[] value = new byte[HEADER_LENGTH + json.length];
    writeHex(stamp, value, 0);
    System.arraycopy(NO_LEASE_EXPIRY_OR_TIME, 0, value, 16, 48);
    System.arraycopy(json, 0, value, HEADER_LENGTH, json.length);
    return value;
  }

  /** A new random lease token, never {@link #NO_LEASE}. */
  static byte[] newToken() {
    long token;
    do {
      token = ThreadLocalRandom.current().nextLong();
    } while (token == 0);
    byte[] bytes = new byte[16];
    writeHex(token, bytes, 0);
    return bytes;
  }

  /** Whether {@code value} starts with a well-formed header (anything else is foreign data). */
  static boolean hasHeader(byte[] value) {
    if (value.length < HEADER_LENGTH) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      byte b = value[i];
      if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f'))) {
        return false;
      }
    }
    for (int i = 32; i < HEADER_LENGTH; i++) {
      if (value[i] < '0' || value[i] > '9') {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code value} is a lease on a key that has no entry yet. */
  static boolean isLeaseOnly(byte[] value) {
    return value.length == HEADER_LENGTH;
  }

  /** When the entry was written, in server epoch milliseconds. */
  static long writtenAt(byte[] value) {
    long millis = 0;
    for (int i = WRITTEN_AT; i < HEADER_LENGTH; i++) {
      millis = millis * 10 + (value[i] - '0');
    }
    return millis;
  }

  private static void writeHex(long number, byte[] into, int offset) {
    for (int i = 15; i >= 0; i--) {
      into[offset + i] = (byte) Character.forDigit((int) (number & 0xf), 16);
      number >>>= 4;
    }
  }
}
