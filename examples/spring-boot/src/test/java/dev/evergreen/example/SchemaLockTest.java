package dev.evergreen.example;

import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.schemalock.SchemaLock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Every entity the application caches (the starter registers each annotated repository method's
 * entity at startup), checked against {@code evergreen-schemas.lock}.
 */
@SpringBootTest
final class SchemaLockTest {
  @Autowired Evergreen evergreen;

  @Test
  void cachedEntitiesMatchTheLockFile() {
    SchemaLock.at(Path.of("evergreen-schemas.lock")).verify(evergreen);
  }
}
