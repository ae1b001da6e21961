package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * What a call costs in commands, counted as the client sends them (a Lettuce command listener on a
 * client the store is given; the server's own counts include the commands inside scripts): a miss
 * is one read, one claim, the load, and one fenced write; scripts run by {@code EVALSHA}, and again
 * after the server forgot them.
 */
final class RedisRoundTripsIntegrationTest {

  /** Counts the commands a client sends, by name. */
  private static final class Sent implements CommandListener {
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
      counts.merge(event.getCommand().getType().toString().toLowerCase(), 1L, Long::sum);
    }

    Map<String, Long> snapshot() {
      return new HashMap<>(counts);
    }
  }

  private static Map<String, Long> sentDelta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new HashMap<>();
    after.forEach(
        (command, count) -> {
          long diff = count - before.getOrDefault(command, 0L);
          if (diff > 0) {
            delta.put(command, diff);
          }
        });
    return delta;
  }

  private static Map<String, Long> calls(RedisServer redis) {
    Map<String, Long> calls = new HashMap<>();
    for (String line : redis.command("INFO commandstats").split("\\r?\\n")) {
      if (line.startsWith("cmdstat_")) {
        String command = line.substring("cmdstat_".length(), line.indexOf(':'));
        String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(','));
        calls.put(command, Long.parseLong(count));
      }
    }
    return calls;
  }

  /** Commands run between two snapshots, leaving out the INFO that took them. */
  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new HashMap<>();
    after.forEach(
        (command, count) -> {
          long diff = count - before.getOrDefault(command, 0L);
          if (diff > 0 && !command.equals("info")) {
            delta.put(command, diff);
          }
        });
    return delta;
  }

  @Test
  void miss_isTwoRoundTripsBeforeTheLoaderAndOneAfter_aHitIsOne() {
    Sent sent = new Sent();
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      RedisClient client = RedisClient.create(redis.uri());
      client.addListener(sent);
      try (Evergreen evergreen =
          Evergreen.builder().store(RedisStore.create(client)).namespace("rt").build()) {
        EntityCache<Long, Account> accounts =
            evergreen.entity(Account.class).build(id -> new Account(id, "a" + id));
        accounts.get(0L); // loads the scripts once

        Map<String, Long> before = sent.snapshot();
        accounts.get(1L); // a miss
        Map<String, Long> afterMiss = sent.snapshot();
        accounts.get(1L); // a hit
        Map<String, Long> afterHit = sent.snapshot();

        assertThat(sentDelta(before, afterMiss)).isEqualTo(Map.of("getrange", 1L, "evalsha", 2L));
        assertThat(sentDelta(afterMiss, afterHit)).isEqualTo(Map.of("getrange", 1L));
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void scripts_areReloadedWhenTheServerForgetsThem() {
    try (RedisServer redis = RedisServer.startLocal(List.of());
        Evergreen evergreen =
            Evergreen.builder().store(RedisStore.create(redis.uri())).namespace("rt").build()) {
      EntityCache<Long, Account> accounts =
          evergreen.entity(Account.class).build(id -> new Account(id, "a" + id));
      accounts.get(0L);
      assertThat(redis.command("SCRIPT FLUSH")).isEqualTo("+OK");

      Map<String, Long> before = calls(redis);
      assertThat(accounts.get(1L)).isEqualTo(new Account(1, "a1"));
      Map<String, Long> after = calls(redis);
      accounts.get(2L);
      Map<String, Long> again = calls(redis);

      // NOSCRIPT, then EVAL loads it; from then on EVALSHA again.
      assertThat(delta(before, after)).containsEntry("eval", 2L);
      assertThat(delta(after, again)).containsEntry("evalsha", 2L).doesNotContainKey("eval");
      assertThat(accounts.getIfPresent(1L)).isEqualTo(new Account(1, "a1"));
    }
  }
}
