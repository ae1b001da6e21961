package dev.evergreen.cache.spi;

import java.util.List;

/** The entity the store contract suite stores. */
public record Widget(long id, String name, List<String> tags) {}
