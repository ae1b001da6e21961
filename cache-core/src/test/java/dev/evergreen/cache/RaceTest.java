package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The races DESIGN.md says must be impossible, each forced with latches and run many times. */
final class RaceTest {
  private static final int READERS = 64;
  private static final ExecutorService THREADS = Executors.newFixedThreadPool(READERS);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @AfterAll
  static void stopThreads() {
    THREADS.shutdownNow();
  }

  // ---- 1: a refresh that read the database before an invalidate/put must not write after it ---

  @Test
  void refresh_thatReadDatabaseBeforeInvalidateOrPut_neverOverwritesIt() throws Exception {
    MutableClock clock = new MutableClock();
    QueueingExecutor refreshes = new QueueingExecutor();
    Map<Long, User> db = new ConcurrentHashMap<>();
    Map<Long, CountDownLatch> readDone = new ConcurrentHashMap<>();
    Map<Long, CountDownLatch> proceed = new ConcurrentHashMap<>();
    try (Evergreen evergreen =
        Evergreen.builder().clock(clock).refreshExecutor(refreshes).build()) {
      EntityCache<Long, User> users =
          evergreen
              .entity(User.class)
              .refreshAfter(Duration.ofMinutes(1))
              .build(
                  id -> {
                    User row = db.get(id); // the refresh reads the row here...
                    CountDownLatch read = readDone.get(id);
                    if (read != null) {
                      read.countDown();
                      proceed.get(id).await(); // ...and is slow to write it
                    }
                    return row;
                  });

      for (long id = 0; id < 200; id++) {
        db.put(id, new User(id, "v1"));
        users.get(id);
        clock.advance(Duration.ofMinutes(2));
        db.put(id, new User(id, "v2"));
        assertThat(users.get(id)).isEqualTo(new User(id, "v1")); // stale: refresh queued
        readDone.put(id, new CountDownLatch(1));
        proceed.put(id, new CountDownLatch(1));
        Runnable refresh = refreshes.take();
        Future<?> running = THREADS.submit(refresh);

        readDone.get(id).await(); // the refresh has read v2
        db.put(id, new User(id, "v3")); // a write commits...
        if (id % 2 == 0) {
          users.invalidate(id); // ...and the application invalidates
        } else {
          users.put(id, new User(id, "v3")); // ...or writes through
        }
        proceed.get(id).countDown();
        running.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        readDone.remove(id);

        assertThat(users.get(id)).as("iteration %d", id).isEqualTo(new User(id, "v3"));
      }
    }
  }

  @Test
  void missLoad_thatReadDatabaseBeforeInvalidate_neverWritesAfterIt() throws Exception {
    MutableClock clock = new MutableClock();
    Map<Long, User> db = new ConcurrentHashMap<>();
    CountDownLatch[] readDone = new CountDownLatch[1];
    CountDownLatch[] proceed = new CountDownLatch[1];
    try (Evergreen evergreen = Evergreen.builder().clock(clock).build()) {
      EntityCache<Long, User> users =
          evergreen
              .entity(User.class)
              .build(
                  id -> {
                    User row = db.get(id);
                    if (readDone[0] != null) {
                      readDone[0].countDown();
                      proceed[0].await();
                    }
                    return row;
                  });
      for (long id = 0; id < 200; id++) {
        long key = id;
        db.put(id, new User(id, "old"));
        readDone[0] = new CountDownLatch(1);
        proceed[0] = new CountDownLatch(1);
        Future<User> loading = THREADS.submit(() -> users.get(key));
        readDone[0].await();
        db.put(id, new User(id, "new"));
        users.invalidate(id);
        proceed[0].countDown();
        assertThat(loading.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new User(id, "old"));
        readDone[0] = null;

        assertThat(users.get(id)).as("iteration %d", id).isEqualTo(new User(id, "new"));
      }
    }
  }

  // ---- 1b: a read that starts after an invalidate must not join a load begun before it ------

  @Test
  void get_afterInvalidateReturned_neverJoinsALoadThatBeganBeforeIt() throws Exception {
    readAfterInvalidate_neverJoinsOlderLoad((users, id) -> users.get(id));
  }

