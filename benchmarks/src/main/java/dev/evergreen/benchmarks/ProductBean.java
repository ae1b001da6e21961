package dev.evergreen.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Product} as a mutable bean, the shape of a JPA entity: a no-argument constructor and
 * setters. Evergreen cannot share it between callers, so each in-memory read decodes a copy.
 */
public class ProductBean {
  private long id;
  private String sku;
  private String name;
  private String description;
  private long priceCents;
  private Product.Dimensions dimensions;
  private List<String> tags = new ArrayList<>();

  public ProductBean() {}

  /** The same data as {@link Product#of}. */
  public static ProductBean of(long id) {
    Product product = Product.of(id);
    ProductBean bean = new ProductBean();
    bean.id = product.id();
    bean.sku = product.sku();
    bean.name = product.name();
    bean.description = product.description();
    bean.priceCents = product.priceCents();
    bean.dimensions = product.dimensions();
    bean.tags = new ArrayList<>(product.tags());
    return bean;
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getSku() {
    return sku;
  }

  public void setSku(String sku) {
    this.sku = sku;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public long getPriceCents() {
    return priceCents;
  }

  public void setPriceCents(long priceCents) {
    this.priceCents = priceCents;
  }

  public Product.Dimensions getDimensions() {
    return dimensions;
  }

  public void setDimensions(Product.Dimensions dimensions) {
    this.dimensions = dimensions;
  }

  public List<String> getTags() {
    return tags;
  }

  public void setTags(List<String> tags) {
    this.tags = tags;
  }
}
