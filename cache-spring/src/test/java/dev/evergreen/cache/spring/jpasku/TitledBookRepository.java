package dev.evergreen.cache.spring.jpasku;

import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.jpa.Book;
import java.util.Optional;
import org.springframework.data.repository.Repository;

/**
 * findByTitle is a unique index: Evergreen caches the id it finds and reads the Book by id, but
 * nothing here loads a Book by id, so the application must not start.
 */
public interface TitledBookRepository extends Repository<Book, Long> {
  @CacheRead
  Optional<Book> findByTitle(String title);
}
