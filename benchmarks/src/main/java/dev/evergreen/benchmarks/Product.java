package dev.evergreen.benchmarks;

import java.io.Serializable;
import java.util.List;

/**
 * The entity every benchmark caches: seven fields, one a nested object, one a list of strings;
 * about 300 bytes of JSON.
 */
public record Product(
    long id,
    String sku,
    String name,
    String description,
    long priceCents,
    Product.Dimensions dimensions,
    List<String> tags)
    implements Serializable {

  /** The nested object. */
  public record Dimensions(int widthMm, int heightMm, int depthMm, int weightGrams)
      implements Serializable {}

  /** A product with realistic text, so its JSON is about 300 bytes. */
  public static Product of(long id) {
    return new Product(
        id,
        "SKU-" + (100_000 + id),
        "Stainless steel water bottle " + id,
        "Double-walled, vacuum insulated bottle that keeps drinks cold for 24 hours.",
        1_999 + id,
        new Dimensions(75, 260, 75, 340),
        List.of("kitchen", "outdoor", "bestseller", "eco"));
  }
}
