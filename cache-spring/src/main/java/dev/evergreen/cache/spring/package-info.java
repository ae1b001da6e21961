/**
 * Spring Boot integration: auto-configuration of an {@link dev.evergreen.cache.Evergreen} bean,
 * {@link dev.evergreen.cache.spring.CacheRead @CacheRead} and {@link
 * dev.evergreen.cache.spring.CacheWrite @CacheWrite} for repository methods, a Spring {@code
 * CacheManager} bridge, and an Actuator endpoint.
 */
@NullMarked
package dev.evergreen.cache.spring;

import org.jspecify.annotations.NullMarked;
