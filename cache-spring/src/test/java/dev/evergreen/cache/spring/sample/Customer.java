package dev.evergreen.cache.spring.sample;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of the sample application's one table, CUSTOMER. {@code @Table} claims it for Spring Data
 * JDBC: with JPA on the classpath too, Spring Data assigns repositories by such annotations.
 */
@Table
public record Customer(@Id Long id, String name) {}
