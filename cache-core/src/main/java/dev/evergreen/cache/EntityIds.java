package dev.evergreen.cache;

import java.util.function.Function;

/** How to read an entity's id, and its class (stored ids are converted back to it). */
record EntityIds(Class<?> type, Function<Object, Object> of) {}
