package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.MutableClock;
import dev.evergreen.cache.QueueingExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Code on Spring's @Cacheable, switched to Evergreen by one property. */
final class CacheManagerBridgeIntegrationTest {

  public record Price(String sku, long cents) {}

  /** A service written for Spring's cache abstraction, unchanged. */
  public static class Prices {
    final AtomicInteger calls = new AtomicInteger();

    @Cacheable(cacheNames = "prices", sync = true)
    public Price price(String sku) {
      return new Price(sku, 100L * calls.incrementAndGet());
    }

    @CacheEvict(cacheNames = "prices")
    public void changed(String sku) {}

    /** Through a method: the bean is a proxy, and a proxy's fields are its own. */
    public int calls() {
      return calls.get();
    }
  }

  /** Asynchronous and nullable methods on Spring's @Cacheable, unchanged. */
  public static class Quotes {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger missing = new AtomicInteger();
    volatile CompletableFuture<Price> source = new CompletableFuture<>();

    @Cacheable(cacheNames = "quotes")
    public CompletableFuture<Price> quote(String sku) {
      calls.incrementAndGet();
      return source;
    }

    @Cacheable(cacheNames = "syncQuotes", sync = true)
    public CompletableFuture<Price> syncQuote(String sku) {
      calls.incrementAndGet();
      return source;
    }

    @Cacheable(cacheNames = "missing")
    public @Nullable Price notThere(String sku) {
      missing.incrementAndGet();
      return null;
    }

    public int calls() {
      return calls.get();
    }

    public int missingCalls() {
      return missing.get();
    }

    public void respond(Price price) {
      source.complete(price);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  @Import(ControlledTime.class)
  static class App {
    @Bean
    Prices prices() {
      return new Prices();
    }

    @Bean
    Quotes quotes() {
      return new Quotes();
    }
  }

  @Test
  void cacheableOnCompletableFutureMethods_isServedThroughRetrieve_onceForConcurrentCallers() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(EvergreenAutoConfiguration.class, CacheAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues(
            "evergreen.cache-manager.enabled=true",
            "evergreen.cache-manager.types.quotes=" + Price.class.getName(),
            "evergreen.cache-manager.types.syncQuotes=" + Price.class.getName())
        .run(
            context -> {
              Quotes quotes = context.getBean(Quotes.class);

              CompletableFuture<Price> first = quotes.syncQuote("a");
              CompletableFuture<Price> second = quotes.syncQuote("a");
              assertThat(first).isNotDone(); // the caller was not blocked
              quotes.respond(new Price("a", 5));
              assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(new Price("a", 5));
              assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(new Price("a", 5));
              assertThat(quotes.calls()).isEqualTo(1);
              assertThat(quotes.syncQuote("a")).isCompletedWithValue(new Price("a", 5));
              assertThat(quotes.calls()).isEqualTo(1);

              // Without sync, Spring looks up with retrieve(key) and puts the future's value.
              assertThat(quotes.quote("b").get(5, TimeUnit.SECONDS)).isEqualTo(new Price("a", 5));
              assertThat(quotes.quote("b").get(5, TimeUnit.SECONDS)).isEqualTo(new Price("a", 5));
              assertThat(quotes.calls()).isEqualTo(2);
            });
  }

  @Test
  void cacheableMethodReturningNull_isCalledOnce_theNullIsCached() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(EvergreenAutoConfiguration.class, CacheAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues(
            "evergreen.cache-manager.enabled=true",
            "evergreen.cache-manager.types.missing=" + Price.class.getName())
        .run(
            context -> {
              Quotes quotes = context.getBean(Quotes.class);

              assertThat(quotes.notThere("x")).isNull();
              assertThat(quotes.notThere("x")).isNull();

              assertThat(quotes.missingCalls()).isEqualTo(1);
            });
  }

  @Test
  void cacheableWithSync_getsStaleWhileRevalidate_andEvictWorks() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(EvergreenAutoConfiguration.class, CacheAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues(
            "evergreen.cache-manager.enabled=true",
            "evergreen.cache-manager.types.prices=" + Price.class.getName(),
            "evergreen.refresh-after=10m")
        .run(
            context -> {
              assertThat(context.getBean(CacheManager.class))
                  .isInstanceOf(EvergreenCacheManager.class);
              Prices prices = context.getBean(Prices.class);
              MutableClock clock = context.getBean(MutableClock.class);
              QueueingExecutor refreshes = context.getBean(QueueingExecutor.class);

              assertThat(prices.price("a")).isEqualTo(new Price("a", 100));
              assertThat(prices.price("a")).isEqualTo(new Price("a", 100));
              assertThat(prices.calls()).isEqualTo(1);

              clock.advance(Duration.ofMinutes(11));
              assertThat(prices.price("a")).isEqualTo(new Price("a", 100)); // stale, at once
              assertThat(prices.calls()).isEqualTo(1);
              refreshes.runAll(); // calls the method again, in the background
              assertThat(prices.calls()).isEqualTo(2);
              assertThat(prices.price("a")).isEqualTo(new Price("a", 200));

              prices.changed("a");
              assertThat(prices.price("a")).isEqualTo(new Price("a", 300));
            });
  }
}
