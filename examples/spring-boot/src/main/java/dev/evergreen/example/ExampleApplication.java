package dev.evergreen.example;

import dev.evergreen.cache.Evergreen;
import java.util.List;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Reads and writes books through a cached repository; the SQL the database really runs is logged
 * between the lines. Run: {@code ./mvnw -q -pl examples/spring-boot -am compile exec:java}; add
 * {@code -Dexec.args=--evergreen.redis.uri=redis://127.0.0.1:6379} to cache in Redis instead.
 */
@SpringBootApplication
public class ExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args).close();
  }

  @Bean
  CommandLineRunner tour(BookRepository books, Evergreen evergreen) {
    return args -> {
      step("findById(1), twice: one query");
      System.out.println(books.findById(1L).orElseThrow());
      System.out.println(books.findById(1L).orElseThrow());

      step("findAllById(1..4) with 1 cached: one query for the other three");
      System.out.println(books.findAllById(List.of(1L, 2L, 3L, 4L)));

      step("save(1): an UPDATE, then the cache forgets book 1");
      books.save(new Book(1L, "The Pragmatic Programmer, 20th anniversary edition"));
      System.out.println(books.findById(1L).orElseThrow());

      step("What Evergreen holds");
      System.out.println(evergreen);
      evergreen
          .entities()
          .forEach(
              cache ->
                  System.out.println(
                      cache.schema()
                          + " "
                          + cache.settings()
                          + "\n"
                          + cache.schema().descriptor()));
    };
  }

  private static void step(String title) {
    System.out.println();
    System.out.println("== " + title);
  }
}
