package dev.evergreen.cache.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster of three masters (no replicas) on free loopback ports, each a local {@code
 * redis-server} process, its 16,384 slots split by {@code redis-cli --cluster create}.
 */
public final class RedisCluster implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServer> masters;

  private RedisCluster(List<RedisServer> masters) {
    this.masters = masters;
  }

  /** Starts three masters and joins them into one cluster; returns once every node says ok. */
  public static RedisCluster start() {
    List<RedisServer> masters = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        masters.add(
            RedisServer.startLocal(
                List.of(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "2000")));
      }
      List<String> create =
          new ArrayList<>(List.of(RedisBinaries.cliBinary(), "--cluster", "create"));
      for (RedisServer master : masters) {
        create.add(master.host() + ":" + master.port());
      }
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      Process cli = new ProcessBuilder(create).redirectErrorStream(true).start();
      String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!cli.waitFor(30, TimeUnit.SECONDS) || cli.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
      }
      RedisCluster cluster = new RedisCluster(List.copyOf(masters));
      cluster.awaitReady();
      return cluster;
    } catch (IOException | RuntimeException e) {
      masters.forEach(RedisServer::close);
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    } catch (InterruptedException e) {
      masters.forEach(RedisServer::close);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the cluster", e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    for (RedisServer master : masters) {
      while (!master.command("CLUSTER INFO").contains("cluster_state:ok")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cluster did not reach cluster_state:ok: " + masters);
        }
        RedisServer.sleepBriefly();
      }
    }
  }

  public List<RedisServer> masters() {
    return masters;
  }

  /** {@code redis://host:port} of the first master; clients discover the others from it. */
  public String uri() {
    return masters.get(0).uri();
  }

  @Override
  public void close() {
    masters.forEach(RedisServer::close);
  }

  @Override
  public String toString() {
    return "RedisCluster" + masters;
  }
}
