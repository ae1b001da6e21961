package dev.evergreen.example;

import org.springframework.data.annotation.Id;

/** A row of the BOOK table. */
public record Book(@Id Long id, String title) {}
