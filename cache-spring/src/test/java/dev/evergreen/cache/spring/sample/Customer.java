package dev.evergreen.cache.spring.sample;

import org.springframework.data.annotation.Id;

/** A row of the sample application's one table, CUSTOMER. */
public record Customer(@Id Long id, String name) {}
