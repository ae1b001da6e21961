package dev.evergreen.cache.spring.jpa;

import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.CacheWrite;
import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

/** Caches a projection of an entity that has a lazy association. */
public interface ProductRepository extends ListCrudRepository<Product, Long> {
  @CacheRead
  Optional<ProductSummary> findSummaryById(Long id);

  @CacheRead
  List<ProductSummary> findSummariesByIdIn(List<Long> ids);

  @Override
  @CacheWrite
  <S extends Product> S save(S product);
}
