package dev.evergreen.cache;

import java.util.List;

/**
 * What an index or query cache stores: entity ids, in order. They come back from JSON as numbers,
 * strings or maps, and are converted to the entity's id class before use.
 */
record IdList(List<Object> ids) {}
