package dev.evergreen.cache.redis;

/**
 * The Lua scripts, each touching one key (see {@link RedisValue} for the header they read), so they
 * run unchanged on a cluster. They judge lease expiry by the server's clock, never a client's.
 * Foreign data under a key (another type, or bytes without our header) counts as no entry and is
 * replaced.
 */
final class Scripts {
  private Scripts() {}

  private static final String NOW =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      """;

  /** Reads KEYS[1]; a value of another type, or without our header, reads as none. */
  private static final String CURRENT =
      """
      local ok, cur = pcall(redis.call, 'GET', KEYS[1])
      if not ok then
        redis.call('DEL', KEYS[1])
        cur = false
      elseif cur and (string.len(cur) < 48
          or not string.find(string.sub(cur, 1, 32), '^[0-9a-f]+$')
          or not string.find(string.sub(cur, 33, 48), '^[0-9]+$')) then
        cur = false
      end
      """;

  /**
   * Returns the current value and grants the lease unless another holder's is live. KEYS[1] the
   * entry; ARGV[1] our token; ARGV[2] lease ttl in ms. Returns {1, value or nil} if granted, {0,
   * value} if not. On a key with no entry the lease is a 48-byte value that expires with it.
   */
  static final Script CLAIM =
      new Script(
          NOW
              + CURRENT
              + """
              local expiry = string.format('%016d', now + tonumber(ARGV[2]))
              if cur then
                if string.sub(cur, 17, 32) ~= '0000000000000000'
                    and tonumber(string.sub(cur, 33, 48)) > now then
                  return {0, cur}
                end
                redis.call('SETRANGE', KEYS[1], 16, ARGV[1] .. expiry)
                return {1, cur}
              end
              redis.call('SET', KEYS[1], '0000000000000000' .. ARGV[1] .. expiry, 'PX', ARGV[2])
              return {1, false}
              """);

  /**
   * Stores ARGV[2] with ttl ARGV[3] ms in KEYS[1] only if the lease there is still ARGV[1]'s (no
   * put, invalidation, eviction or restart replaced it). Returns 1 if written.
   */
  static final Script WRITE =
      new Script(
          CURRENT
              + """
              if not cur or string.sub(cur, 17, 32) ~= ARGV[1] then
                return 0
              end
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
              """);

  /** Gives lease ARGV[1] of KEYS[1] up if still held; returns 1 if it was. */
  static final Script RELEASE =
      new Script(
          CURRENT
              + """
              if not cur or string.sub(cur, 17, 32) ~= ARGV[1] then
                return 0
              end
              if string.len(cur) == 48 then
                redis.call('DEL', KEYS[1])
              else
                redis.call('SETRANGE', KEYS[1], 16, string.rep('0', 32))
              end
              return 1
              """);

  /** Extends lease ARGV[1] of KEYS[1] to ARGV[2] ms from now, if still held. */
  static final Script RENEW =
      new Script(
          NOW
              + CURRENT
              + """
              if not cur or string.sub(cur, 17, 32) ~= ARGV[1] then
                return 0
              end
              redis.call('SETRANGE', KEYS[1], 32, string.format('%016d', now + tonumber(ARGV[2])))
              if string.len(cur) == 48 then
                redis.call('PEXPIRE', KEYS[1], ARGV[2])
              end
              return 1
              """);
}
