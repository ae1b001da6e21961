package dev.evergreen.cache.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test methods, constructors and lifecycle methods a real {@link RedisServer} or {@link
 * RedisCluster} parameter. One of each is started per test class, on first use, and stopped after
 * the class, also when a test failed.
 *
 * <pre>{@code
 * @ExtendWith(RedisExtension.class)
 * final class MyIntegrationTest {
 *   @Test
 *   void works(RedisServer redis) { ... redis.uri() ... }
 * }
 * }</pre>
 *
 * Tests that kill or pause a server start their own with {@link RedisServer#startLocal} in a
 * try-with-resources block, so one test's faults never reach another.
 */
public final class RedisExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == RedisServer.class || type == RedisCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    Class<?> type = parameter.getParameter().getType();
    ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
    // Values that are AutoCloseable are closed when the class's context closes.
    if (type == RedisServer.class) {
      return store.computeIfAbsent(
          RedisServer.class, key -> RedisServer.start(), RedisServer.class);
    }
    return store.computeIfAbsent(
        RedisCluster.class, key -> RedisCluster.start(), RedisCluster.class);
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestClass().isPresent()
        && current.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }
}
