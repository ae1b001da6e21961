package dev.evergreen.cache.spring.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A JPA entity as most applications write one: mutable, a no-argument constructor, setters. */
@Entity
public class Book {
  @Id private Long id;
  private String title;

  protected Book() {}

  public Book(Long id, String title) {
    this.id = id;
    this.title = title;
  }

  public Long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  @Override
  public String toString() {
    return "Book[" + id + ", " + title + "]";
  }
}
