package dev.evergreen.cache.redis;

/**
 * The Lua scripts, each on the keys of one slot (see {@link RedisValue} for the header they read),
 * so they run unchanged on a cluster. Lease expiry and write times are the server's clock, never a
 * client's. Foreign data under a key (another type, bytes without our header, or more bytes than
 * the entity ever stores) counts as no entry: a read reports and deletes it, a claim replaces it.
 */
final class Scripts {
  private Scripts() {}

  private static final String NOW =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local stamp = string.format('%016d', now)
      """;

  /**
   * {@code bounded(key, max)}: at most {@code max + 1} bytes of the key's value (so a huge foreign
   * value is never copied), "" if there is none, or false if another type is there. {@code
   * current(key, max)}: the key's value, or false if it holds nothing of ours (another type or more
   * than {@code max} bytes, in both cases deleted; or bytes without our header). {@code
   * lease_of(key)}: the 64-byte header if the key holds ours, else false, for scripts that only
   * check the lease. One command each: reads are most of what these scripts do.
   */
  private static final String READERS =
      """
      local function ours(head)
        return string.len(head) >= 64
            and string.find(string.sub(head, 1, 32), '^[0-9a-f]+$')
            and string.find(string.sub(head, 33, 64), '^[0-9]+$')
      end
      local function bounded(key, max)
        local value = redis.pcall('GETRANGE', key, 0, max)
        if type(value) == 'table' then
          return false
        end
        return value
      end
      local function current(key, max)
        local value = bounded(key, max)
        if not value or string.len(value) > max then
          redis.call('UNLINK', key)
          return false
        end
        if not ours(value) then
          return false
        end
        return value
      end
      local function lease_of(key)
        local head = redis.pcall('GETRANGE', key, 0, 63)
        if type(head) == 'table' or not ours(head) then
          return false
        end
        return head
      end
      """;

  /**
   * Reads several keys of one slot: for each, its value; nil if absent; "!big" or "!type" if it
   * held more than ARGV[1] bytes or another type, in which case it was deleted. KEYS the entries.
   */
  static final Script READ_ALL =
      new Script(
          READERS
              + """
              local max = tonumber(ARGV[1])
              local out = {}
              for i, key in ipairs(KEYS) do
                local value = bounded(key, max)
                if not value then
                  redis.call('UNLINK', key)
                  out[i] = '!type'
                elseif string.len(value) > max then
                  redis.call('UNLINK', key)
                  out[i] = '!big'
                elseif value == '' then
                  out[i] = false
                else
                  out[i] = value
                end
              end
              return out
              """);

  /**
   * Claims every key (all of one slot): returns each one's current value and grants its lease
   * unless another holder's is live. ARGV[1] the largest value of ours; ARGV[2] lease ttl in ms;
   * ARGV[2 + i] the token for KEYS[i]. Returns {granted 1 or 0, value or nil} for each key, in
   * order. On a key with no entry the lease is a header-only value that expires with it. A lease
   * that claims to last longer than twice ours cannot be a live holder's (they are renewed to one
   * ttl ahead): it is taken over.
   */
  static final Script CLAIM =
      new Script(
          NOW
              + READERS
              + """
              local max = tonumber(ARGV[1])
              local ttl = tonumber(ARGV[2])
              local expiry = string.format('%016d', now + ttl)
              local out = {}
              for i, key in ipairs(KEYS) do
                local token = ARGV[i + 2]
                local cur = current(key, max)
                local granted = 1
                if not cur then
                  redis.call('SET', key,
                      '0000000000000000' .. token .. expiry .. stamp, 'PX', ARGV[2])
                elseif string.sub(cur, 17, 32) ~= '0000000000000000'
                    and tonumber(string.sub(cur, 33, 48)) > now
                    and tonumber(string.sub(cur, 33, 48)) <= now + 2 * ttl then
                  granted = 0
                else
                  redis.call('SETRANGE', key, 16, token .. expiry)
                end
                out[2 * i - 1] = granted
                out[2 * i] = cur
              end
              return out
              """);

  /**
   * Writes every key (all of one slot) whose lease is still its writer's (no put, invalidation,
   * eviction or restart replaced it), stamping the server's time. For KEYS[i], ARGV[3i - 2] the
   * lease token, ARGV[3i - 1] the value, ARGV[3i] its ttl in ms. Returns 1 or 0 for each key:
   * written or not. Only the header is read.
   */
  static final Script WRITE =
      new Script(
          NOW
              + READERS
              + """
              local out = {}
              for i, key in ipairs(KEYS) do
                local a = 3 * i - 2
                local head = lease_of(key)
                if head and string.sub(head, 17, 32) == ARGV[a] then
                  redis.call('SET', key, ARGV[a + 1], 'PX', ARGV[a + 2])
                  redis.call('SETRANGE', key, 48, stamp)
                  out[i] = 1
                else
                  out[i] = 0
                end
              end
              return out
              """);

  /**
   * Stores ARGV[1] with ttl ARGV[2] ms in KEYS[1] unconditionally (revoking any lease there),
   * stamping the server's time: a put, or an invalidation's tombstone.
   */
  static final Script PUT =
      new Script(
          NOW
              + """
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              redis.call('SETRANGE', KEYS[1], 48, stamp)
              return 1
              """);

  /** Gives lease ARGV[1] of KEYS[1] up if still held; returns 1 if it was. */
  static final Script RELEASE =
      new Script(
          READERS
              + """
              local head = lease_of(KEYS[1])
              if not head or string.sub(head, 17, 32) ~= ARGV[1] then
                return 0
              end
              if redis.call('STRLEN', KEYS[1]) == 64 then
                redis.call('DEL', KEYS[1])
              else
                redis.call('SETRANGE', KEYS[1], 16, string.rep('0', 32))
              end
              return 1
              """);

  /**
   * Extends every key's lease (all of one slot) that is still its holder's. For KEYS[i]: ARGV[2i -
   * 1] the lease token, ARGV[2i] the new ttl in ms from now. Returns 1 or 0 for each key: renewed,
   * or the lease is no longer held.
   */
  static final Script RENEW =
      new Script(
          NOW
              + READERS
              + """
              local out = {}
              for i, key in ipairs(KEYS) do
                local a = 2 * i - 1
                local head = lease_of(key)
                if head and string.sub(head, 17, 32) == ARGV[a] then
                  local ttl = tonumber(ARGV[a + 1])
                  redis.call('SETRANGE', key, 32, string.format('%016d', now + ttl))
                  if redis.call('STRLEN', key) == 64 then
                    redis.call('PEXPIRE', key, ttl)
                  end
                  out[i] = 1
                else
                  out[i] = 0
                end
              end
              return out
              """);

  /**
   * The registry of one entity's live schema versions, a hash under KEYS[1]: field = schema hash,
   * value = "expiry:since" (server ms, 16 digits each): until when the version is registered, and
   * since when its entries can be trusted. Records of lapsed versions are kept for ARGV[3] ms, so a
   * version that comes back knows another one was live without it.
   *
   * <p>Registers ARGV[1] for ARGV[2] ms. Returns {now - since (-1: trust all), 1 if it (re)joined
   * while another version was live else 0, then the live hashes}. A version (re)joining after
   * another one was registered later than it distrusts what its keys hold from before.
   */
  static final Script REGISTER_SCHEMA =
      new Script(
          NOW
              + """
              local ttl = tonumber(ARGV[2])
              local keep = tonumber(ARGV[3])
              local mine = redis.call('HGET', KEYS[1], ARGV[1])
              local my_end, my_since = 0, 0
              if mine then
                my_end = tonumber(string.sub(mine, 1, 16))
                my_since = tonumber(string.sub(mine, 18, 33))
              end
              local all = redis.call('HGETALL', KEYS[1])
              local live = {}
              local others_live, other_after_me = false, false
              for i = 1, #all, 2 do
                local hash = all[i]
                local expiry = tonumber(string.sub(all[i + 1], 1, 16))
                if hash ~= ARGV[1] then
                  if expiry > now then
                    others_live = true
                    table.insert(live, hash)
                  end
                  if expiry > my_end then
                    other_after_me = true
                  end
                  if expiry + keep < now then
                    redis.call('HDEL', KEYS[1], hash)
                  end
                end
              end
              local since, joined = my_since, 0
              if my_end <= now then
                if other_after_me then
                  since = now
                end
                if others_live then
                  joined = 1
                end
              end
              redis.call('HSET', KEYS[1], ARGV[1],
                  string.format('%016d:%016d', now + ttl, since))
              redis.call('PEXPIRE', KEYS[1], ttl + keep)
              table.insert(live, ARGV[1])
              local trusted = -1
              if since > 0 then
                trusted = now - since
              end
              local out = {trusted, joined}
              for _, hash in ipairs(live) do
                table.insert(out, hash)
              end
              return out
              """);

  /** The hashes registered in KEYS[1] (see {@link #REGISTER_SCHEMA}) and not lapsed. */
  static final Script LIVE_SCHEMAS =
      new Script(
          NOW
              + """
              local all = redis.call('HGETALL', KEYS[1])
              local live = {}
              for i = 1, #all, 2 do
                if tonumber(string.sub(all[i + 1], 1, 16)) > now then
                  table.insert(live, all[i])
                end
              end
              return live
              """);
}
