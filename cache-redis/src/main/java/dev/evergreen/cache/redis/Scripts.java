package dev.evergreen.cache.redis;

/**
 * The Lua scripts. Each touches one key only, so they run unchanged on a cluster: the entry's stamp
 * is kept inside its value (the first 16 bytes), not in a companion key.
 */
final class Scripts {
  private Scripts() {}

  /**
   * Compare-and-set. KEYS[1] entry; ARGV[1] the expected stamp as 16 hex chars, or empty for "no
   * entry"; ARGV[2] the new value; ARGV[3] its time to live in ms. Returns 1 if written.
   */
  static final String REPLACE =
      """
      local current = redis.call('GET', KEYS[1])
      if ARGV[1] == '' then
        if current then return 0 end
      elseif (not current) or string.sub(current, 1, 16) ~= ARGV[1] then
        return 0
      end
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      return 1
      """;

  /** Extends a lease its owner still holds. KEYS[1] lease; ARGV[1] token; ARGV[2] ttl in ms. */
  static final String RENEW_LEASE =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return 0
      """;

  /** Deletes a lease its owner still holds, never another owner's. KEYS[1] lease; ARGV[1] token. */
  static final String RELEASE_LEASE =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;
}
