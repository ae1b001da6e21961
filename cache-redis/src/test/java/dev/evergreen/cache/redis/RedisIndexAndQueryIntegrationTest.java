package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.CachedQuery;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityLoader;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.UniqueIndex;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Unique indexes and cached queries on a real redis-server, through two nodes: ids and entities are
 * stored once and shared, and a write on one node makes the other's lists right.
 */
@ExtendWith(RedisExtension.class)
final class RedisIndexAndQueryIntegrationTest {
  record Member(long id, String name, long teamId) {}

  private final Map<Long, Member> rows = new ConcurrentHashMap<>();
  private final AtomicInteger statements = new AtomicInteger();

  private final class Node implements AutoCloseable {
    final Evergreen evergreen;
    final EntityCache<Long, Member> members;
    final CachedQuery<Long, Member> byTeam;
    final UniqueIndex<String, Member> byName;

    Node(RedisServer redis) {
      evergreen =
          Evergreen.builder().store(RedisStore.create(redis.uri())).namespace("queries").build();
      members = evergreen.entity(Member.class).ids(Long.class, Member::id).build(byIds());
      byTeam = members.query("byTeam").invalidatedBy(Member::teamId).build(this::team);
      byName = members.uniqueIndex("name", Member::name).build(this::named);
    }

    private List<Member> team(Long team) {
      statements.incrementAndGet();
      return rows.values().stream()
          .filter(m -> m.teamId() == team)
          .sorted(Comparator.comparing(Member::name))
          .toList();
    }

    private @Nullable Member named(String name) {
      statements.incrementAndGet();
      return rows.values().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    @Override
    public void close() {
      evergreen.close();
    }
  }

  private EntityLoader<Long, Member> byIds() {
    return new EntityLoader<>() {
      @Override
      public @Nullable Member load(Long id) {
        statements.incrementAndGet();
        return rows.get(id);
      }

      @Override
      public Map<Long, Member> loadAll(Set<? extends Long> ids) {
        statements.incrementAndGet();
        Map<Long, Member> found = new HashMap<>();
        ids.forEach(id -> found.put(id, rows.get(id)));
        found.values().removeIf(java.util.Objects::isNull);
        return found;
      }
    };
  }

  @Test
  void listsAndLookups_areSharedByNodes_andAWriteOnOneMakesTheOthersRight(RedisServer redis) {
    for (long id = 1; id <= 50; id++) {
      rows.put(id, new Member(id, String.format("m%02d", id), 7));
    }
    rows.put(51L, new Member(51, "other", 8));
    try (Node a = new Node(redis);
        Node b = new Node(redis)) {
      assertThat(a.byTeam.get(7L)).hasSize(50);
      assertThat(statements).hasValue(2); // the query, and the 50 entities in one loadAll
      assertThat(a.byName.get("m01")).isEqualTo(rows.get(1L));
      assertThat(statements).hasValue(3); // the lookup; member 1 was cached already

      assertThat(b.byTeam.get(7L)).hasSize(50); // all from Redis
      assertThat(b.byName.get("m01")).isEqualTo(rows.get(1L));
      assertThat(b.byTeam.get(8L)).extracting(Member::id).containsExactly(51L);
      assertThat(statements).hasValue(5); // team 8: its query, and member 51

      Member moved = new Member(5, "m05", 8);
      rows.put(5L, moved);
      a.members.invalidateEntity(moved); // the save, on node A

      assertThat(b.byTeam.get(7L)).extracting(Member::id).hasSize(49).doesNotContain(5L);
      assertThat(b.byTeam.get(8L)).extracting(Member::id).containsExactly(5L, 51L);

      Member renamed = new Member(1, "first", 7);
      rows.put(1L, renamed);
      b.members.invalidateEntity(renamed); // on node B now
      assertThat(a.byName.get("m01")).isNull();
      assertThat(a.byName.get("first")).isEqualTo(renamed);
    }
  }
}
