package dev.evergreen.cache.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.MutableClock;
import dev.evergreen.cache.QueueingExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every {@link CacheStore} must do, written once. A store module extends this class and
 * implements {@link #createStore()}; the in-memory store runs it in core, the Redis store in its
 * own module (this class ships in core's test-jar).
 *
 * <p>Each test gets a fresh store and unique entity names, so a store shared between tests (one
 * Redis) does not leak entries from one test into another.
 */
public abstract class StoreContractTest {
  private static final AtomicInteger SPACES = new AtomicInteger();

  protected final MutableClock clock = new MutableClock();
  private CacheStore store;
  private StoreSpace<Long, Widget> space;

  /** A new store; closed by the suite after each test. */
  protected abstract CacheStore createStore();

  @BeforeEach
  void openStore() {
    store = createStore();
    space = store.space(config("Widget" + SPACES.incrementAndGet()));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private SpaceConfig<Widget> config(String name) {
    return config(name, true);
  }

  private SpaceConfig<Widget> config(String name, boolean sharesValues) {
    return new SpaceConfig<>(
        name,
        KeyFormat.of(null, name, "0123456789ab"),
        EntryCodec.json(JsonMapper.shared(), Widget.class, name),
        Duration.ofHours(1),
        Duration.ofMinutes(1),
        clock,
        StoreEvents.NONE,
        sharesValues,
        1 << 20);
  }

  private static Widget widget(long id) {
    return new Widget(id, "w" + id, List.of("a", "b"));
  }

  private StoreEntry<Widget> value(long id, long stamp) {
    return StoreEntry.value(widget(id), clock.millis(), stamp);
  }

  /**
   * The same entry: kind, stamp and value exactly; the write time within a second, as a remote
   * store may report it by its server's clock (translated to the engine's), so that nodes with
   * skewed clocks agree on ages.
   */
  private static void assertSameEntry(
      @org.jspecify.annotations.Nullable StoreEntry<?> actual, StoreEntry<?> expected) {
    assertThat(actual).isNotNull();
    assertThat(actual.kind()).isEqualTo(expected.kind());
    assertThat(actual.stamp()).isEqualTo(expected.stamp());
    assertThat(actual.value()).isEqualTo(expected.value());
    assertThat(actual.writtenAt()).isCloseTo(expected.writtenAt(), within(1_000L));
  }

  // ---- the SPI -----------------------------------------------------------------------------

  @Test
  void get_ofUnknownId_isNull() {
    assertThat(space.get(1L)).isNull();
  }

  @Test
  void put_thenGet_returnsEqualEntryOfEveryKind() {
    StoreEntry<Widget> value = value(1, 11);
    StoreEntry<Widget> absent = StoreEntry.absent(clock.millis(), 22);
    StoreEntry<Widget> tombstone = StoreEntry.tombstone(clock.millis(), 33);

    space.put(1L, value);
    space.put(2L, absent);
    space.put(3L, tombstone);

    assertSameEntry(space.get(1L), value);
    assertSameEntry(space.get(2L), absent);
    assertSameEntry(space.get(3L), tombstone);
  }

  @Test
  void put_overwrites() {
    space.put(1L, value(1, 1));
    space.put(1L, value(1, 2));
    assertThat(space.get(1L).stamp()).isEqualTo(2);
  }

  @Test
  void valuesThatMayNotBeShared_areANewEqualInstanceOnEveryRead() {
    StoreSpace<Long, Mutable> copying =
        store.space(
            new SpaceConfig<>(
                "Mutable" + SPACES.incrementAndGet(),
                KeyFormat.of(null, "Mutable" + SPACES.get(), "0123456789ab"),
                EntryCodec.json(JsonMapper.shared(), Mutable.class, "Mutable"),
                Duration.ofHours(1),
                Duration.ofMinutes(1),
                clock,
                StoreEvents.NONE,
                false,
                1 << 20));
    Mutable stored = new Mutable();
    stored.name = "before";
    copying.put(1L, StoreEntry.value(stored, clock.millis(), 1));
    stored.name = "changed by the caller that put it";

    Mutable first = copying.get(1L).value();
    Mutable second = copying.getAll(List.of(1L)).get(1L).value();
    first.name = "changed by a reader";

    assertThat(second).isNotSameAs(first);
    assertThat(second.name).isEqualTo("before");
    assertThat(copying.get(1L).value().name).isEqualTo("before");
  }

  /** A mutable entity, as JPA entities are. */
  public static final class Mutable {
    public String name;
  }

  @Test
  void getAll_returnsPresentIdsOnly() {
    for (long id = 0; id < 50; id += 2) {
      space.put(id, value(id, id));
    }
    List<Long> ids = LongStream.range(0, 50).boxed().collect(Collectors.toList());

    Map<Long, StoreEntry<Widget>> found = space.getAll(ids);

    assertThat(found.keySet())
        .containsExactlyInAnyOrderElementsOf(
            LongStream.range(0, 50).filter(id -> id % 2 == 0).boxed().collect(Collectors.toList()));
    assertSameEntry(found.get(10L), value(10, 10));
  }

  @Test
  void claim_ofFreeKey_grantsTheLeaseAndReturnsTheCurrentEntry() {
    StoreEntry<Widget> stored = value(1, 1);
    space.put(1L, stored);

    Claim<Widget> claim = space.claim(1L, Duration.ofSeconds(10));
    Claim<Widget> none = space.claim(2L, Duration.ofSeconds(10));

    assertSameEntry(claim.current(), stored);
    assertThat(claim.lease()).isNotNull();
    assertThat(none.current()).isNull();
    assertThat(none.lease()).isNotNull();
    claim.lease().close();
    none.lease().close();
  }

  @Test
  void write_throughAHeldLease_stores() {
    Claim<Widget> claim = space.claim(1L, Duration.ofSeconds(10));

    assertThat(space.write(1L, claim.lease(), value(1, 5))).isTrue();
    assertSameEntry(space.get(1L), value(1, 5));
  }

  @Test
  void write_afterAPutOfTheKey_isFencedOut() {
    Claim<Widget> claim = space.claim(1L, Duration.ofSeconds(10));
    space.put(1L, value(1, 2)); // a caller's write lands while the load runs

    assertThat(space.write(1L, claim.lease(), value(1, 3))).isFalse();
    assertSameEntry(space.get(1L), value(1, 2));
  }

  @Test
  void write_afterAnInvalidationOfTheKey_isFencedOut() {
    space.put(1L, value(1, 1));
    Claim<Widget> claim = space.claim(1L, Duration.ofSeconds(10));
    StoreEntry<Widget> tombstone = StoreEntry.tombstone(clock.millis(), 9);
    space.invalidate(1L, tombstone);

    assertThat(space.write(1L, claim.lease(), value(1, 3))).isFalse();
    assertSameEntry(space.get(1L), tombstone);
  }

  @Test
  void write_afterAClear_isFencedOut() {
    Claim<Widget> claim = space.claim(1L, Duration.ofSeconds(10));
    space.clear();

    assertThat(space.write(1L, claim.lease(), value(1, 3))).isFalse();
    assertThat(space.get(1L)).isNull();
  }

  @Test
  void write_ofAnotherKeysLease_doesNotTouchThisKey() {
    Claim<Widget> other = space.claim(2L, Duration.ofSeconds(10));
    space.invalidate(1L, StoreEntry.tombstone(clock.millis(), 9));

    assertThat(space.write(2L, other.lease(), value(2, 3))).isTrue();
  }

  @Test
  void release_tellsWhetherAWriteOfTheKeyLandedMeanwhile() {
    Claim<Widget> undisturbed = space.claim(1L, Duration.ofSeconds(10));
    Claim<Widget> disturbed = space.claim(2L, Duration.ofSeconds(10));
    space.invalidate(2L, StoreEntry.tombstone(clock.millis(), 9));

    assertThat(undisturbed.lease().release()).isTrue();
    assertThat(disturbed.lease().release()).isFalse();
  }

  @Test
  void claim_whileAnotherHolderHasTheLease_returnsTheEntryWithoutALease() {
    space.put(1L, value(1, 1));
    Claim<Widget> first = space.claim(1L, Duration.ofSeconds(10));

    Claim<Widget> second = space.claim(1L, Duration.ofSeconds(10));

    assertThat(second.lease()).isNull();
    assertSameEntry(second.current(), value(1, 1));
    assertThat(space.write(1L, first.lease(), value(1, 2))).isTrue(); // the holder still writes
  }

  @Test
  void release_freesTheKeyForTheNextClaim() {
    Claim<Widget> first = space.claim(1L, Duration.ofSeconds(10));
    first.lease().release();

    Claim<Widget> second = space.claim(1L, Duration.ofSeconds(10));

    assertThat(second.lease()).isNotNull();
    assertThat(space.write(1L, second.lease(), value(1, 4))).isTrue();
  }

  @Test
  void invalidate_leavesATombstone() {
    space.put(1L, value(1, 1));
    StoreEntry<Widget> tombstone = StoreEntry.tombstone(clock.millis(), 9);

    space.invalidate(1L, tombstone);

    assertSameEntry(space.get(1L), tombstone);
  }

  @Test
  void claimAll_returnsAClaimOfEveryIdInOrder() {
    space.put(2L, value(2, 2));

    Map<Long, Claim<Widget>> claims = space.claimAll(List.of(3L, 2L, 1L), Duration.ofSeconds(10));

    assertThat(claims.keySet()).containsExactly(3L, 2L, 1L);
    assertSameEntry(claims.get(2L).current(), value(2, 2));
    assertThat(claims.get(1L).current()).isNull();
    claims.values().forEach(claim -> assertThat(claim.lease()).isNotNull());
    assertThat(space.write(2L, claims.get(2L).lease(), value(2, 7))).isTrue();
  }

  @Test
  void claimAllAndWriteAll_ofManyIds_keepTheCallersOrder_andFenceEachKeyAlone() {
    List<Long> ids = new ArrayList<>();
    for (long id = 0; id < 1_200; id++) { // more than one bulk command's worth, across slots
      ids.add(id);
    }
    Collections.shuffle(ids, new Random(7));
    ids.add(ids.get(0)); // a repeated id is claimed once

    Map<Long, Claim<Widget>> claims = space.claimAll(ids, Duration.ofSeconds(10));
    List<LeasedWrite<Long, Widget>> writes = new ArrayList<>();
    for (Map.Entry<Long, Claim<Widget>> claim : claims.entrySet()) {
      assertThat(claim.getValue().lease()).isNotNull();
      writes.add(
          new LeasedWrite<>(claim.getKey(), claim.getValue().lease(), value(claim.getKey(), 5)));
    }
    for (long id = 0; id < 1_200; id += 7) {
      space.put(id, value(id, 9)); // lands while the loads run: those writes are fenced out
    }
    Set<Long> written = space.writeAll(writes);

    assertThat(claims.keySet()).containsExactlyElementsOf(ids.subList(0, 1_200));
    for (long id = 0; id < 1_200; id++) {
      boolean putMeanwhile = id % 7 == 0;
      assertThat(written.contains(id)).as("written %s", id).isEqualTo(!putMeanwhile);
      assertSameEntry(space.get(id), value(id, putMeanwhile ? 9 : 5));
    }
  }

  @Test
  void clear_removesThisSpaceOnly() {
    StoreSpace<Long, Widget> other = store.space(config("Other" + SPACES.incrementAndGet()));
    space.put(1L, value(1, 1));
    other.put(1L, value(1, 1));

    space.clear();

    assertThat(space.get(1L)).isNull();
    assertSameEntry(other.get(1L), value(1, 1));
  }

  @Test
  void spaces_withSameIds_areIsolated() {
    StoreSpace<Long, Widget> other = store.space(config("Other" + SPACES.incrementAndGet()));
    space.put(1L, value(1, 1));

    assertThat(other.get(1L)).isNull();
  }

  // ---- the engine on this store ------------------------------------------------------------

  private Evergreen evergreen(QueueingExecutor refreshes) {
    return Evergreen.builder().store(createStore()).clock(clock).refreshExecutor(refreshes).build();
  }

  @Test
  void engine_freshStaleMissAndNegativeCaching() {
    QueueingExecutor refreshes = new QueueingExecutor();
    AtomicInteger loads = new AtomicInteger();
    try (Evergreen evergreen = evergreen(refreshes)) {
      EntityCache<Long, Widget> widgets =
          evergreen
              .entity(Widget.class)
              .name("EngineWidget" + SPACES.incrementAndGet())
              .refreshAfter(Duration.ofMinutes(1))
              .build(
                  id -> {
                    loads.incrementAndGet();
                    return id == 404 ? null : new Widget(id, "v" + loads.get(), List.of());
                  });

      assertThat(widgets.get(1L).name()).isEqualTo("v1"); // miss
      assertThat(widgets.get(1L).name()).isEqualTo("v1"); // fresh
      assertThat(widgets.get(404L)).isNull(); // miss, absent remembered
      assertThat(widgets.get(404L)).isNull();
      assertThat(loads).hasValue(2);

      clock.advance(Duration.ofMinutes(2));
      assertThat(widgets.get(1L).name()).isEqualTo("v1"); // stale
      refreshes.runAll();
      assertThat(widgets.get(1L).name()).isEqualTo("v3");
    }
  }

  @Test
  void engine_invalidateDuringRefresh_isNotOverwritten() {
    QueueingExecutor refreshes = new QueueingExecutor();
    try (Evergreen evergreen = evergreen(refreshes)) {
      AtomicReference<EntityCache<Long, Widget>> self = new AtomicReference<>();
      AtomicInteger loads = new AtomicInteger();
      EntityCache<Long, Widget> widgets =
          evergreen
              .entity(Widget.class)
              .name("RaceWidget" + SPACES.incrementAndGet())
              .refreshAfter(Duration.ofMinutes(1))
              .build(
                  id -> {
                    Widget read = new Widget(id, "v" + loads.incrementAndGet(), List.of());
                    if (loads.get() == 2) {
                      self.get().invalidate(id); // lands after the refresh read the database
                    }
                    return read;
                  });
      self.set(widgets);
      widgets.get(1L);
      clock.advance(Duration.ofMinutes(2));
      widgets.get(1L);
      refreshes.runAll();

      assertThat(widgets.getIfPresent(1L)).isNull();
      assertThat(widgets.get(1L).name()).isEqualTo("v3");
    }
  }

  @Test
  void engine_getAll_isOneLoadAllForAllMisses() {
    QueueingExecutor refreshes = new QueueingExecutor();
    AtomicInteger bulkLoads = new AtomicInteger();
    try (Evergreen evergreen = evergreen(refreshes)) {
      EntityCache<Long, Widget> widgets =
          evergreen
              .entity(Widget.class)
              .name("BatchWidget" + SPACES.incrementAndGet())
              .build(
                  dev.evergreen.cache.BulkLoader.rows(
                      StoreContractTest::widget, bulkLoads::incrementAndGet));
      List<Long> ids = LongStream.range(0, 100).boxed().collect(Collectors.toList());

      assertThat(widgets.getAll(ids)).hasSize(100);
      assertThat(widgets.getAll(ids).keySet()).containsExactlyElementsOf(ids);
      assertThat(bulkLoads).hasValue(1);
    }
  }
}
