package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.spring.jpa.Book;
import dev.evergreen.cache.spring.jpa.BookRepository;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.CrudRepository;

/**
 * javac gives a repository that overrides {@code findById(ID)} a synthetic bridge {@code
 * findById(Object)} and copies the annotation onto it; the JVM lists the two in no fixed order.
 * Whichever is parsed first, and through whichever it is invoked, the operation is the one of the
 * real method.
 */
final class BridgeMethodTest {
  private static final Method REAL = method(false);
  private static final Method BRIDGE = method(true);

  private static Method method(boolean bridge) {
    return Arrays.stream(BookRepository.class.getDeclaredMethods())
        .filter(m -> m.getName().equals("findById") && m.isBridge() == bridge)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + (bridge ? "bridge" : "real") + " findById"));
  }

  @Test
  void javacReallyAddsAnAnnotatedBridge() {
    assertThat(BRIDGE.getParameterTypes()).containsExactly(Object.class);
    assertThat(BRIDGE.isAnnotationPresent(CacheRead.class)).isTrue();
  }

  @Test
  void bridgeThenRealMethod_orRealThenBridge_parseToTheSameOperation() {
    for (List<Method> order : List.of(List.of(BRIDGE, REAL), List.of(REAL, BRIDGE))) {
      CacheOperationSource source = new CacheOperationSource();
      CacheOperation first = source.operationFor(order.get(0), BookRepository.class);
      CacheOperation second = source.operationFor(order.get(1), BookRepository.class);

      assertThat(first).isEqualTo(second);
      assertThat(first).isInstanceOf(CacheOperation.Read.class);
      assertThat(first.entity()).isEqualTo(Book.class);
      assertThat(((CacheOperation.Read) first).idType()).isEqualTo(Long.class);
    }
  }

  @Test
  void invokedThroughTheGenericCrudRepositoryMethod_findsTheRepositorysAnnotation()
      throws Exception {
    Method generic = CrudRepository.class.getMethod("findById", Object.class);

    CacheOperation operation =
        new CacheOperationSource().operationFor(generic, BookRepository.class);

    assertThat(operation).isInstanceOf(CacheOperation.Read.class);
    assertThat(operation.entity()).isEqualTo(Book.class);
  }

  @Test
  void startupScan_skipsBridges() {
    assertThat(EvergreenRegistrar.annotatedMethods(BookRepository.class).values())
        .noneMatch(Method::isBridge)
        .contains(REAL);
  }
}
