package dev.evergreen.cache.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.MutableClock;
import dev.evergreen.cache.QueueingExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        sharesValues);
  }

  private static Widget widget(long id) {
    return new Widget(id, "w" + id, List.of("a", "b"));
  }

  private StoreEntry<Widget> value(long id, long stamp) {
    return StoreEntry.value(widget(id), clock.millis(), stamp);
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

    assertThat(space.get(1L)).isEqualTo(value);
    assertThat(space.get(2L)).isEqualTo(absent);
    assertThat(space.get(3L)).isEqualTo(tombstone);
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
                false));
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
    assertThat(found.get(10L)).isEqualTo(value(10, 10));
  }

  @Test
  void claim_ofFreeKey_grantsTheLeaseAndReturnsTheCurrentEntry() {
    StoreEntry<Widget> stored = value(1, 1);
    space.put(1L, stored);

    Claim<Widget> claim = space.claim(1L, Duration.ofSeconds(10));
    Claim<Widget> none = space.claim(2L, Duration.ofSeconds(10));

    assertThat(claim.current()).isEqualTo(stored);
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
    assertThat(space.get(1L)).isEqualTo(value(1, 5));
  }

  @Test
  void write_afterAPutOfTheKey_isFencedOut() {
    Claim<Widget> claim = space.claim(1L, Duration.ofSeconds(10));
    space.put(1L, value(1, 2)); // a caller's write lands while the load runs

    assertThat(space.write(1L, claim.lease(), value(1, 3))).isFalse();
    assertThat(space.get(1L)).isEqualTo(value(1, 2));
  }

  @Test
  void write_afterAnInvalidationOfTheKey_isFencedOut() {
    space.put(1L, value(1, 1));
    Claim<Widget> claim = space.claim(1L, Duration.ofSeconds(10));
    StoreEntry<Widget> tombstone = StoreEntry.tombstone(clock.millis(), 9);
    space.invalidate(1L, tombstone);

    assertThat(space.write(1L, claim.lease(), value(1, 3))).isFalse();
    assertThat(space.get(1L)).isEqualTo(tombstone);
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
    assertThat(second.current()).isEqualTo(value(1, 1));
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

    assertThat(space.get(1L)).isEqualTo(tombstone);
  }

  @Test
  void claimAll_returnsAClaimOfEveryIdInOrder() {
    space.put(2L, value(2, 2));

    Map<Long, Claim<Widget>> claims = space.claimAll(List.of(3L, 2L, 1L), Duration.ofSeconds(10));

    assertThat(claims.keySet()).containsExactly(3L, 2L, 1L);
    assertThat(claims.get(2L).current()).isEqualTo(value(2, 2));
    assertThat(claims.get(1L).current()).isNull();
    claims.values().forEach(claim -> assertThat(claim.lease()).isNotNull());
    assertThat(space.write(2L, claims.get(2L).lease(), value(2, 7))).isTrue();
  }

  @Test
  void clear_removesThisSpaceOnly() {
    StoreSpace<Long, Widget> other = store.space(config("Other" + SPACES.incrementAndGet()));
    space.put(1L, value(1, 1));
    other.put(1L, value(1, 1));

    space.clear();

    assertThat(space.get(1L)).isNull();
    assertThat(other.get(1L)).isEqualTo(value(1, 1));
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
                  new dev.evergreen.cache.EntityLoader<>() {
                    @Override
                    public Widget load(Long id) {
                      throw new AssertionError("getAll must use loadAll");
                    }

                    @Override
                    public Map<Long, Widget> loadAll(java.util.Set<? extends Long> ids) {
                      bulkLoads.incrementAndGet();
                      return ids.stream()
                          .collect(Collectors.toMap(id -> id, StoreContractTest::widget));
                    }
                  });
      List<Long> ids = LongStream.range(0, 100).boxed().collect(Collectors.toList());

      assertThat(widgets.getAll(ids)).hasSize(100);
      assertThat(widgets.getAll(ids).keySet()).containsExactlyElementsOf(ids);
      assertThat(bulkLoads).hasValue(1);
    }
  }
}
