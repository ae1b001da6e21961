package dev.evergreen.cache.spring.jpa;

/** A DTO projection of {@link Product}: what the pages read, without the lazy association. */
public record ProductSummary(Long id, String sku, String name) {}
