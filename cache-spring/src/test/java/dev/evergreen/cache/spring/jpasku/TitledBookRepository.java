package dev.evergreen.cache.spring.jpasku;

import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.jpa.Book;
import java.util.Optional;
import org.springframework.data.repository.Repository;

/** findByTitle takes a String, not the Long id: it is a query, not a loader. */
public interface TitledBookRepository extends Repository<Book, Long> {
  @CacheRead
  Optional<Book> findById(Long id);

  @CacheRead
  Optional<Book> findByTitle(String title);
}
