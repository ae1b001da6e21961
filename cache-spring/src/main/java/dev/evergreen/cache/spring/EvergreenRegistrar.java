package dev.evergreen.cache.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * At the end of startup, finds every {@link CacheRead} and {@link CacheWrite} method of every
 * singleton bean (repositories nothing injects included), parses it, and registers its entity
 * cache, so that a misused annotation fails startup and every entity, with its schema hash, is
 * known before the first request (the Actuator endpoint lists them).
 */
final class EvergreenRegistrar implements SmartInitializingSingleton, BeanFactoryAware {
  private final CacheOperationSource operations;
  private final ObjectProvider<EntityBindings> bindings;
  private @Nullable ConfigurableListableBeanFactory beans;

  EvergreenRegistrar(CacheOperationSource operations, ObjectProvider<EntityBindings> bindings) {
    this.operations = operations;
    this.bindings = bindings;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beans = (ConfigurableListableBeanFactory) beanFactory;
  }

  @Override
  public void afterSingletonsInstantiated() {
    ConfigurableListableBeanFactory factory = java.util.Objects.requireNonNull(beans, "beans");
    List<EntityBindings.Found> found = new ArrayList<>();
    for (String name : factory.getBeanDefinitionNames()) {
      BeanDefinition definition = factory.getMergedBeanDefinition(name);
      if (definition.isAbstract()
          || !definition.isSingleton()
          || definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE) {
        continue;
      }
      Class<?> type = factory.getType(name, false);
      if (type == null) {
        continue;
      }
      Map<String, Method> annotated = annotatedMethods(ClassUtils.getUserClass(type));
      if (annotated.isEmpty()) {
        continue;
      }
      Object bean = factory.getBean(name);
      Class<?> lookup =
          AopUtils.isJdkDynamicProxy(bean) ? bean.getClass() : AopUtils.getTargetClass(bean);
      SpringDataRepositories.Types repository =
          SpringDataRepositories.PRESENT ? SpringDataRepositories.typesOf(type) : null;
      for (Method method : annotated.values()) {
        CacheOperation operation = operations.operationFor(method, lookup);
        if (operation != null) {
          found.add(new EntityBindings.Found(name, bean, method, operation, repository));
        }
      }
    }
    Function<Class<?>, @Nullable IdAccessor> repositoryIds = domain -> null;
    if (SpringDataRepositories.PRESENT) {
      SpringDataRepositories repositories = new SpringDataRepositories(factory);
      repositoryIds = repositories::idsOf;
    }
    bindings.getObject().register(found, repositoryIds);
  }

  /**
   * The annotated methods a bean of {@code type} offers, by signature: its own and its interfaces'
   * (a repository's are all on interfaces), never synthetic bridges.
   */
  static Map<String, Method> annotatedMethods(Class<?> type) {
    Set<Class<?>> types = new LinkedHashSet<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      types.add(c);
    }
    types.addAll(ClassUtils.getAllInterfacesForClassAsSet(type));
    Map<String, Method> methods = new LinkedHashMap<>();
    for (Class<?> declaring : types) {
      for (Method method : declaring.getDeclaredMethods()) {
        if (method.isBridge()
            || method.isSynthetic()
            || Modifier.isStatic(method.getModifiers())
            || !CacheOperationSource.isAnnotated(method)) {
          continue;
        }
        String signature = method.getName() + java.util.Arrays.toString(method.getParameterTypes());
        methods.putIfAbsent(signature, method);
      }
    }
    return methods;
  }
}