  @Test
  void getAll_afterInvalidateReturned_neverJoinsALoadThatBeganBeforeIt() throws Exception {
    readAfterInvalidate_neverJoinsOlderLoad((users, id) -> users.getAll(List.of(id)).get(id));
  }

  private void readAfterInvalidate_neverJoinsOlderLoad(
      java.util.function.BiFunction<EntityCache<Long, User>, Long, User> read) throws Exception {
    Map<Long, User> db = new ConcurrentHashMap<>();
    Map<Long, AtomicInteger> loads = new ConcurrentHashMap<>();
    CountDownLatch[] firstRead = new CountDownLatch[1];
    CountDownLatch[] secondLoad = new CountDownLatch[1];
    CountDownLatch[] proceed = new CountDownLatch[1];
    EntityLoader<Long, User> loader =
        new EntityLoader<>() {
          @Override
          public User load(Long id) throws Exception {
            return slowFirst(id);
          }

          @Override
          public Map<Long, User> loadAll(Set<? extends Long> ids) throws Exception {
            Long id = ids.iterator().next();
            return Map.of(id, slowFirst(id));
          }

          private User slowFirst(Long id) throws InterruptedException {
            User row = db.get(id);
            if (loads.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() == 1) {
              firstRead[0].countDown(); // the first load has read the old row...
              proceed[0].await(); // ...and is slow to return it
            } else {
              secondLoad[0].countDown();
            }
            return row;
          }
        };
    try (Evergreen evergreen = Evergreen.builder().clock(new MutableClock()).build()) {
      EntityCache<Long, User> users = evergreen.entity(User.class).build(loader);
      for (long id = 0; id < 50; id++) {
        long key = id;
        db.put(id, new User(id, "old"));
        firstRead[0] = new CountDownLatch(1);
        secondLoad[0] = new CountDownLatch(1);
        proceed[0] = new CountDownLatch(1);
        Future<User> first = THREADS.submit(() -> read.apply(users, key));
        firstRead[0].await();
        db.put(id, new User(id, "new"));
        users.invalidate(id);

        Future<User> second = THREADS.submit(() -> read.apply(users, key)); // starts after it
        // A correct cache loads again for the second read; a broken one makes it wait for the
        // first load, which must then be let go for the test to end.
        secondLoad[0].await(200, TimeUnit.MILLISECONDS);
        proceed[0].countDown();

        assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS))
            .as("iteration %d", id)
            .isEqualTo(new User(id, "new"));
        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new User(id, "old"));
        assertThat(users.get(id)).as("iteration %d", id).isEqualTo(new User(id, "new"));
      }
    }
  }

  // ---- 1c: a miss load must not write after an invalidate whose tombstone was evicted -------

  @Test
  void missLoad_whoseInvalidationsTombstoneWasEvicted_neverWritesItsOlderValue() throws Exception {
    Map<Long, User> db = new ConcurrentHashMap<>();
    CountDownLatch[] readDone = new CountDownLatch[1];
    CountDownLatch[] proceed = new CountDownLatch[1];
    List<InMemorySpace<?, ?>> spaces = new ArrayList<>();
    InMemoryStore memory = InMemoryStore.create();
    dev.evergreen.cache.spi.CacheStore store =
        new dev.evergreen.cache.spi.CacheStore() {
          @Override
          public <K, V> dev.evergreen.cache.spi.StoreSpace<K, V> space(
              dev.evergreen.cache.spi.SpaceConfig<V> config) {
            dev.evergreen.cache.spi.StoreSpace<K, V> space = memory.space(config);
            spaces.add((InMemorySpace<?, ?>) space);
            return space;
          }

          @Override
          public void close() {
            memory.close();
          }
        };
    try (Evergreen evergreen = Evergreen.builder().clock(new MutableClock()).store(store).build()) {
      EntityCache<Long, User> users =
          evergreen
              .entity(User.class)
              .build(
                  id -> {
                    User row = db.get(id);
                    if (readDone[0] != null) {
                      readDone[0].countDown();
                      proceed[0].await();
                    }
                    return row;
                  });
      @SuppressWarnings("unchecked")
      InMemorySpace<Long, User> space = (InMemorySpace<Long, User>) spaces.get(0);
      for (long id = 0; id < 100; id++) {
        long key = id;
        db.put(id, new User(id, "old"));
        readDone[0] = new CountDownLatch(1);
        proceed[0] = new CountDownLatch(1);
        Future<User> loading = THREADS.submit(() -> users.get(key));
        readDone[0].await();
        db.put(id, new User(id, "new"));
        if (id % 2 == 0) {
          users.invalidate(id);
        } else { // as another process sharing the store would: only the store knows
          space.invalidate(id, dev.evergreen.cache.spi.StoreEntry.tombstone(0, 42));
        }
        space.evict(id); // what a size eviction does to the tombstone
        proceed[0].countDown();
        assertThat(loading.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new User(id, "old"));
        readDone[0] = null;

        assertThat(users.get(id)).as("iteration %d", id).isEqualTo(new User(id, "new"));
      }
    }
  }

  // ---- 2: N readers of a stale key cause one refresh; of a missing key, one load -------------

  @Test
  void staleKey_read64TimesAtOnce_queuesExactlyOneRefresh() throws Exception {
    MutableClock clock = new MutableClock();
    QueueingExecutor refreshes = new QueueingExecutor();
    Db<Long, User> db = new Db<>();
    try (Evergreen evergreen =
        Evergreen.builder().clock(clock).refreshExecutor(refreshes).build()) {
      EntityCache<Long, User> users =
          evergreen.entity(User.class).refreshAfter(Duration.ofMinutes(1)).build(db);
      for (long id = 0; id < 100; id++) {
        long key = id;
        db.rows.put(id, new User(id, "v1"));
        users.get(id);
        clock.advance(Duration.ofMinutes(2));
        db.loads.set(0);

        List<User> seen = readAllAtOnce(() -> users.get(key));

        assertThat(seen).hasSize(READERS).containsOnly(new User(id, "v1"));
        assertThat(refreshes.queued()).as("iteration %d", id).isEqualTo(1);
        refreshes.runAll();
        assertThat(db.loads).as("iteration %d", id).hasValue(1);
      }
    }
  }

  @Test
  void missingKey_read64TimesAtOnce_loadsExactlyOnce() throws Exception {
    Map<Long, AtomicInteger> loadsById = new ConcurrentHashMap<>();
    AtomicInteger arrived = new AtomicInteger();
    CountDownLatch[] allArrived = new CountDownLatch[1];
    try (Evergreen evergreen = Evergreen.builder().clock(new MutableClock()).build()) {
      EntityCache<Long, User> users =
          evergreen
              .entity(User.class)
              .build(
                  id -> {
                    loadsById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    allArrived[0].await(); // hold the load until every reader has asked
                    return new User(id, "loaded");
                  });
      for (long id = 0; id < 100; id++) {
        long key = id;
        arrived.set(0);
        allArrived[0] = new CountDownLatch(READERS);
        CountDownLatch latch = allArrived[0];

        List<User> seen =
            readAllAtOnce(
                () -> {
                  latch.countDown();
                  return users.get(key);
                });

        assertThat(seen).hasSize(READERS).containsOnly(new User(id, "loaded"));
        assertThat(loadsById.get(id)).as("iteration %d", id).hasValue(1);
      }
    }
  }

  @Test
  void overlappingGetAllAndGet_loadEachMissingIdExactlyOnce() throws Exception {
    Map<Long, AtomicInteger> loadsById = new ConcurrentHashMap<>();
    EntityLoader<Long, User> loader =
        new EntityLoader<>() {
          @Override
          public User load(Long id) {
            loadsById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            return new User(id, "u" + id);
          }

          @Override
          public Map<Long, User> loadAll(Set<? extends Long> ids) {
            ids.forEach(
                id -> loadsById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
            return ids.stream().collect(Collectors.toMap(id -> id, id -> new User(id, "u" + id)));
          }
        };
    try (Evergreen evergreen = Evergreen.builder().clock(new MutableClock()).build()) {
      EntityCache<Long, User> users = evergreen.entity(User.class).build(loader);
      for (int round = 0; round < 50; round++) {
        long base = round * 100L;
        List<Long> ids = LongStream.range(base, base + 20).boxed().collect(Collectors.toList());
        AtomicInteger turn = new AtomicInteger();

        List<Object> seen =
            readAllAtOnce(
                () -> {
                  int me = turn.getAndIncrement();
                  if (me % 2 == 0) {
                    List<Long> mine = new ArrayList<>(ids);
                    Collections.shuffle(mine);
                    return users.getAll(mine).size();
                  }
                  return users.get(ids.get(me % ids.size()));
                });

        assertThat(seen).hasSize(READERS);
        for (long id : ids) {
          assertThat(loadsById.get(id)).as("round %d id %d", round, id).hasValue(1);
        }
      }
    }
  }

  // ---- 3: a refresh whose queue is full is dropped, never blocks the reader ----------------

  @Test
  void staleRead_whenRefreshQueueIsFull_dropsRefreshAndReturnsAtOnce() throws Exception {
    for (int iteration = 0; iteration < 30; iteration++) {
      MutableClock clock = new MutableClock();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      CountDownLatch refreshEntered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger calls = new AtomicInteger();
      try (Evergreen evergreen =
          Evergreen.builder()
              .clock(clock)
              .meterRegistry(registry)
              .refreshThreads(1)
              .refreshQueueCapacity(1)
              .build()) {
        EntityCache<Long, User> users =
            evergreen
                .entity(User.class)
                .refreshAfter(Duration.ofMinutes(1))
                .build(
                    id -> {
                      if (calls.incrementAndGet() > 3) { // the first refresh holds the only thread
                        refreshEntered.countDown();
                        release.await();
                      }
                      return new User(id, "v");
                    });
        users.getAll(List.of(1L, 2L, 3L));
        clock.advance(Duration.ofMinutes(2));

        users.get(1L); // runs on the single refresh thread and blocks there
        refreshEntered.await();
        users.get(2L); // fills the queue

        User third = assertTimeoutPreemptively(WAIT, () -> users.get(3L));

        assertThat(third).isEqualTo(new User(3, "v"));
        assertThat(registry.get("cache.refreshes").tag("result", "dropped").counter().count())
            .isEqualTo(1.0);
        release.countDown();
      }
    }
  }

  // ---- 4: close() while refreshes run: no thread leak, no write after close -----------------

  @Test
  void close_whileRefreshRuns_leavesNoThreadAndWritesNothingAfter() throws Exception {
    for (int iteration = 0; iteration < 20; iteration++) {
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      MutableClock clock = new MutableClock();
      RecordingStore store = new RecordingStore();
      CountDownLatch refreshEntered = new CountDownLatch(1);
      CountDownLatch never = new CountDownLatch(1);
      AtomicInteger calls = new AtomicInteger();
      Evergreen evergreen = Evergreen.builder().clock(clock).store(store).build();
      EntityCache<Long, User> users =
          evergreen
              .entity(User.class)
              .refreshAfter(Duration.ofMinutes(1))
              .build(
                  id -> {
                    if (calls.incrementAndGet() == 2) {
                      refreshEntered.countDown();
                      try {
                        never.await();
                      } catch (InterruptedException e) {
                        // Like a driver that ignores interrupts: finish and return a value.
                      }
                    }
                    return new User(id, "v" + calls.get());
                  });
      users.get(1L);
      clock.advance(Duration.ofMinutes(2));
      users.get(1L);
      refreshEntered.await();

      store.watching.set(true);
      evergreen.close();

      assertThat(store.watchedWrites).as("writes after close, iteration %d", iteration).hasValue(0);
      Set<Thread> leaked =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> !before.contains(t))
              .filter(t -> t.getName().startsWith("evergreen-"))
              .filter(Thread::isAlive)
              .collect(Collectors.toSet());
      assertThat(leaked).as("iteration %d", iteration).isEmpty();
    }
  }

  /** Runs {@code read} on 64 threads released together by a barrier; returns what each got. */
  private static <T> List<T> readAllAtOnce(java.util.concurrent.Callable<T> read) throws Exception {
    CyclicBarrier start = new CyclicBarrier(READERS);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < READERS; i++) {
      futures.add(
          THREADS.submit(
              () -> {
                start.await();
                return read.call();
              }));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
    return results;
  }
}
