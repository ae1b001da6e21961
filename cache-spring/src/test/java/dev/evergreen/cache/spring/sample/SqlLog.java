package dev.evergreen.cache.spring.sample;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/** Records every SQL statement the application prepares, so tests count real queries. */
@Component
public class SqlLog implements BeanPostProcessor {
  private final List<String> statements = new CopyOnWriteArrayList<>();

  /** SELECTs on the customer table since the last {@link #clear()}. */
  public List<String> selects() {
    return selectsFrom("customer");
  }

  /** SELECTs that name {@code table} since the last {@link #clear()}. */
  public List<String> selectsFrom(String table) {
    return statements.stream()
        .filter(sql -> sql.trim().toUpperCase().startsWith("SELECT"))
        .filter(sql -> sql.toUpperCase().contains(table.toUpperCase()))
        .toList();
  }

  public void clear() {
    statements.clear();
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String name) {
    if (!(bean instanceof DataSource dataSource)) {
      return bean;
    }
    return new DelegatingDataSource(dataSource) {
      @Override
      public Connection getConnection() throws java.sql.SQLException {
        return recording(super.getConnection());
      }
    };
  }

  private Connection recording(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("prepare")
                  && args != null
                  && args[0] instanceof String sql) {
                statements.add(sql);
              }
              try {
                return method.invoke(connection, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
