package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.spring.jpa.Athlete;
import dev.evergreen.cache.spring.jpa.AthleteRepository;
import dev.evergreen.cache.spring.jpa.JpaApplication;
import dev.evergreen.cache.spring.sample.SqlLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code @CacheQuery} and {@code findBy<Attribute>} on Spring Data JPA with Hibernate (H2):
 * statements counted where the database receives them, saves inside transactions.
 */
@SpringBootTest(
    classes = {JpaApplication.class, ControlledTime.class},
    properties = {"evergreen.refresh-after=10m", "evergreen.expire-after=1h"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
final class JpaQueryCachingIntegrationTest {
  @Autowired AthleteRepository athletes;
  @Autowired JdbcTemplate jdbc;
  @Autowired SqlLog sql;
  @Autowired TransactionTemplate transactions;

  @BeforeEach
  void rows() {
    for (long id = 1; id <= 50; id++) {
      jdbc.update(
          "INSERT INTO athlete (id, name, team_id) VALUES (?, ?, ?)",
          id,
          String.format("a%02d", id),
          7);
    }
    jdbc.update("INSERT INTO athlete (id, name, team_id) VALUES (51, 'other', 8)");
    sql.clear();
  }

  @Test
  void aListOf50_isOneSelect_thenNothing() {
    assertThat(athletes.findByTeamIdOrderByName(7)).hasSize(50);
    assertThat(sql.selectsFrom("athlete")).hasSize(1); // the query: its rows are cached by id

    assertThat(athletes.findByTeamIdOrderByName(7)).hasSize(50);
    assertThat(athletes.findById(7L)).isPresent();
    assertThat(sql.selectsFrom("athlete")).hasSize(1);
  }

  @Test
  void aTeamMoveSavedInATransaction_makesBothListsRightAfterCommit() {
    athletes.findByTeamIdOrderByName(7);
    athletes.findByTeamIdOrderByName(8);

    transactions.executeWithoutResult(
        status -> {
          Athlete moving = athletes.findById(5L).orElseThrow();
          moving.setTeamId(8);
          athletes.save(moving);
        });

    assertThat(athletes.findByTeamIdOrderByName(7)).extracting(Athlete::getId).hasSize(49);
    assertThat(athletes.findByTeamIdOrderByName(8))
        .extracting(Athlete::getName)
        .containsExactly("a05", "other");
  }

  @Test
  void aRolledBackSave_changesNoList() {
    athletes.findByTeamIdOrderByName(7);

    transactions.executeWithoutResult(
        status -> {
          Athlete moving = athletes.findById(5L).orElseThrow();
          moving.setTeamId(8);
          athletes.save(moving);
          status.setRollbackOnly(); // (saving the cached, detached copy made Hibernate merge)
        });
    sql.clear();

    assertThat(athletes.findByTeamIdOrderByName(7)).hasSize(50);
    assertThat(sql.selectsFrom("athlete")).isEmpty(); // nothing was invalidated, nothing re-read
  }

  @Test
  void aLookupByName_isOneSelectThenNothing() {
    athletes.findById(3L);
    sql.clear();

    assertThat(athletes.findByName("a03")).get().extracting(Athlete::getId).isEqualTo(3L);
    assertThat(athletes.findByName("a03")).get().extracting(Athlete::getId).isEqualTo(3L);

    assertThat(sql.selectsFrom("athlete")).hasSize(1);
  }

  @Test
  void aColdLookupByName_isOneSelect_andCachesTheEntityByIdToo() {
    assertThat(athletes.findByName("a04")).get().extracting(Athlete::getId).isEqualTo(4L);
    assertThat(athletes.findById(4L)).get().extracting(Athlete::getName).isEqualTo("a04");
    assertThat(athletes.findByName("a04")).isPresent();

    assertThat(sql.selectsFrom("athlete")).hasSize(1);
  }
}
