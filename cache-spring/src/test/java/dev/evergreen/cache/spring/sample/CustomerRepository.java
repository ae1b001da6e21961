package dev.evergreen.cache.spring.sample;

import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.CacheWrite;
import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

/** A Spring Data JDBC repository with Evergreen's annotations on the methods it caches. */
public interface CustomerRepository extends ListCrudRepository<Customer, Long> {

  @Override
  @CacheRead
  Optional<Customer> findById(Long id);

  @Override
  @CacheRead
  List<Customer> findAllById(Iterable<Long> ids);

  @Override
  @CacheWrite
  <S extends Customer> S save(S customer);

  @Override
  @CacheWrite
  void deleteById(Long id);
}
