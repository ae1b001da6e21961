package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.spring.sample.Player;
import dev.evergreen.cache.spring.sample.PlayerRepository;
import dev.evergreen.cache.spring.sample.SampleApplication;
import dev.evergreen.cache.spring.sample.SqlLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@code @CacheQuery} lists and {@code findBy<Attribute>} lookups on a real Spring Data JDBC
 * repository (H2): queries counted where the database receives them.
 */
@SpringBootTest(
    classes = {SampleApplication.class, ControlledTime.class},
    properties = {"evergreen.refresh-after=10m", "evergreen.expire-after=1h"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
final class QueryCachingIntegrationTest {
  @Autowired PlayerRepository players;
  @Autowired JdbcTemplate jdbc;
  @Autowired SqlLog sql;
  @Autowired Evergreen evergreen;

  @BeforeEach
  void rows() {
    for (long id = 1; id <= 50; id++) {
      jdbc.update(
          "INSERT INTO player (id, name, team_id) VALUES (?, ?, ?)",
          id,
          String.format("p%02d", id),
          7);
    }
    jdbc.update("INSERT INTO player (id, name, team_id) VALUES (51, 'other', 8)");
    sql.clear();
  }

  @Test
  void aListOf50_isOneSelect_thenNoSelectAtAll() {
    assertThat(players.findByTeamIdOrderByName(7)).hasSize(50);
    assertThat(sql.selectsFrom("player")).hasSize(1); // the query: its rows are cached by id

    assertThat(players.findByTeamIdOrderByName(7))
        .extracting(Player::name)
        .startsWith("p01", "p02");
    assertThat(players.findById(7L)).get().extracting(Player::name).isEqualTo("p07");
    assertThat(sql.selectsFrom("player")).hasSize(1);
  }

  @Test
  void aRenameThroughSave_showsInTheList_withOneSelectById_andNoRequery() {
    players.findByTeamIdOrderByName(7);
    players.save(new Player(5L, "renamed", 7));
    sql.clear();

    assertThat(players.findByTeamIdOrderByName(7))
        .extracting(Player::name)
        .contains("renamed")
        .doesNotContain("p05");
    assertThat(sql.selectsFrom("player")).hasSize(1);
  }

  @Test
  void aTeamMoveThroughSave_makesBothTeamsListsRight() {
    players.findByTeamIdOrderByName(7);
    players.findByTeamIdOrderByName(8);

    players.save(new Player(5L, "p05", 8));

    assertThat(players.findByTeamIdOrderByName(7)).extracting(Player::id).hasSize(49);
    assertThat(players.findByTeamIdOrderByName(8))
        .extracting(Player::name)
        .containsExactly("other", "p05"); // in the query's order
  }

  @Test
  void aDelete_dropsTheEntityFromItsList() {
    players.findByTeamIdOrderByName(7);

    players.deleteById(9L);

    assertThat(players.findByTeamIdOrderByName(7)).extracting(Player::id).doesNotContain(9L);
  }

  @Test
  void aLookupByName_isTheLookupThenNothing_andFollowsARename() {
    players.findById(3L); // cached by id already: the lookup needs no load by id
    sql.clear();

    assertThat(players.findByName("p03")).get().extracting(Player::id).isEqualTo(3L);
    assertThat(players.findByName("p03")).get().extracting(Player::id).isEqualTo(3L);
    assertThat(players.findByName("nobody")).isEmpty();
    assertThat(players.findByName("nobody")).isEmpty();
    assertThat(sql.selectsFrom("player")).hasSize(2); // p03 once, nobody once

    players.save(new Player(3L, "third", 7));
    assertThat(players.findByName("p03")).isEmpty();
    assertThat(players.findByName("third")).get().extracting(Player::id).isEqualTo(3L);
  }

  @Test
  void indexAndQueryCaches_areEntitiesOfTheirOwn_withSchemaVersionedKeys() {
    assertThat(evergreen.entities())
        .extracting(cache -> cache.schema().name())
        .contains("Player", "Player#name", "Player#findByTeamIdOrderByName");
  }
}
