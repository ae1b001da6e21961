package dev.evergreen.cache.spring.jpa;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Transactions as an application writes them. */
@Service
public class Library {
  private final BookRepository books;

  public Library(BookRepository books) {
    this.books = books;
  }

  /** Load, change, save, then fail: the transaction rolls back. */
  @Transactional
  public void renameThenFail(long id, String title) {
    Book book = books.findById(id).orElseThrow();
    book.setTitle(title);
    books.save(book);
    throw new IllegalStateException("rolled back on purpose");
  }

  /**
   * Changes a loaded book without save(), relying on dirty checking. A book from the cache is a
   * detached copy: the database keeps the old title, and so must the cache.
   */
  @Transactional
  public void renameWithoutSave(long id, String title) {
    books.findById(id).orElseThrow().setTitle(title);
  }

  @Transactional
  public void rename(long id, String title) {
    Book book = books.findById(id).orElseThrow();
    book.setTitle(title);
    books.save(book);
  }
}
