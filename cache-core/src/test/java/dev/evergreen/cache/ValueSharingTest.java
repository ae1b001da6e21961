package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No two callers ever share a mutable instance; immutable values are shared at no cost. */
final class ValueSharingTest {

  /** Like a JPA entity: a no-argument constructor and setters. */
  public static final class Account {
    private long id;
    private String owner;

    public Account() {}

    Account(long id, String owner) {
      this.id = id;
      this.owner = owner;
    }

    public long getId() {
      return id;
    }

    public void setId(long id) {
      this.id = id;
    }

    public String getOwner() {
      return owner;
    }

    public void setOwner(String owner) {
      this.owner = owner;
    }
  }

  enum Tier {
    GOLD
  }

  /** Every field final and of an immutable type. */
  public static final class Money {
    private final long cents;
    private final String currency;

    public Money(
        @com.fasterxml.jackson.annotation.JsonProperty("cents") long cents,
        @com.fasterxml.jackson.annotation.JsonProperty("currency") String currency) {
      this.cents = cents;
      this.currency = currency;
    }

    public long getCents() {
      return cents;
    }

    public String getCurrency() {
      return currency;
    }
  }

  static final class FinalButHoldsAList {
    private final List<String> tags = new ArrayList<>();
  }

  static final class FinalValueObject {
    private final String name = "";
    private final long amount = 0;
    private final LocalDate day = LocalDate.EPOCH;
    private final Tier tier = Tier.GOLD;
    private final Money money = new Money(0, "EUR");
    private final User user = new User(1, "a");
  }

  private final Evergreen evergreen = Evergreen.builder().clock(new MutableClock()).build();
  private final ExecutorService threads = Executors.newFixedThreadPool(16);

  @AfterEach
  void close() {
    threads.shutdownNow();
    evergreen.close();
  }

  @Test
  void immutability_isRecordsAndClassesOfFinalImmutableFields_only() {
    assertThat(Immutability.isImmutable(User.class)).isTrue();
    assertThat(Immutability.isImmutable(Money.class)).isTrue();
    assertThat(Immutability.isImmutable(FinalValueObject.class)).isTrue();
    assertThat(Immutability.isImmutable(Account.class)).isFalse();
    assertThat(Immutability.isImmutable(FinalButHoldsAList.class)).isFalse();
  }

  @Test
  void mutableEntity_eachReadGetsItsOwnCopy_andNoCallerChangesWhatAnotherSees() {
    EntityCache<Long, Account> accounts =
        evergreen.entity(Account.class).build(id -> new Account(id, "ada"));

    Account first = accounts.get(1L); // the loader's own instance, to this caller only
    first.setOwner("changed in a transaction that then rolled back");
    Account second = accounts.get(1L);
    Account third = accounts.get(1L);

    assertThat(second.getOwner()).isEqualTo("ada");
    assertThat(third).isNotSameAs(second);
    assertThat(accounts.getAll(List.of(1L)).get(1L)).isNotSameAs(second);
    assertThat(accounts.getIfPresent(1L)).isNotSameAs(second);
  }

  @Test
  void mutableEntity_changedAfterPut_doesNotChangeTheCachedCopy() {
    EntityCache<Long, Account> accounts =
        evergreen.entity(Account.class).build(id -> new Account(id, "loaded"));
    Account saved = new Account(1, "saved");

    accounts.put(1L, saved);
    saved.setOwner("changed without save()");

    assertThat(accounts.get(1L).getOwner()).isEqualTo("saved");
  }

  @Test
  void mutableEntity_loadedOnceForConcurrentCallers_givesEachItsOwnInstance() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch arrived = new CountDownLatch(16);
    EntityCache<Long, Account> accounts =
        evergreen
            .entity(Account.class)
            .build(
                id -> {
                  loads.incrementAndGet();
                  arrived.await(5, TimeUnit.SECONDS);
                  return new Account(id, "ada");
                });
    CyclicBarrier start = new CyclicBarrier(16);
    List<Future<Account>> futures = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      futures.add(
          threads.submit(
              () -> {
                start.await();
                arrived.countDown();
                return accounts.get(1L);
              }));
    }
    Set<Integer> instances = new HashSet<>();
    for (Future<Account> future : futures) {
      instances.add(System.identityHashCode(future.get(10, TimeUnit.SECONDS)));
    }

    assertThat(loads).hasValue(1);
    assertThat(instances).hasSize(16);
  }

  @Test
  void immutableValues_areSharedAtNoCost() {
    EntityCache<Long, User> users = evergreen.entity(User.class).build(id -> new User(id, "a"));
    EntityCache<Long, Money> money =
        evergreen.entity(Money.class).build(id -> new Money(id, "EUR"));

    assertThat(users.get(1L)).isSameAs(users.get(1L));
    assertThat(money.get(1L)).isSameAs(money.get(1L));
  }

  @Test
  void shareValues_overridesWhatEvergreenCanTell_eitherWay() {
    EntityCache<Long, Account> shared =
        evergreen.entity(Account.class).shareValues(true).build(id -> new Account(id, "a"));
    EntityCache<Long, User> copied =
        evergreen.entity(User.class).shareValues(false).build(id -> new User(id, "a"));

    assertThat(shared.get(1L)).isSameAs(shared.get(1L));
    assertThat(copied.get(1L)).isNotSameAs(copied.get(1L)).isEqualTo(new User(1, "a"));
  }
}
