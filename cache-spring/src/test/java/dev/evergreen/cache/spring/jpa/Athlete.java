package dev.evergreen.cache.spring.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A JPA entity looked up by its unique name and listed by team. */
@Entity
public class Athlete {
  @Id private Long id;
  private String name;
  private long teamId;

  protected Athlete() {}

  public Athlete(Long id, String name, long teamId) {
    this.id = id;
    this.name = name;
    this.teamId = teamId;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public long getTeamId() {
    return teamId;
  }

  public void setTeamId(long teamId) {
    this.teamId = teamId;
  }

  public void setName(String name) {
    this.name = name;
  }
}
