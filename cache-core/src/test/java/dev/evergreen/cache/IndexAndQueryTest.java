package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unique indexes and cached queries keep ids and hydrate them from the entity cache: queries are
 * counted where the "database" receives them, by kind (a query, a lookup by sku, a load by ids).
 */
final class IndexAndQueryTest {
  record Member(long id, String name, long teamId) {}

  record Item(long id, String sku, String name) {}

  /** The database: rows, and every statement it received. */
  static final class Db {
    final Map<Long, Member> members = new ConcurrentHashMap<>();
    final Map<Long, Item> items = new ConcurrentHashMap<>();
    final AtomicInteger teamQueries = new AtomicInteger();
    final AtomicInteger skuLookups = new AtomicInteger();
    final AtomicInteger byIdLoads = new AtomicInteger();

    List<Member> byTeam(long team) {
      teamQueries.incrementAndGet();
      return members.values().stream()
          .filter(m -> m.teamId() == team)
          .sorted(java.util.Comparator.comparing(Member::name))
          .toList();
    }

    @Nullable Item bySku(String sku) {
      skuLookups.incrementAndGet();
      return items.values().stream().filter(i -> i.sku().equals(sku)).findFirst().orElse(null);
    }

    <V> EntityLoader<Long, V> byIds(Map<Long, V> rows) {
      return new EntityLoader<>() {
        @Override
        public @Nullable V load(Long id) {
          byIdLoads.incrementAndGet();
          return rows.get(id);
        }

        @Override
        public Map<Long, V> loadAll(Set<? extends Long> ids) {
          byIdLoads.incrementAndGet();
          Map<Long, V> found = new HashMap<>();
          ids.forEach(id -> found.computeIfPresent(id, (k, v) -> v));
          for (Long id : ids) {
            V row = rows.get(id);
            if (row != null) {
              found.put(id, row);
            }
          }
          return found;
        }
      };
    }

    int statements() {
      return teamQueries.get() + skuLookups.get() + byIdLoads.get();
    }
  }

  private final Db db = new Db();
  private final MutableClock clock = new MutableClock();
  private final QueueingExecutor refreshes = new QueueingExecutor();
  private Evergreen evergreen;
  private EntityCache<Long, Member> members;
  private EntityCache<Long, Item> items;
  private CachedQuery<Long, Member> byTeam;
  private UniqueIndex<String, Item> bySku;

  @BeforeEach
  void build() {
    evergreen = Evergreen.builder().clock(clock).refreshExecutor(refreshes).recordStats().build();
    members =
        evergreen
            .entity(Member.class)
            .ids(Long.class, Member::id)
            .refreshAfter(Duration.ofMinutes(1))
            .build(db.byIds(db.members));
    items = evergreen.entity(Item.class).ids(Long.class, Item::id).build(db.byIds(db.items));
    byTeam = members.query("byTeam").invalidatedBy(Member::teamId).build(db::byTeam);
    bySku = items.uniqueIndex("sku", Item::sku).build(db::bySku);
    for (long id = 1; id <= 50; id++) {
      db.members.put(id, new Member(id, String.format("m%02d", id), 7));
    }
    db.members.put(51L, new Member(51, "other", 8));
    db.items.put(1L, new Item(1, "SKU-1", "bottle"));
  }

  @AfterEach
  void close() {
    evergreen.close();
  }

  @Test
  void aListOf50_isOneQuery_thenNothing_andItsRowsAreCachedByIdToo() {
    List<Member> first = byTeam.get(7L);

    assertThat(first).hasSize(50).extracting(Member::name).startsWith("m01", "m02");
    assertThat(db.teamQueries).hasValue(1);
    assertThat(db.byIdLoads).hasValue(0); // the query's rows became the entities' entries

    assertThat(byTeam.get(7L)).isEqualTo(first);
    assertThat(members.get(5L)).isEqualTo(new Member(5, "m05", 7));
    assertThat(db.statements()).isEqualTo(1);
  }

