package dev.evergreen.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What a team on Spring's cache abstraction runs: {@code @Cacheable} over Caffeine. */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class SpringCaffeineCache {

  /** The repository method as such a team writes it. */
  public static class Products {
    @Cacheable("products")
    public Product findById(Long id) {
      return Product.of(id);
    }
  }

  @Bean
  CaffeineCacheManager cacheManager() {
    CaffeineCacheManager manager = new CaffeineCacheManager("products", "pages");
    manager.setCaffeine(Caffeine.newBuilder().maximumSize(100_000));
    return manager;
  }

  @Bean
  Products springCachedProducts() {
    return new Products();
  }
}
