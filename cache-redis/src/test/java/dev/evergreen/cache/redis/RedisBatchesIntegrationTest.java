package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.BulkLoader;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityLoader;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * {@code getAll} at scale on a real redis-server: every command bounded (so another client never
 * waits behind one huge command), the misses claimed, loaded and written back in pipelines, and two
 * nodes asking for the same cold ids loading each once.
 */
final class RedisBatchesIntegrationTest {
  private static final int IDS = 100_000;

  /** The most arguments and bytes any one command the client sent carried, and how many. */
  private static final class LargestCommand implements CommandListener {
    final AtomicInteger largest = new AtomicInteger();
    final AtomicInteger largestBytes = new AtomicInteger();
    final AtomicInteger commands = new AtomicInteger();

    @Override
    public void commandStarted(CommandStartedEvent event) {
      largest.accumulateAndGet(event.getCommand().getArgs().count(), Math::max);
      ByteBuf encoded = Unpooled.buffer();
      event.getCommand().getArgs().encode(encoded);
      largestBytes.accumulateAndGet(encoded.readableBytes(), Math::max);
      encoded.release();
      commands.incrementAndGet();
    }
  }

  private static List<Long> ids(int count) {
    return LongStream.range(0, count).boxed().collect(Collectors.toList());
  }

  @Test
  void coldGetAllOf100000Ids_isOneBulkLoad_boundedCommands_andThenAllHits() {
    LargestCommand largest = new LargestCommand();
    AtomicInteger bulkLoads = new AtomicInteger();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      RedisClient client = RedisClient.create(redis.uri());
      client.addListener(largest);
      // Lettuce times each command out from when it is sent, at the default command timeout, as
      // on a client the store creates from a URI: a long pipeline must not need more than that.
      client.setOptions(
          ClientOptions.builder()
              .timeoutOptions(TimeoutOptions.enabled(RedisStore.DEFAULT_COMMAND_TIMEOUT))
              .build());
      try (Evergreen evergreen =
          Evergreen.builder()
              .store(RedisStore.create(client))
              .namespace("bulk")
              .meterRegistry(registry)
              .build()) {
        EntityCache<Long, Account> accounts =
            evergreen
                .entity(Account.class)
                .build(BulkLoader.rows(id -> new Account(id, "a"), bulkLoads::incrementAndGet));
        List<Long> ids = ids(IDS);

        assertThat(accounts.getAll(ids)).hasSize(IDS);
        assertThat(accounts.getAll(ids)).hasSize(IDS);

        assertThat(bulkLoads).hasValue(1);
        assertThat(registry.get("cache.puts").counter().count()).isEqualTo(IDS);
        assertThat(registry.get("cache.gets").tag("result", "hit").counter().count())
            .isEqualTo(IDS);
        assertThat(registry.get("cache.store.errors").counter().count()).isZero();
        // No command carried more than one group of 500 keys: with a write's three arguments per
        // key, at most 500 + 3 * 500 + the script's own; and none more than about a megabyte.
        assertThat(largest.largest).hasValueLessThanOrEqualTo(500 + 3 * 500 + 4);
        assertThat(largest.largestBytes).hasValueLessThanOrEqualTo((1 << 20) + 64 * 1024);
        // Each getAll is one script per group of 500 (reads, then claims, then writes for the
        // first), not one command per id: 200 groups, 3 rounds, then 1 round for the second;
        // and once per script, the first pipeline's NOSCRIPT answers sent again as EVAL.
        assertThat(largest.commands.get()).isLessThanOrEqualTo(4 * 200 + 3 * 200 + 20);
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void twoNodesDoingTheSameColdGetAll_loadEachIdOnce() throws Exception {
    Map<Long, AtomicInteger> loads = new ConcurrentHashMap<>();
    CountDownLatch firstLoading = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    // Node B's scripts, two groups of 500 ids each: its read, then its claims (refused: A holds
    // every lease while it loads).
    CountDownLatch secondClaimed = new CountDownLatch(2 + 2);
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      RedisClient clientB = RedisClient.create(redis.uri());
      clientB.addListener(
          new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
              if (event.getCommand().getType().toString().equals("EVALSHA")) {
                secondClaimed.countDown();
              }
            }
          });
      try (Evergreen nodeA = node(RedisStore.create(redis.uri()));
          Evergreen nodeB = node(RedisStore.create(clientB))) {
        EntityLoader<Long, Account> loader =
            BulkLoader.of(
                ids -> {
                  ids.forEach(
                      id -> loads.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
                  if (firstLoading.getCount() == 1) {
                    firstLoading.countDown();
                    finish.await(); // hold the first node's load while the second one asks
                  }
                  return BulkLoader.rowsOf(ids, id -> new Account(id, "a"));
                });
        EntityCache<Long, Account> onA = nodeA.entity(Account.class).build(loader);
        EntityCache<Long, Account> onB = nodeB.entity(Account.class).build(loader);
        List<Long> ids = ids(1_000);

        Future<Map<Long, Account>> first = threads.submit(() -> onA.getAll(ids));
        firstLoading.await();
        Future<Map<Long, Account>> second = threads.submit(() -> onB.getAll(ids));
        assertThat(secondClaimed.await(30, TimeUnit.SECONDS)).isTrue();
        finish.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).hasSize(1_000);
        assertThat(second.get(30, TimeUnit.SECONDS)).hasSize(1_000);
        assertThat(loads).hasSize(1_000);
        assertThat(loads.values()).allSatisfy(count -> assertThat(count).hasValue(1));
      } finally {
        clientB.shutdown();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static Evergreen node(RedisStore store) {
    return Evergreen.builder()
        .store(store)
        .namespace("twice")
        .leaseTtl(Duration.ofSeconds(30))
        .build();
  }
}