  /** In memory only: on Redis the rows are loaded by id (RedisIndexAndQueryIntegrationTest). */
  @Test
  void rowsAQueryReadBeforeAWriteOfThem_areNeverStoredAfterIt() throws Exception {
    for (String write : List.of("invalidate", "invalidateEntity", "invalidateAll", "putAbsent")) {
      try (Evergreen fresh = Evergreen.builder().clock(clock).build()) {
        EntityCache<Long, Member> cache =
            fresh.entity(Member.class).ids(Long.class, Member::id).build(db.byIds(db.members));
        CountDownLatch queried = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        CachedQuery<Long, Member> slow =
            cache
                .query("slowByTeam")
                .build(
                    team -> {
                      List<Member> rows = db.byTeam(team);
                      queried.countDown();
                      proceed.await(); // rows read; the write lands before they are stored
                      return rows;
                    });
        db.members.put(5L, new Member(5, "m05", 7));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
          Future<List<Member>> first = thread.submit(() -> slow.get(7L));
          assertThat(queried.await(10, TimeUnit.SECONDS)).isTrue();
          Member renamed = new Member(5, "renamed", 7);
          db.members.put(5L, renamed);
          switch (write) {
            case "invalidate" -> cache.invalidate(5L);
            case "invalidateEntity" -> cache.invalidateEntity(renamed);
            case "invalidateAll" -> cache.invalidateAll();
            default -> {
              db.members.remove(5L);
              cache.putAbsent(5L);
            }
          }
          proceed.countDown();
          first.get(10, TimeUnit.SECONDS);

          Member expected = write.equals("putAbsent") ? null : renamed;
          assertThat(cache.get(5L)).as(write).isEqualTo(expected);
          assertThat(cache.get(6L)).as(write).isEqualTo(new Member(6, "m06", 7));
        } finally {
          thread.shutdownNow();
          db.members.put(5L, new Member(5, "m05", 7));
        }
      }
    }
  }

  @Test
  void aListOfCachedEntities_isOneQueryOnly() {
    members.getAll(List.of(1L, 2L, 3L, 51L)); // already cached by id
    db.byIdLoads.set(0);
    db.members.keySet().removeIf(id -> id > 3 && id <= 50);

    assertThat(byTeam.get(7L)).extracting(Member::id).containsExactly(1L, 2L, 3L);
    assertThat(db.teamQueries).hasValue(1);
    assertThat(db.byIdLoads).hasValue(0);
  }

  @Test
  void aChangedName_showsInTheList_withOneLoadById_andNoQuery() {
    byTeam.get(7L);
    int before = db.statements();

    db.members.put(5L, new Member(5, "renamed", 7));
    members.invalidateEntity(db.members.get(5L)); // what a save does

    assertThat(byTeam.get(7L)).extracting(Member::name).contains("renamed").doesNotContain("m05");
    assertThat(db.teamQueries).hasValue(1); // the list did not change: not re-run
    assertThat(db.statements() - before).isEqualTo(1); // one load of member 5
  }

  @Test
  void aTeamMove_makesBothTeamsListsRight_onTheNextRead() {
    byTeam.get(7L);
    byTeam.get(8L);

    Member moved = new Member(5, "m05", 8);
    db.members.put(5L, moved);
    members.invalidateEntity(moved);

    assertThat(byTeam.get(7L)).extracting(Member::id).hasSize(49).doesNotContain(5L);
    assertThat(byTeam.get(8L)).extracting(Member::id).containsExactly(5L, 51L);
    assertThat(db.teamQueries).hasValue(4); // each list once, and each once more after the move
  }

  @Test
  void invalidatingOnlyTheId_dropsTheListOfTheTeamItWasCachedIn() {
    byTeam.get(7L);
    db.members.put(5L, new Member(5, "m05", 8)); // changed, and only the id invalidated:
    members.invalidate(5L); // the old team is known (cached), the new one is not

    assertThat(byTeam.get(7L)).extracting(Member::id).hasSize(49).doesNotContain(5L);
  }

  @Test
  void aDeletedEntity_isDroppedFromTheListAtOnce() {
    byTeam.get(7L);
    db.members.remove(9L);
    members.putAbsent(9L); // the delete, as the application tells the cache

    assertThat(byTeam.get(7L)).extracting(Member::id).hasSize(49).doesNotContain(9L);
  }

  @Test
  void hydration_leavesOutEntitiesGoneOrMovedBehindTheListsBack_andReRunsTheList() {
    CachedQuery<Long, Member> longLived =
        members
            .query("longLived")
            .invalidatedBy(Member::teamId)
            .refreshAfter(Duration.ofHours(1))
            .expireAfter(Duration.ofHours(2))
            .build(db::byTeam);
    longLived.get(7L);
    db.members.put(6L, new Member(6, "m06", 8)); // changed in the database only
    db.members.remove(9L);
    clock.advance(Duration.ofMinutes(2)); // the entities are stale, the list is not
    members.getAll(List.of(6L, 9L)); // their refreshes: 6 is in team 8 now, 9 is gone
    refreshes.runAll();
    int queries = db.teamQueries.get();

    assertThat(longLived.get(7L)).extracting(Member::id).hasSize(48).doesNotContain(6L, 9L);
    refreshes.runAll(); // the list's own refresh, queued by that read
    assertThat(db.teamQueries).hasValue(queries + 1);
    assertThat(longLived.get(7L)).extracting(Member::id).hasSize(48);
  }

  @Test
  void anIndexLookup_isOneLookup_thenNothing_andAbsenceIsRemembered() {
    assertThat(bySku.get("SKU-1")).isEqualTo(new Item(1, "SKU-1", "bottle"));
    assertThat(db.skuLookups).hasValue(1);
    assertThat(db.byIdLoads).hasValue(0); // the row found is the entity's entry

    assertThat(bySku.get("SKU-1")).isEqualTo(new Item(1, "SKU-1", "bottle"));
    assertThat(items.get(1L)).isEqualTo(new Item(1, "SKU-1", "bottle")); // one copy, by id too
    assertThat(bySku.get("NOPE")).isNull();
    assertThat(bySku.get("NOPE")).isNull();
    assertThat(db.skuLookups).hasValue(2);
    assertThat(db.byIdLoads).hasValue(0);
  }

  @Test
  void aChangedSku_movesTheLookup_forTheOldAndTheNewValue() {
    bySku.get("SKU-1");
    assertThat(bySku.get("SKU-2")).isNull(); // remembered as absent

    Item changed = new Item(1, "SKU-2", "bottle");
    db.items.put(1L, changed);
    items.invalidateEntity(changed);

    assertThat(bySku.get("SKU-2")).isEqualTo(changed);
    assertThat(bySku.get("SKU-1")).isNull();
  }

  @Test
  void aStaleMapping_isNeverServed_evenWhenTheCacheWasNotTold() {
    bySku.get("SKU-1");
    Item changed = new Item(1, "SKU-9", "bottle");
    db.items.put(1L, changed);
    items.put(1L, changed); // the entity is right; the index still maps SKU-1 -> 1

    assertThat(bySku.get("SKU-1")).isNull(); // 1 no longer has SKU-1: looked up afresh
    assertThat(bySku.get("SKU-9")).isEqualTo(changed);
  }

  @Test
  void manyCallersOfOneMissingValue_runTheLookupOnce() throws Exception {
    CountDownLatch inLookup = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    UniqueIndex<String, Item> slow =
        items
            .uniqueIndex("slowSku", Item::sku)
            .build(
                sku -> {
                  inLookup.countDown();
                  release.await();
                  return db.bySku(sku);
                });
    ExecutorService threads = Executors.newFixedThreadPool(32);
    try {
      List<Future<Item>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        results.add(threads.submit(() -> slow.get("SKU-1")));
      }
      assertThat(inLookup.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      for (Future<Item> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(new Item(1, "SKU-1", "bottle"));
      }
      assertThat(db.skuLookups).hasValue(1);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aQueryThatBeganBeforeAWrite_neverStoresItsListAfterTheWrite() throws Exception {
    CountDownLatch queried = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    CachedQuery<Long, Member> slow =
        members
            .query("slowByTeam")
            .invalidatedBy(Member::teamId)
            .build(
                team -> {
                  List<Member> rows = db.byTeam(team);
                  if (queried.getCount() == 1) {
                    queried.countDown();
                    proceed.await(); // the rows are read; the write lands before they are stored
                  }
                  return rows;
                });
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<List<Member>> first = thread.submit(() -> slow.get(8L));
      assertThat(queried.await(10, TimeUnit.SECONDS)).isTrue();
      Member moved = new Member(5, "m05", 8);
      db.members.put(5L, moved);
      members.invalidateEntity(moved); // drops team 8's list, which that query is about to store
      proceed.countDown();
      first.get(10, TimeUnit.SECONDS);

      assertThat(slow.get(8L)).extracting(Member::id).containsExactly(5L, 51L);
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void invalidateAll_ofTheEntity_clearsItsIndexesAndQueries() {
    byTeam.get(7L);
    bySku.get("SKU-1");
    int before = db.statements();

    members.invalidateAll();
    items.invalidateAll();
    byTeam.get(7L);
    bySku.get("SKU-1");

    assertThat(db.teamQueries.get() + db.skuLookups.get()).isEqualTo(4);
    assertThat(db.statements()).isGreaterThan(before);
  }

  @Test
  void indexAndQueryKeys_carryTheirOwnNameAndAHashOfTheEntitysSchema() {
    String hash = bySku.cache().schema().hash();

    assertThat(bySku.key("SKU-1")).isEqualTo("Item#sku:" + hash + ":SKU-1");
    assertThat(byTeam.key(7L)).startsWith("Member#byTeam:").endsWith(":7");
    assertThat(bySku.cache().schema().descriptor())
        .isEqualTo(
            "evergreen-schema 1\nindex sku of Item "
                + items.schema().hash()
                + "\nids java.lang.Long");
    assertThat(hash).isNotEqualTo(items.schema().hash());
    assertThat(bySku.cache().stats().misses()).isZero();
    bySku.get("SKU-1");
    assertThat(bySku.cache().stats().misses()).isEqualTo(1); // counted per index
  }

  @Test
  void withoutIds_anIndexOrQuery_isRefusedWithHowToDeclareThem() {
    EntityCache<Long, User> users = evergreen.entity(User.class).build(id -> new User(id, "u"));

    assertThatThrownBy(() -> users.query("all").build(ignored -> List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "User: a query stores ids, so the entity cache must know them: build it with"
                + " evergreen.entity(...).ids(IdType.class, Entity::id)");
    assertThatThrownBy(() -> evergreen.entity(User.class).name("User#x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain '#'");
  }
}
