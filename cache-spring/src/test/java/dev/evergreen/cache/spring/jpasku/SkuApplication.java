package dev.evergreen.cache.spring.jpasku;

import dev.evergreen.cache.spring.jpa.Book;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;

/** An application with a lookup by title but no by-id loader for Book: it must not start. */
@SpringBootApplication
@EntityScan(basePackageClasses = Book.class)
public class SkuApplication {}
