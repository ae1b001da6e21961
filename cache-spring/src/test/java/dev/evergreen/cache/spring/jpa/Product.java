package dev.evergreen.cache.spring.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

/** An entity with a lazy association: cached through a projection, never as itself. */
@Entity
public class Product {
  @Id private Long id;
  private String sku;
  private String name;

  @ManyToOne(fetch = FetchType.LAZY)
  private Category category;

  protected Product() {}

  public Product(Long id, String sku, String name, Category category) {
    this.id = id;
    this.sku = sku;
    this.name = name;
    this.category = category;
  }

  public Long getId() {
    return id;
  }

  public String getSku() {
    return sku;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Category getCategory() {
    return category;
  }
}
