package dev.evergreen.example;

import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.CacheWrite;
import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

/** Spring Data JDBC does the SQL; the annotations put Evergreen in front of it. */
public interface BookRepository extends ListCrudRepository<Book, Long> {

  @Override
  @CacheRead(refreshAfter = "5m")
  Optional<Book> findById(Long id);

  @Override
  @CacheRead
  List<Book> findAllById(Iterable<Long> ids);

  @Override
  @CacheWrite
  <S extends Book> S save(S book);
}
