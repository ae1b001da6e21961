package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The README's quick start, compiled and run; the README must show exactly this code. */
final class ReadmeExampleTest {

  /** Stands in for the application's repository. */
  static final class UserRepository {
    final Map<Long, User> rows = new ConcurrentHashMap<>();

    @Nullable User findByIdOrNull(long id) {
      return rows.get(id);
    }
  }

  @Test
  void quickStart_works() {
    UserRepository userRepository = new UserRepository();
    userRepository.rows.put(42L, new User(42, "Ada"));
    userRepository.rows.put(1L, new User(1, "Grace"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    User saved = new User(42, "Ada Lovelace");

    // @start region="quick-start"
    Evergreen evergreen =
        Evergreen.builder()
            .store(InMemoryStore.create()) // the default: entries in this JVM, on Caffeine
            .namespace("shop") // optional key prefix
            .meterRegistry(registry) // optional Micrometer registry
            .build();

    EntityCache<Long, User> users =
        evergreen
            .entity(User.class)
            .refreshAfter(Duration.ofMinutes(15)) // older: served stale, refreshed in background
            .expireAfter(Duration.ofHours(24)) // older: gone, loaded in the caller's thread
            .negativeTtl(Duration.ofMinutes(1)) // how long "no such id" is remembered
            .build(userRepository::findByIdOrNull);

    User u = users.get(42L); // fresh, or stale + one refresh queued, or loaded once
    Map<Long, User> some = users.getAll(List.of(1L, 2L, 3L)); // one read, misses in one load
    users.put(42L, saved); // after writing to the database
    users.invalidate(42L); // or forget it
    String key = users.key(42L); // "shop:User:5112885ac7d3:42"
    String hash = users.schema().hash(); // "5112885ac7d3"; .descriptor() shows what was hashed
    evergreen.close();
    // @end

    assertThat(u).isEqualTo(new User(42, "Ada"));
    assertThat(some).containsOnlyKeys(1L);
    assertThat(key).isEqualTo("shop:User:" + hash + ":42");
    assertThat(hash).isEqualTo("5112885ac7d3");
    assertThat(registry.get("cache.gets").tag("result", "miss").counter().count()).isEqualTo(4);
  }

  @Test
  void readme_opensWithExactlyTheQuickStart() throws IOException {
    String source =
        Files.readString(Path.of("src/test/java/dev/evergreen/cache/ReadmeExampleTest.java"));
    String startMarker = "    // @start region=\"quick-start\"\n";
    int start = source.indexOf(startMarker) + startMarker.length();
    String region = source.substring(start, source.indexOf("    // @end\n", start));
    String dedented =
        region
            .lines()
            .map(line -> line.length() >= 4 ? line.substring(4) : line)
            .collect(Collectors.joining("\n", "", "\n"));
    String readme = Files.readString(Path.of("../README.md"));
    int block = readme.indexOf("```java\n") + "```java\n".length();
    String firstJavaBlock = readme.substring(block, readme.indexOf("```", block));

    assertThat(firstJavaBlock)
        .as("README.md's first Java block must be ReadmeExampleTest's quick-start region")
        .isEqualTo(dedented);
  }
}
