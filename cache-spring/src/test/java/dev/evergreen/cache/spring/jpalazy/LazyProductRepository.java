package dev.evergreen.cache.spring.jpalazy;

import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.jpa.Product;
import java.util.Optional;
import org.springframework.data.repository.Repository;

/** Caches Product itself, whose category is a lazy @ManyToOne. Nothing injects it. */
public interface LazyProductRepository extends Repository<Product, Long> {
  @CacheRead
  Optional<Product> findById(Long id);
}
