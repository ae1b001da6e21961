package dev.evergreen.demo;

import dev.evergreen.cache.schemalock.SchemaLock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The demo's cached entity, locked: changing {@code Demo.User}'s fields fails this test until
 * {@code evergreen-schemas.lock} is regenerated ({@code -Devergreen.schemas.update=true}), so the
 * change shows in review as "the next deploy starts User's cache cold".
 */
final class SchemaLockTest {
  @Test
  void cachedEntitiesMatchTheLockFile() {
    SchemaLock.at(Path.of("evergreen-schemas.lock")).verify(Demo.User.class);
  }
}
