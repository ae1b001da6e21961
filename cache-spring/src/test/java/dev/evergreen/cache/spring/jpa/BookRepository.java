package dev.evergreen.cache.spring.jpa;

import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.CacheWrite;
import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

/**
 * The README's repository shape: overriding {@code findById} / {@code findAllById} makes javac add
 * synthetic bridge methods that carry the annotations too.
 */
public interface BookRepository extends ListCrudRepository<Book, Long> {
  @Override
  @CacheRead
  Optional<Book> findById(Long id);

  @Override
  @CacheRead
  List<Book> findAllById(Iterable<Long> ids);

  @Override
  @CacheWrite
  <S extends Book> S save(S book);
}
