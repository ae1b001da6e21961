package dev.evergreen.cache.spring.sample;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application the Spring integration tests start: H2, Spring Data JDBC, Evergreen. */
@SpringBootApplication
public class SampleApplication {}
