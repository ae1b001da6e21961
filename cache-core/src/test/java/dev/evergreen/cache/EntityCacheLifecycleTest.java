package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class EntityCacheLifecycleTest {
  private final MutableClock clock = new MutableClock();
  private final QueueingExecutor refreshes = new QueueingExecutor();
  private final Evergreen evergreen =
      Evergreen.builder().clock(clock).refreshExecutor(refreshes).build();
  private final Db<Long, User> db = new Db<>();

  @AfterEach
  void close() {
    evergreen.close();
  }

  private EntityCache<Long, User> users(EntityLoader<Long, User> loader) {
    return evergreen
        .entity(User.class)
        .refreshAfter(Duration.ofMinutes(15))
        .expireAfter(Duration.ofHours(1))
        .negativeTtl(Duration.ofMinutes(1))
        .build(loader);
  }

  @Test
  void get_whenFresh_returnsCachedValueWithoutLoading() {
    EntityCache<Long, User> users = users(db);
    db.rows.put(42L, new User(42, "Ada"));

    assertThat(users.get(42L)).isEqualTo(new User(42, "Ada"));
    db.rows.put(42L, new User(42, "Grace"));
    clock.advance(Duration.ofMinutes(14));

    assertThat(users.get(42L)).isEqualTo(new User(42, "Ada"));
    assertThat(db.loads).hasValue(1);
    assertThat(refreshes.queued()).isZero();
  }

  @Test
  void getCached_tellsAValue_aRememberedAbsence_andNothingCachedApart_withoutLoading() {
    EntityCache<Long, User> users = users(db);
    db.rows.put(1L, new User(1, "Ada"));
    users.get(1L);
    users.get(2L); // no row: the absence is remembered

    assertThat(users.getCached(1L)).isEqualTo(new Cached<>(new User(1, "Ada")));
    assertThat(users.getCached(2L)).isEqualTo(new Cached<User>(null));
    assertThat(users.getCached(2L).isAbsent()).isTrue();
    assertThat(users.getCached(3L)).isNull();
    assertThat(db.loads).hasValue(2);

    clock.advance(Duration.ofMinutes(2)); // past negativeTtl
    assertThat(users.getCached(2L)).isNull();
  }

  @Test
  void putAbsent_remembersTheAbsence_forNegativeTtl_andALoadInFlightDoesNotOverwriteIt() {
    AtomicInteger loads = new AtomicInteger();
    AtomicReference<EntityCache<Long, User>> self = new AtomicReference<>();
    self.set(
        users(
            id -> {
              User row = new User(id, "Ada"); // read before the delete...
              if (loads.incrementAndGet() == 2) {
                self.get().putAbsent(id); // ...which commits while this refresh still runs
              }
              return row;
            }));
    EntityCache<Long, User> users = self.get();
    users.get(1L);
    clock.advance(Duration.ofMinutes(20));
    users.get(1L); // stale: refresh queued

    refreshes.runAll();

    assertThat(loads).hasValue(2);
    assertThat(users.getCached(1L)).isEqualTo(new Cached<User>(null));
    assertThat(users.get(1L)).isNull();
    assertThat(loads).hasValue(2); // the absence is served, not loaded
    clock.advance(Duration.ofMinutes(2)); // past negativeTtl
    assertThat(users.getCached(1L)).isNull();
  }

  @Test
  void get_whenStale_returnsOldValueAndRefreshesOnce() {
    EntityCache<Long, User> users = users(db);
    db.rows.put(42L, new User(42, "Ada"));
    users.get(42L);
    db.rows.put(42L, new User(42, "Grace"));
    clock.advance(Duration.ofMinutes(15));

    assertThat(users.get(42L)).isEqualTo(new User(42, "Ada"));
    assertThat(users.get(42L)).isEqualTo(new User(42, "Ada"));
    assertThat(refreshes.queued()).isEqualTo(1);
    assertThat(db.loads).hasValue(1);

    refreshes.runAll();

    assertThat(db.loads).hasValue(2);
    assertThat(users.get(42L)).isEqualTo(new User(42, "Grace"));
    assertThat(refreshes.queued()).isZero();
  }

  @Test
  void get_whenExpired_loadsInCallersThread() {
    EntityCache<Long, User> users = users(db);
    db.rows.put(42L, new User(42, "Ada"));
    users.get(42L);
    db.rows.put(42L, new User(42, "Grace"));
    clock.advance(Duration.ofHours(1));

    assertThat(users.get(42L)).isEqualTo(new User(42, "Grace"));
    assertThat(db.loads).hasValue(2);
    assertThat(refreshes.queued()).isZero();
  }

  @Test
  void get_whenLoaderFindsNothing_remembersAbsenceForNegativeTtl() {
    EntityCache<Long, User> users = users(db);

    assertThat(users.get(7L)).isNull();
    assertThat(users.get(7L)).isNull();
    assertThat(db.loads).hasValue(1);

    db.rows.put(7L, new User(7, "Late"));
    clock.advance(Duration.ofMinutes(1));

    assertThat(users.get(7L)).isEqualTo(new User(7, "Late"));
    assertThat(db.loads).hasValue(2);
  }

  @Test
  void get_whenNegativeTtlIsZero_doesNotRememberAbsence() {
    EntityCache<Long, User> users =
        evergreen.entity(User.class).negativeTtl(Duration.ZERO).build(db);

    users.get(7L);
    users.get(7L);

    assertThat(db.loads).hasValue(2);
  }

  @Test
  void get_whenLoaderThrowsOnMiss_callerGetsSameExceptionAndNothingIsCached() {
    IllegalStateException boom = new IllegalStateException("database down");
    AtomicInteger calls = new AtomicInteger();
    EntityCache<Long, User> users =
        users(
            id -> {
              if (calls.incrementAndGet() == 1) {
                throw boom;
              }
              return new User(id, "Ada");
            });

    assertThatThrownBy(() -> users.get(1L)).isSameAs(boom);
    assertThat(users.get(1L)).isEqualTo(new User(1, "Ada"));
  }

  @Test
  void get_whenLoaderThrowsCheckedException_wrapsItNamingEntityAndId() {
    IOException io = new IOException("socket closed");
    EntityCache<Long, User> users =
        users(
            id -> {
              throw io;
            });

    assertThatThrownBy(() -> users.get(5L))
        .isInstanceOf(EntityLoadException.class)
        .hasCause(io)
        .hasMessageContaining("User")
        .hasMessageContaining("id 5");
  }

  @Test
  void refresh_whenLoaderFails_keepsServingStaleAndBacksOff() {
    AtomicInteger calls = new AtomicInteger();
    EntityCache<Long, User> users =
        users(
            id -> {
              if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("database down");
              }
              return new User(id, "Ada");
            });
    users.get(1L);
    clock.advance(Duration.ofMinutes(20));

    assertThat(users.get(1L)).isEqualTo(new User(1, "Ada"));
    refreshes.runAll(); // fails
    assertThat(calls).hasValue(2);

    // Within the 1 s backoff: stale keeps being served, no new refresh.
    assertThat(users.get(1L)).isEqualTo(new User(1, "Ada"));
    assertThat(refreshes.queued()).isZero();

    clock.advance(Duration.ofSeconds(1));
    assertThat(users.get(1L)).isEqualTo(new User(1, "Ada"));
    assertThat(refreshes.queued()).isEqualTo(1);
    refreshes.runAll(); // fails again: next wait is 2 s
    assertThat(calls).hasValue(3);

    clock.advance(Duration.ofMillis(1999));
    users.get(1L);
    assertThat(refreshes.queued()).isZero();
    clock.advance(Duration.ofMillis(1));
    users.get(1L);
    assertThat(refreshes.queued()).isEqualTo(1);
  }

  @Test
  void refresh_whenLoaderFailsUntilExpiry_missThenReachesCaller() {
    AtomicInteger calls = new AtomicInteger();
    EntityCache<Long, User> users =
        users(
            id -> {
              if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("database down");
              }
              return new User(id, "Ada");
            });
    users.get(1L);
    clock.advance(Duration.ofHours(1));

    assertThatThrownBy(() -> users.get(1L)).hasMessage("database down");
  }

  @Test
  void getAll_loadsAllMissesWithOneLoadAllCall_inCallersOrder() {
    EntityCache<Long, User> users = users(db);
    for (long id = 1; id <= 10; id++) {
      db.rows.put(id, new User(id, "u" + id));
    }
    users.getAll(List.of(2L, 4L, 6L, 8L));
    db.loads.set(0);

    Map<Long, User> all = users.getAll(List.of(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 99L));

    assertThat(all.keySet()).containsExactly(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(db.bulkLoads).hasValue(2);
    assertThat(db.loads).hasValue(0);
    // 99 was remembered as absent: asking again loads nothing.
    assertThat(users.getAll(List.of(99L, 1L))).containsOnlyKeys(1L);
    assertThat(db.bulkLoads).hasValue(2);
  }

  @Test
  void getAll_whenSomeStale_servesThemAndQueuesOneRefreshEach() {
    EntityCache<Long, User> users = users(db);
    db.rows.put(1L, new User(1, "a"));
    db.rows.put(2L, new User(2, "b"));
    users.getAll(List.of(1L, 2L));
    clock.advance(Duration.ofMinutes(16));

    assertThat(users.getAll(List.of(1L, 2L))).hasSize(2);
    assertThat(refreshes.queued()).isEqualTo(2);
  }

  @Test
  void getIfPresent_neverLoads() {
    EntityCache<Long, User> users = users(db);
    db.rows.put(1L, new User(1, "a"));

    assertThat(users.getIfPresent(1L)).isNull();
    assertThat(db.loads).hasValue(0);
    users.get(1L);
    assertThat(users.getIfPresent(1L)).isEqualTo(new User(1, "a"));
  }

  @Test
  void put_replacesEntryAsFresh() {
    EntityCache<Long, User> users = users(db);
    db.rows.put(1L, new User(1, "old"));
    users.get(1L);
    clock.advance(Duration.ofMinutes(30));

    users.put(1L, new User(1, "saved"));

    assertThat(users.get(1L)).isEqualTo(new User(1, "saved"));
    assertThat(refreshes.queued()).isZero();
  }

  @Test
  void invalidate_makesNextReadLoad() {
    EntityCache<Long, User> users = users(db);
    db.rows.put(1L, new User(1, "old"));
    users.get(1L);
    db.rows.put(1L, new User(1, "new"));

    users.invalidate(1L);

    assertThat(users.getIfPresent(1L)).isNull();
    assertThat(users.get(1L)).isEqualTo(new User(1, "new"));
  }

  @Test
  void invalidateAll_forgetsEveryEntryOfThisEntityOnly() {
    EntityCache<Long, User> users = users(db);
    Db<Long, SchemaFixtures.Address> addressDb = new Db<>();
    EntityCache<Long, SchemaFixtures.Address> addresses =
        evergreen.entity(SchemaFixtures.Address.class).build(addressDb);
    db.rows.put(1L, new User(1, "a"));
    addressDb.rows.put(1L, new SchemaFixtures.Address("s", "c", "z"));
    users.get(1L);
    addresses.get(1L);

    users.invalidateAll();

    assertThat(users.getIfPresent(1L)).isNull();
    assertThat(addresses.getIfPresent(1L)).isNotNull();
  }

  @Test
  void refresh_loadsEvenWhenFreshAndCompletesWithNewValue() {
    EntityCache<Long, User> users = users(db);
    db.rows.put(1L, new User(1, "old"));
    users.get(1L);
    db.rows.put(1L, new User(1, "new"));

    var future = users.refresh(1L);
    assertThat(future).isNotDone();
    refreshes.runAll();

    assertThat(future).isCompletedWithValue(new User(1, "new"));
    assertThat(users.get(1L)).isEqualTo(new User(1, "new"));
  }

  @Test
  void key_isNameHashAndId_withOptionalNamespace() {
    EntityCache<Long, User> users = users(db);
    try (Evergreen shop = Evergreen.builder().namespace("shop").clock(clock).build()) {
      EntityCache<Long, User> shopUsers = shop.entity(User.class).build(db);

      assertThat(users.key(42L)).isEqualTo("User:" + users.schema().hash() + ":42");
      assertThat(shopUsers.key(42L)).isEqualTo("shop:User:" + users.schema().hash() + ":42");
      assertThat(users.schema().name()).isEqualTo("User");
    }
  }

  @Test
  void entitiesAndSettings_showWhatWasBuilt() {
    EntityCache<Long, User> users = users(db);
    EntityCache<Long, SchemaFixtures.Address> addresses =
        evergreen.entity(SchemaFixtures.Address.class).build(id -> null);

    assertThat(evergreen.entities()).containsExactly(users, addresses);
    assertThat(users.settings())
        .isEqualTo(
            new CacheSettings(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofMinutes(1)));
    assertThat(addresses.settings())
        .isEqualTo(
            new CacheSettings(Duration.ofMinutes(15), Duration.ofHours(24), Duration.ofMinutes(1)));
  }

  @CacheEntity("Member")
  record AnnotatedUser(long id, String name) {}

  @Test
  void entityName_comesFromAnnotationThenBuilder() {
    EntityCache<Long, AnnotatedUser> annotated =
        evergreen.entity(AnnotatedUser.class).build(id -> null);
    EntityCache<Long, AnnotatedUser> renamed =
        evergreen.entity(AnnotatedUser.class).name("Person").build(id -> null);

    assertThat(annotated.key(1L)).startsWith("Member:");
    assertThat(renamed.key(1L)).startsWith("Person:");
    // Same shape as User: the hash does not depend on the class or entity name.
    assertThat(annotated.schema().hash()).isEqualTo(users(db).schema().hash());
  }

  @Test
  void get_afterClose_callsLoaderDirectlyAndCachesNothing() {
    EntityCache<Long, User> users = users(db);
    db.rows.put(1L, new User(1, "a"));
    users.get(1L);

    evergreen.close();

    assertThat(users.get(1L)).isEqualTo(new User(1, "a"));
    assertThat(users.get(1L)).isEqualTo(new User(1, "a"));
    assertThat(db.loads).hasValue(3);
  }
}
