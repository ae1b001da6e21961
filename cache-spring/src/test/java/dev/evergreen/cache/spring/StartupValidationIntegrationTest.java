package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evergreen.cache.spring.jpalazy.LazyApplication;
import dev.evergreen.cache.spring.jpasku.SkuApplication;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A misused annotation fails startup, naming the method and the fix, whether or not anything ever
 * calls it (the repositories here are injected nowhere).
 */
final class StartupValidationIntegrationTest {

  private static void start(Class<?> application) {
    new SpringApplicationBuilder(application)
        .web(WebApplicationType.NONE)
        .properties("spring.main.banner-mode=off")
        .run()
        .close();
  }

  @Test
  void cachedJpaEntityWithALazyAssociation_failsStartup_namingItAndTheWaysOut() {
    assertThatThrownBy(() -> start(LazyApplication.class))
        .hasStackTraceContaining("@CacheRead on LazyProductRepository.findById")
        .hasStackTraceContaining("Product.category is a lazy @ManyToOne association")
        .hasStackTraceContaining("Cache a projection instead")
        .hasStackTraceContaining("@JsonIgnore");
  }

  @Test
  void aLookupByAnotherKey_withoutAByIdLoader_failsStartup_namingIt() {
    assertThatThrownBy(() -> start(SkuApplication.class))
        .hasStackTraceContaining("@CacheRead on TitledBookRepository.findByTitle")
        .hasStackTraceContaining("put @CacheRead on a method that loads Book by id");
  }

  public record Item(Long id, String name) {}

  /** Read methods on a plain bean, in shapes that cannot work. */
  public static class TwoLoaders {
    @CacheRead
    public Item item(Long id) {
      return new Item(id, "a");
    }

    @CacheRead
    public Item sameItem(Long id) {
      return new Item(id, "b");
    }
  }

  /** An interface projection: nothing to decode into. */
  public interface ItemView {
    String getName();
  }

  public static class Views {
    @CacheRead
    public Optional<ItemView> view(Long id) {
      return Optional.empty();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoLoadersConfig {
    @Bean
    TwoLoaders twoLoaders() {
      return new TwoLoaders();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ViewsConfig {
    @Bean
    Views views() {
      return new Views();
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(EvergreenAutoConfiguration.class));

  @Test
  void twoLoadersOfOneEntity_failStartup_soThatCallOrderNeverChoosesOne() {
    runner
        .withUserConfiguration(TwoLoadersConfig.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("TwoLoaders.item")
                    .hasStackTraceContaining("TwoLoaders.sameItem")
                    .hasStackTraceContaining("keep @CacheRead on one of them"));
  }

  @Test
  void interfaceProjection_failsStartup_askingForARecord() {
    runner
        .withUserConfiguration(ViewsConfig.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("@CacheRead on Views.view")
                    .hasStackTraceContaining("interface projection")
                    .hasStackTraceContaining("return a record"));
  }

  /** Query methods in shapes that cannot work. */
  public static class BadQueries {
    @CacheRead
    public Item item(Long id) {
      return new Item(id, "a");
    }

    @CacheQuery
    public java.util.List<Item> byFilter(java.util.Map<String, String> filter) {
      return java.util.List.of();
    }
  }

  public static class MiscountedQuery {
    @CacheRead
    public Item item(Long id) {
      return new Item(id, "a");
    }

    @CacheQuery(invalidatedBy = {"name", "id"})
    public java.util.List<Item> byName(String name) {
      return java.util.List.of();
    }
  }

  @Test
  void aQueryParameterThatCannotBeAKey_failsStartup_namingIt() {
    runner
        .withBean(BadQueries.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("@CacheQuery on BadQueries.byFilter")
                    .hasStackTraceContaining("takes a java.util.Map, which cannot be part of a"));
  }

  @Test
  void invalidatedByThatDoesNotMatchTheParameters_failsStartup_namingIt() {
    runner
        .withBean(MiscountedQuery.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("@CacheQuery on MiscountedQuery.byName")
                    .hasStackTraceContaining("invalidatedBy names 2 properties for 1 parameters"));
  }
}
