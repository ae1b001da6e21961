package dev.evergreen.cache.spring.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class Category {
  @Id private Long id;
  private String name;

  protected Category() {}

  public Category(Long id, String name) {
    this.id = id;
    this.name = name;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }
}
