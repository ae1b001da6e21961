package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

final class BadInputTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Evergreen evergreen =
      Evergreen.builder()
          .clock(new MutableClock())
          .meterRegistry(registry)
          .maxValueBytes(200)
          .build();
  private final EntityCache<String, User> byName =
      evergreen.entity(User.class).build(name -> new User(1, name));

  @AfterEach
  void close() {
    evergreen.close();
  }

  @Test
  void nullId_isRejectedNamingEntity() {
    assertThatThrownBy(() -> byName.get(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("User: id must not be null");
  }

  @Test
  void emptyId_isRejectedNamingEntity() {
    assertThatThrownBy(() -> byName.get(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("User: id must not be empty");
  }

  @Test
  void idWithControlCharacter_isRejectedShowingIt() {
    assertThatThrownBy(() -> byName.get("ada\nlovelace"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("User: id 'ada\\u000Alovelace' contains the control character U+000A");
  }

  @Test
  void idWithUnpairedSurrogate_isRejected_soThatItCannotShareAKeyWithAnother() {
    // UTF-8 writes an unpaired surrogate as '?': "x\uD800" and "x?" would share one key.
    assertThatThrownBy(() -> byName.get("x\uD800"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "User: id 'x\\uD800' contains the unpaired surrogate U+D800, which UTF-8 cannot"
                + " encode exactly");
    assertThatThrownBy(() -> byName.put("\uDC00y", new User(1, "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> byName.getAll(List.of("ok", "\uD800\uD800")))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(byName.get("x?")).isEqualTo(new User(1, "x?"));
    assertThat(byName.get("x\uD83D\uDE00")).isEqualTo(new User(1, "x\uD83D\uDE00")); // a pair
    assertThat(byName.key("x\uD83D\uDE00")).endsWith(":x\uD83D\uDE00");
  }

  @Test
  void overLongId_isRejectedWithItsLength() {
    char[] chars = new char[513];
    Arrays.fill(chars, 'x');
    assertThatThrownBy(() -> byName.get(new String(chars)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("User: id is 513 characters long, at most 512 are allowed");
  }

  @Test
  void badIds_areRejectedByEveryMethod() {
    assertThatThrownBy(() -> byName.getIfPresent("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> byName.put("", new User(1, "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> byName.invalidate("\0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> byName.key("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> byName.refresh("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> byName.getAll(Arrays.asList("a", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("User: id must not be null");
  }

  @Test
  void oversizedValue_isReturnedButNotCachedAndCounted() {
    String big = "x".repeat(500);
    int[] loads = {0};
    EntityCache<Long, User> users =
        evergreen
            .entity(User.class)
            .name("BigUser")
            .build(
                id -> {
                  loads[0]++;
                  return new User(id, big);
                });

    assertThat(users.get(1L).name()).isEqualTo(big);
    assertThat(users.get(1L).name()).isEqualTo(big);
    assertThat(loads[0]).isEqualTo(2);
    assertThat(registry.get("cache.oversized").tag("cache", "BigUser").counter().count())
        .isEqualTo(2);
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void loaderReturningWrongType_failsNamingEntityIdAndTypes() {
    EntityLoader raw = id -> "not a user";
    EntityCache<Long, User> users = evergreen.entity(User.class).name("Typed").build(raw);

    assertThatThrownBy(() -> users.get(3L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Typed: loader returned a java.lang.String for id 3, expected a dev.evergreen.cache.User");
    assertThatThrownBy(() -> users.getAll(List.of(4L)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("for id 4");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void putOfNullOrWrongType_isRejected() {
    EntityCache raw = byName;
    assertThatThrownBy(() -> raw.put("a", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("User: value for id a must not be null");
    assertThatThrownBy(() -> raw.put("a", 42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "User: value for id a is a java.lang.Integer, expected a dev.evergreen.cache.User");
  }

  @Test
  void refreshAfterNotShorterThanExpireAfter_failsNamingEntityAndBoth() {
    assertThatThrownBy(
            () ->
                evergreen
                    .entity(User.class)
                    .name("Slow")
                    .refreshAfter(Duration.ofHours(2))
                    .expireAfter(Duration.ofHours(1))
                    .build(id -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Slow: refreshAfter (PT2H) must be shorter than expireAfter (PT1H)");
  }

  @Test
  void nonPositiveDurationsAndSizes_failAtOnceNamingTheSetting() {
    assertThatThrownBy(() -> evergreen.entity(User.class).refreshAfter(Duration.ZERO))
        .hasMessage("refreshAfter must be positive, was PT0S");
    assertThatThrownBy(() -> evergreen.entity(User.class).negativeTtl(Duration.ofSeconds(-1)))
        .hasMessage("negativeTtl must not be negative, was PT-1S");
    assertThatThrownBy(() -> Evergreen.builder().refreshThreads(0))
        .hasMessage("refreshThreads must be positive, was 0");
    assertThatThrownBy(() -> InMemoryStore.create(0))
        .hasMessage("maximumSizePerEntity must be positive, was 0");
  }

  @Test
  void badNames_areRejected() {
    assertThatThrownBy(() -> Evergreen.builder().namespace("a:b"))
        .hasMessage("namespace 'a:b' must not contain ':' or whitespace");
    assertThatThrownBy(() -> Evergreen.builder().namespace("shop\uD800"))
        .hasMessage(
            "namespace 'shop\\uD800' contains the unpaired surrogate U+D800, which UTF-8 cannot"
                + " encode exactly");
    assertThatThrownBy(() -> evergreen.entity(User.class).name(""))
        .hasMessage("entity name must not be empty");
  }

  @Test
  void sameEntityNameTwice_isRejected() {
    assertThatThrownBy(() -> evergreen.entity(User.class).build(id -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an entity cache named 'User' already exists in this Evergreen");
  }

  @Test
  void mapperWithDefaultTyping_isRefused() {
    JsonMapper unsafe =
        JsonMapper.builder()
            .activateDefaultTyping(
                BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build(),
                DefaultTyping.NON_FINAL)
            .build();
    assertThatThrownBy(() -> Evergreen.builder().objectMapper(unsafe))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default typing");
  }

  @Test
  void entityAfterClose_isRefused() {
    evergreen.close();
    assertThatThrownBy(() -> evergreen.entity(User.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this Evergreen is closed");
  }
}
