package dev.evergreen.cache.spring.sample;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A row of PLAYER: looked up by its unique name, and listed by team. */
@Table
public record Player(@Id Long id, String name, long teamId) {}
