package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.MutableClock;
import dev.evergreen.cache.QueueingExecutor;
import dev.evergreen.cache.spring.sample.Customer;
import dev.evergreen.cache.spring.sample.CustomerRepository;
import dev.evergreen.cache.spring.sample.CustomerService;
import dev.evergreen.cache.spring.sample.SampleApplication;
import dev.evergreen.cache.spring.sample.SqlLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

/** A real application context around a real Spring Data JDBC repository on H2. */
@SpringBootTest(
    classes = {SampleApplication.class, ControlledTime.class},
    properties = {
      "evergreen.refresh-after=10m",
      "evergreen.expire-after=1h",
      "evergreen.negative-ttl=1m",
      "management.endpoints.web.exposure.include=evergreen"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
final class RepositoryCachingIntegrationTest {

  @Autowired CustomerRepository customers;
  @Autowired CustomerService service;
  @Autowired JdbcTemplate jdbc;
  @Autowired SqlLog sql;
  @Autowired MutableClock clock;
  @Autowired QueueingExecutor refreshes;
  @Autowired MeterRegistry registry;
  @Autowired Evergreen evergreen;
  @Autowired EvergreenEndpoint endpoint;
  @Autowired JsonMapper json;

  @BeforeEach
  void rows() {
    for (long id = 1; id <= 10; id++) {
      jdbc.update("INSERT INTO customer (id, name) VALUES (?, ?)", id, "customer-" + id);
    }
    sql.clear();
  }

  @Test
  void findById_repeated_queriesOnce() {
    assertThat(customers.findById(1L)).contains(new Customer(1L, "customer-1"));
    assertThat(customers.findById(1L)).contains(new Customer(1L, "customer-1"));
    assertThat(customers.findById(1L)).contains(new Customer(1L, "customer-1"));

    assertThat(sql.selects()).hasSize(1);
  }

  @Test
  void staleEntry_isServedAtOnce_thenOneBackgroundQuery_thenTheNewValue() {
    customers.findById(2L);
    jdbc.update("UPDATE customer SET name = 'renamed' WHERE id = 2");
    clock.advance(Duration.ofMinutes(11));
    sql.clear();

    assertThat(customers.findById(2L)).contains(new Customer(2L, "customer-2")); // at once
    assertThat(customers.findById(2L)).contains(new Customer(2L, "customer-2"));
    assertThat(sql.selects()).isEmpty();
    assertThat(refreshes.queued()).isEqualTo(1);

    refreshes.runAll(); // the repository method, called again through the bean

    assertThat(sql.selects()).hasSize(1);
    assertThat(customers.findById(2L)).contains(new Customer(2L, "renamed"));
    assertThat(sql.selects()).hasSize(1);
  }

  @Test
  void findAllById_of10With4Cached_queriesOnceForTheOther6_inCallersOrder() {
    for (long id : List.of(2L, 4L, 6L, 8L)) {
      customers.findById(id);
    }
    sql.clear();
    List<Long> ids = LongStream.rangeClosed(1, 10).map(id -> 11 - id).boxed().toList();

    List<Customer> found = customers.findAllById(ids);

    assertThat(found).extracting(Customer::id).containsExactlyElementsOf(ids);
    assertThat(sql.selects()).hasSize(1);
    assertThat(sql.selects().get(0).chars().filter(c -> c == '?').count()).isEqualTo(6);
    assertThat(customers.findAllById(ids)).hasSize(10);
    assertThat(sql.selects()).hasSize(1);
  }

  @Test
  void saveInTransaction_nextReadAfterCommitSeesTheNewRow() {
    customers.findById(3L);

    service.rename(3L, "after commit");

    assertThat(customers.findById(3L)).contains(new Customer(3L, "after commit"));
  }

  @Test
  void rolledBackSave_evictsNothing() {
    customers.findById(4L);
    sql.clear();

    assertThatThrownBy(() -> service.renameThenFail(4L, "never"))
        .hasMessage("rolled back on purpose");

    assertThat(customers.findById(4L)).contains(new Customer(4L, "customer-4"));
    assertThat(sql.selects()).isEmpty(); // still cached: the rollback invalidated nothing
  }

  @Test
  void delete_nextReadIsEmpty_andTheAbsenceIsRemembered() {
    customers.findById(5L);

    customers.deleteById(5L);
    sql.clear();

    assertThat(customers.findById(5L)).isEmpty();
    assertThat(customers.findById(5L)).isEmpty();
    assertThat(sql.selects()).hasSize(1);
  }

  @Test
  void meters_haveCacheBinderNamesAndExactCounts() {
    customers.findById(6L); // miss
    customers.findById(6L); // hit
    clock.advance(Duration.ofMinutes(11));
    customers.findById(6L); // stale
    refreshes.runAll(); // one refresh

    assertThat(count("cache.gets", "result", "miss")).isEqualTo(1);
    assertThat(count("cache.gets", "result", "hit")).isEqualTo(1);
    assertThat(count("cache.gets", "result", "stale")).isEqualTo(1);
    assertThat(count("cache.refreshes", "result", "success")).isEqualTo(1);
    assertThat(
            registry
                .get("cache.loads")
                .tag("cache", "Customer")
                .tag("result", "success")
                .timer()
                .count())
        .isEqualTo(2);
  }

  private double count(String name, String tag, String value) {
    return registry.get(name).tag("cache", "Customer").tag(tag, value).counter().count();
  }

  @Test
  void actuatorEndpoint_listsEntitiesAsJson() {
    customers.findById(7L);
    customers.findById(7L);

    String body = json.writeValueAsString(endpoint.entities());

    String hash = Entities.named(evergreen, "Customer").schema().hash();
    assertThat(body)
        .contains("\"name\":\"Customer\"")
        .contains("\"schemaHash\":\"" + hash + "\"")
        .contains("\"liveSchemaHashes\":[\"" + hash + "\"]")
        .contains("$0 = object {id: Long, name: String}")
        .contains("\"gets\":{\"hit\":1,\"stale\":0,\"miss\":1}");
  }

  @Test
  void schemaHash_comesFromTheReturnType() {
    customers.findById(1L);
    assertThat(evergreen.entities())
        .filteredOn(cache -> cache.schema().name().startsWith("Customer"))
        .singleElement()
        .satisfies(
            cache -> {
              assertThat(cache.schema().name()).isEqualTo("Customer");
              @SuppressWarnings("unchecked")
              dev.evergreen.cache.EntityCache<Long, Customer> typed =
                  (dev.evergreen.cache.EntityCache<Long, Customer>) cache;
              assertThat(typed.key(1L)).isEqualTo("Customer:" + cache.schema().hash() + ":1");
            });
  }

  @Test
  void findAllById_whenNoneCached_isOneQuery() {
    List<Customer> found =
        customers.findAllById(LongStream.rangeClosed(1, 3).boxed().collect(Collectors.toList()));
    assertThat(found).hasSize(3);
    assertThat(sql.selects()).hasSize(1);
    assertThat(customers.findById(2L)).isEqualTo(Optional.of(new Customer(2L, "customer-2")));
    assertThat(sql.selects()).hasSize(1);
  }
}
