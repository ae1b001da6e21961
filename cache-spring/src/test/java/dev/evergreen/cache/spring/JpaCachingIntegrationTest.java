package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.spring.jpa.Book;
import dev.evergreen.cache.spring.jpa.BookRepository;
import dev.evergreen.cache.spring.jpa.JpaApplication;
import dev.evergreen.cache.spring.jpa.Library;
import dev.evergreen.cache.spring.jpa.Loan;
import dev.evergreen.cache.spring.jpa.LoanId;
import dev.evergreen.cache.spring.jpa.LoanRepository;
import dev.evergreen.cache.spring.jpa.Product;
import dev.evergreen.cache.spring.jpa.ProductRepository;
import dev.evergreen.cache.spring.jpa.ProductSummary;
import dev.evergreen.cache.spring.sample.SqlLog;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A Spring Boot application on Spring Data JPA and Hibernate (H2), as most users run one; every
 * query is counted where the database receives it.
 */
@SpringBootTest(
    classes = {JpaApplication.class, ControlledTime.class},
    properties = {"evergreen.refresh-after=10m", "evergreen.expire-after=1h"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
final class JpaCachingIntegrationTest {
  @Autowired BookRepository books;
  @Autowired ProductRepository products;
  @Autowired Library library;
  @Autowired Evergreen evergreen;
  @Autowired JdbcTemplate jdbc;
  @Autowired SqlLog sql;
  @Autowired org.springframework.context.ApplicationContext context;

  @BeforeEach
  void rows() {
    for (long id = 1; id <= 5; id++) {
      jdbc.update("INSERT INTO book (id, title) VALUES (?, ?)", id, "book-" + id);
      jdbc.update("INSERT INTO category (id, name) VALUES (?, ?)", id, "category-" + id);
      jdbc.update(
          "INSERT INTO product (id, sku, name, category_id) VALUES (?, ?, ?, ?)",
          id,
          "SKU-" + id,
          "product-" + id,
          id);
      jdbc.update(
          "INSERT INTO loan (branch, number, borrower) VALUES (?, ?, ?)", 1, id, "reader-" + id);
    }
    sql.clear();
  }

  private String titleInDatabase(long id) {
    return jdbc.queryForObject("SELECT title FROM book WHERE id = ?", String.class, id);
  }

  // ---- 1: bridge methods, both call paths --------------------------------------------------

  @Test
  void findById_throughAGenericListCrudRepositoryReference_isCachedLikeTheDirectCall() {
    ListCrudRepository<Book, Long> generic = books; // calls go through the synthetic bridge

    assertThat(generic.findById(1L)).get().extracting(Book::getTitle).isEqualTo("book-1");
    assertThat(generic.findById(1L)).get().extracting(Book::getTitle).isEqualTo("book-1");
    assertThat(books.findById(1L)).get().extracting(Book::getTitle).isEqualTo("book-1");
    assertThat(generic.findAllById(List.of(1L, 2L))).hasSize(2);
    assertThat(generic.findAllById(List.of(1L, 2L))).hasSize(2);

    assertThat(sql.selectsFrom("book")).hasSize(2); // book 1, then book 2 in one bulk query
  }

  // ---- 2: private copies ---------------------------------------------------------------------

  @Test
  void loadChangeSave_thatRollsBack_leavesTheCacheServingTheCommittedRow() {
    books.findById(1L); // cached

    assertThatThrownBy(() -> library.renameThenFail(1L, "rolled back"))
        .hasMessageContaining("rolled back on purpose");

    assertThat(titleInDatabase(1L)).isEqualTo("book-1");
    assertThat(books.findById(1L)).get().extracting(Book::getTitle).isEqualTo("book-1");
  }

  @Test
  void changeWithoutSave_onACachedEntity_isNotServedByTheCache_asTheDatabaseNeverSawIt() {
    books.findById(2L); // cached

    library.renameWithoutSave(2L, "never saved");

    assertThat(titleInDatabase(2L)).isEqualTo("book-2");
    assertThat(books.findById(2L)).get().extracting(Book::getTitle).isEqualTo("book-2");
  }

  @Test
  void twoReads_neverShareOneInstance_andACommittedSave_isReadBackAfterCommit() {
    Book first = books.findById(3L).orElseThrow();
    Book second = books.findById(3L).orElseThrow();
    assertThat(second).isNotSameAs(first);

    library.rename(3L, "renamed");

    sql.clear();
    assertThat(books.findById(3L)).get().extracting(Book::getTitle).isEqualTo("renamed");
    assertThat(sql.selectsFrom("book")).hasSize(1);
  }

  // ---- 3: lazy relations, projections -------------------------------------------------------

  @Test
  void projectionOfAnEntityWithALazyAssociation_isCached_andASaveOfTheEntityInvalidatesIt() {
    assertThat(products.findSummaryById(1L)).contains(new ProductSummary(1L, "SKU-1", "product-1"));
    assertThat(products.findSummaryById(1L)).contains(new ProductSummary(1L, "SKU-1", "product-1"));
    assertThat(products.findSummariesByIdIn(List.of(1L, 2L))).hasSize(2);
    assertThat(products.findSummariesByIdIn(List.of(1L, 2L))).hasSize(2);
    assertThat(sql.selectsFrom("product")).hasSize(2);

    Product product = products.findById(1L).orElseThrow(); // not cached: a plain query
    product.setName("renamed");
    products.save(product);

    assertThat(products.findSummaryById(1L)).contains(new ProductSummary(1L, "SKU-1", "renamed"));
  }

  // ---- 5: registration at startup; 7: ids through EntityInformation ---------------------------

  @Test
  void everyAnnotatedRepository_isRegisteredAtStartup_evenOneNothingInjects() {
    assertThat(evergreen.entities())
        .extracting(cache -> cache.schema().name())
        .contains("Book", "ProductSummary", "Loan");
  }

  @Test
  void embeddedIds_areReadThroughSpringDataEntityInformation() {
    LoanRepository loans = context.getBean(LoanRepository.class);
    List<LoanId> ids = List.of(new LoanId(1, 1), new LoanId(1, 2));

    assertThat(loans.findAllById(ids))
        .extracting(Loan::getBorrower)
        .contains("reader-1", "reader-2");
    assertThat(loans.findAllById(ids)).hasSize(2);
    assertThat(sql.selectsFrom("loan")).hasSize(1);

    Loan loan = loans.findById(new LoanId(1, 1)).orElseThrow();
    loan.setBorrower("someone else");
    loans.save(loan); // invalidates 1-1, found by its @EmbeddedId

    assertThat(loans.findById(new LoanId(1, 1)))
        .get()
        .extracting(Loan::getBorrower)
        .isEqualTo("someone else");
  }
}
