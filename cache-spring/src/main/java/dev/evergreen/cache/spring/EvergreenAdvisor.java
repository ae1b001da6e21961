package dev.evergreen.cache.spring;

import java.lang.reflect.Method;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Applies {@link EvergreenInterceptor} to methods that carry {@link CacheRead} or {@link
 * CacheWrite}.
 */
final class EvergreenAdvisor extends AbstractPointcutAdvisor {
  private static final long serialVersionUID = 1L;

  private final transient CacheOperationSource operations;
  private final transient EvergreenInterceptor interceptor;

  EvergreenAdvisor(CacheOperationSource operations, EvergreenInterceptor interceptor) {
    this.operations = operations;
    this.interceptor = interceptor;
  }

  @Override
  public Pointcut getPointcut() {
    return new StaticMethodMatcherPointcut() {
      @Override
      public boolean matches(Method method, Class<?> targetClass) {
        // Parsing here, at proxy creation, makes a misused annotation fail startup.
        return operations.operationFor(method, targetClass) != null;
      }
    };
  }

  @Override
  public Advice getAdvice() {
    return interceptor;
  }
}
