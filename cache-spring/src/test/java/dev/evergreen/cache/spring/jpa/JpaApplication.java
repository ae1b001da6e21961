package dev.evergreen.cache.spring.jpa;

import dev.evergreen.cache.spring.sample.SqlLog;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The JPA + Hibernate application the JPA tests start, on H2: books, loans, products. */
@SpringBootApplication
@Import(SqlLog.class)
public class JpaApplication {}
