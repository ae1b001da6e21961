package dev.evergreen.demo;

import dev.evergreen.cache.CacheEntity;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tour of Evergreen on the in-memory default, with real timings: keys and schema hashes, a fresh
 * hit, a stale value served at once while a slow loader refreshes it, 50 callers on a cold key
 * causing one load, and a schema change producing a new key.
 *
 * <p>Run: {@code ./mvnw -q -pl examples/demo -am compile exec:java}
 */
public final class Demo {
  private static final Duration SLOW = Duration.ofMillis(300);

  /** Version 1 of the entity, as deployed yesterday. */
  @CacheEntity("User")
  public record User(long id, String name) {}

  /** Version 2: a field added. Same entity name, different shape. */
  @CacheEntity("User")
  public record UserV2(long id, String name, String email) {}

  /** A database that takes 300 ms per query and counts them. */
  static final class SlowDatabase {
    final Map<Long, User> rows = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> queries = new ConcurrentHashMap<>();

    User findById(long id) throws InterruptedException {
      queries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      User row = rows.get(id);
      Thread.sleep(SLOW.toMillis());
      return row;
    }

    int queriesFor(long id) {
      return queries.getOrDefault(id, new AtomicInteger()).get();
    }
  }

  public static void main(String[] args) throws Exception {
    SlowDatabase db = new SlowDatabase();
    db.rows.put(42L, new User(42, "Ada"));
    for (long id = 1; id <= 10; id++) {
      db.rows.putIfAbsent(id, new User(id, "user-" + id));
    }

    try (Evergreen evergreen = Evergreen.builder().build()) {
      EntityCache<Long, User> users =
          evergreen
              .entity(User.class)
              .refreshAfter(Duration.ofSeconds(1))
              .expireAfter(Duration.ofMinutes(5))
              .build(db::findById);

      section("1. Keys carry the schema hash");
      System.out.println("key of user 42:  " + users.key(42L));
      System.out.println("schema hash:     " + users.schema().hash());
      System.out.print(indent(users.schema().descriptor()));

      section("2. A miss loads once; a fresh hit is served from memory");
      long start = System.nanoTime();
      User first = users.get(42L);
      System.out.printf("miss:        %-28s %9s  (loader: 1 query)%n", first, since(start));
      Long adaId = 42L;
      long sink = 0;
      for (int i = 0; i < 2_000_000; i++) {
        sink += users.get(adaId).id(); // warm the hit path up
      }
      int hits = 10_000_000;
      start = System.nanoTime();
      for (int i = 0; i < hits; i++) {
        sink += users.get(adaId).id();
      }
      long perHit = (System.nanoTime() - start) / hits;
      System.out.printf(
          "fresh hit:   %-28s %6d ns  (mean of %,d hits; no loader call)%n",
          users.get(adaId), perHit, hits + (sink == 0 ? 1 : 0));

      section("3. Stale: old value at once, one refresh in the background");
      users.getAll(List.of(1L, 2L)); // two entries, written now
      db.rows.put(1L, new User(1, "Grace Hopper"));
      Thread.sleep(1_100); // let them pass refreshAfter (1 s)
      start = System.nanoTime();
      User stale = users.get(1L);
      System.out.printf(
          "stale read:  %-28s %9s  (refresh queued; first stale read in this JVM: class loading)%n",
          stale, since(start));
      start = System.nanoTime();
      User staleToo = users.get(2L);
      System.out.printf(
          "stale read:  %-28s %9s  (another key, refresh queued)%n", staleToo, since(start));
      long refreshStart = System.nanoTime();
      User now;
      while ((now = users.get(1L)).name().equals("user-1")) {
        Thread.sleep(5);
      }
      System.out.printf(
          "refreshed:   %-28s %9s after the stale read (user 1: %d queries in all)%n",
          now, since(refreshStart), db.queriesFor(1L));

      section("4. 50 concurrent callers on a cold key: one load");
      ExecutorService pool = Executors.newFixedThreadPool(50);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<User>> callers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        callers.add(
            pool.submit(
                () -> {
                  go.await();
                  return users.get(7L);
                }));
      }
      start = System.nanoTime();
      go.countDown();
      for (Future<User> caller : callers) {
        caller.get();
      }
      String elapsed = since(start);
      pool.shutdown();
      System.out.printf(
          "50 callers got %s in %s; queries for user 7: %d%n",
          callers.get(0).get(), elapsed, db.queriesFor(7L));

      section("5. A field added between deploys: a new key, old entries never read");
      try (Evergreen nextDeploy = Evergreen.builder().build()) {
        EntityCache<Long, UserV2> usersV2 =
            nextDeploy.entity(UserV2.class).build(id -> new UserV2(id, "Ada", "ada@example.com"));
        System.out.println("v1 key: " + users.key(42L));
        System.out.println("v2 key: " + usersV2.key(42L));
        System.out.print(indent(usersV2.schema().descriptor()));
      }
    }
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }

  private static String since(long startNanos) {
    long nanos = System.nanoTime() - startNanos;
    if (nanos < 10_000) {
      return nanos + " ns";
    }
    if (nanos < 10_000_000) {
      return nanos / 1_000 + " µs";
    }
    return nanos / 1_000_000 + " ms";
  }

  private static String indent(String text) {
    return text.lines().map(line -> "    " + line + "\n").reduce("", String::concat);
  }
}
