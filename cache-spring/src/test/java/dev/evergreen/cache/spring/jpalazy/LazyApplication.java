package dev.evergreen.cache.spring.jpalazy;

import dev.evergreen.cache.spring.jpa.Product;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;

/** An application that caches a JPA entity with a lazy association: it must not start. */
@SpringBootApplication
@EntityScan(basePackageClasses = Product.class)
public class LazyApplication {}
