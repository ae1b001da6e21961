package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spring.sample.Customer;
import dev.evergreen.cache.spring.sample.CustomerRepository;
import dev.evergreen.cache.spring.sample.CustomerService;
import dev.evergreen.cache.spring.sample.SampleApplication;
import dev.evergreen.cache.spring.sample.SqlLog;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Two instances of the application, one database, one Redis: what a deployment looks like. */
@ExtendWith(RedisExtension.class)
final class TwoContextsOnRedisIntegrationTest {

  private static ConfigurableApplicationContext start(RedisServer redis, String database) {
    return new SpringApplicationBuilder(SampleApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.datasource.url=" + database,
            "evergreen.redis.uri=" + redis.uri(),
            "evergreen.namespace=twocontexts",
            "spring.jmx.enabled=false")
        .run();
  }

  @Test
  void saveInOneContext_isSeenByTheOthersNextRead(RedisServer redis) {
    String database = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (ConfigurableApplicationContext first = start(redis, database);
        ConfigurableApplicationContext second = start(redis, database)) {
      assertThat(first.getBean(CacheStore.class)).isInstanceOf(RedisStore.class);
      first.getBean(JdbcTemplate.class).update("INSERT INTO customer (id, name) VALUES (1, 'v1')");
      CustomerRepository onFirst = first.getBean(CustomerRepository.class);
      CustomerRepository onSecond = second.getBean(CustomerRepository.class);
      SqlLog secondSql = second.getBean(SqlLog.class);

      assertThat(onFirst.findById(1L)).contains(new Customer(1L, "v1")); // loads, into Redis
      secondSql.clear();
      assertThat(onSecond.findById(1L)).contains(new Customer(1L, "v1")); // from Redis
      assertThat(secondSql.selects()).isEmpty();

      first.getBean(CustomerService.class).rename(1L, "v2"); // invalidated after commit

      assertThat(onSecond.findById(1L)).contains(new Customer(1L, "v2"));
      assertThat(secondSql.selects()).hasSize(1);
    }
  }
}
