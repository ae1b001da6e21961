/**
 * For users' test suites: {@link dev.evergreen.cache.schemalock.SchemaLock}, the checked-in list of
 * cached entities and their schema hashes that shows in code review which caches a change makes
 * cold.
 */
@NullMarked
package dev.evergreen.cache.schemalock;

import org.jspecify.annotations.NullMarked;
